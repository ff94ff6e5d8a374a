import { setTimeout as sleep } from "node:timers/promises";
import {
  BuildFailedError,
  imageTag,
  stepArgsProblem,
  type BuildArtifact,
  type Builder,
  type BuildJob,
  type BuildProgress,
  type BuildSpec,
  type FileSetEntry,
  type FileSets,
} from "./builder.js";

/**
 * A builder that builds nothing: it walks the phases a real build goes through, with a
 * configurable pause in each, so the API, the build runner and E2B's SDK can be exercised
 * end to end without a container runtime. A Cubicle build (an image alone) goes through
 * pulling, building, distributing; an E2B build spec goes through `base`, one phase per
 * step and `finalize`, logging what each step would do. Failures are made on purpose: an
 * image tagged `fail`, a `RUN` that is `exit N` (N ≠ 0) or `false`, a `COPY` of files that
 * were never uploaded.
 */

/** The tag that makes the simulated builder fail, so failure paths can be exercised. */
export const FAILING_TAG = "fail";

const PHASES = [
  { name: "pulling", message: (image: string) => `pulling ${image}` },
  { name: "building", message: () => "building the root filesystem" },
  { name: "distributing", message: () => "distributing the snapshot to nodes" },
] as const;

/** What every simulated build makes: a root filesystem of the configured size with this envd. */
export const SIMULATED_ENVD_VERSION = "0.2.0";

/** At most this many entries of a copied file set are logged one by one. */
const COPY_LOG_LINES = 50;

export interface SimulatedBuilderOptions {
  phaseDelayMs: number;
  diskSizeMB?: number;
  /** Where `COPY` steps find their uploaded files; without it every `COPY` fails. */
  fileSets?: FileSets;
}

/** The phases of a spec build, in order: `base`, `1` … `n` (one per step), `finalize`. */
export function specPhases(spec: BuildSpec): string[] {
  return ["base", ...stepsOf(spec).map((_, i) => String(i + 1)), "finalize"];
}

const stepsOf = (spec: BuildSpec): unknown[] => (Array.isArray(spec.steps) ? spec.steps : []);

/** One phase of a spec build: recorded with its message, then run after the pause. */
interface SpecPhase {
  name: string;
  message: string;
  run(log: (message: string) => Promise<void>): Promise<void>;
}

const failing = (reason: string) => async () => {
  throw new BuildFailedError(reason);
};

function basePhase(spec: BuildSpec): SpecPhase {
  const from = spec.fromTemplate;
  if (from && typeof from.ref === "string") {
    return { name: "base", message: `from template ${from.ref} (${from.templateId}, build ${from.buildId})`, run: async () => {} };
  }
  const image = spec.fromImage;
  if (typeof image !== "string" || image === "") {
    return { name: "base", message: "base", run: failing("the build spec names no base: it needs fromImage or fromTemplate") };
  }
  const fails = imageTag(image) === FAILING_TAG;
  return {
    name: "base",
    message: `pulling ${image}`,
    run: fails ? failing(`pulling ${image} failed: the simulated builder always fails images tagged '${FAILING_TAG}'`) : async () => {},
  };
}

/** The exit code of a `RUN` command as this builder plays it: `exit N` or `false` as the last `&&`-joined part fail. */
export function simulatedExitCode(command: string): number {
  const last = command.split("&&").at(-1)!.trim();
  if (last === "false") return 1;
  const exit = /^exit\s+(\d{1,3})$/.exec(last);
  return exit ? Number(exit[1]) % 256 : 0;
}

function stepPhase(raw: unknown, n: number, job: BuildJob, fileSets: FileSets | undefined): SpecPhase {
  const name = String(n);
  const step = (typeof raw === "object" && raw !== null ? raw : {}) as { type?: unknown; args?: unknown; filesHash?: unknown };
  const type = typeof step.type === "string" ? step.type.trim().toUpperCase() : "";
  if (!type) return { name, message: `step ${n}`, run: failing(`step ${n}: the step has no type`) };
  const args = Array.isArray(step.args) ? (step.args as unknown[]) : [];
  if (args.some((a) => typeof a !== "string")) return { name, message: type, run: failing(`step ${n}: ${type} arguments must be strings`) };
  const strings = args as string[];
  const problem = stepArgsProblem(type, strings, n);
  if (problem) return { name, message: type, run: failing(problem) };
  const [first = "", second = ""] = strings;

  switch (type) {
    case "RUN": {
      const code = simulatedExitCode(first);
      return {
        name,
        message: `RUN ${first}${second ? ` (as ${second})` : ""}`,
        run: code === 0 ? async () => {} : failing(`step ${n}: RUN ${first} exited with code ${code}`),
      };
    }
    case "COPY":
      return { name, message: `COPY ${first} ${second}`, run: (log) => copy(n, first, second, step.filesHash, job, fileSets, log) };
    case "ENV":
      return {
        name,
        message: `ENV ${strings.join(" ")}`,
        run: async (log) => {
          for (let i = 0; i < strings.length; i += 2) await log(`${strings[i]}=${strings[i + 1]}`);
        },
      };
    case "WORKDIR":
    case "USER":
      return { name, message: `${type} ${first}`, run: (log) => log(first) };
    default: {
      const line = `${type} ${strings.join(" ")}`.trimEnd();
      return { name, message: line, run: (log) => log(line) };
    }
  }
}

async function copy(
  n: number,
  src: string,
  dest: string,
  filesHash: unknown,
  job: BuildJob,
  fileSets: FileSets | undefined,
  log: (message: string) => Promise<void>,
): Promise<void> {
  const what = `step ${n}: COPY ${src}`;
  if (typeof filesHash !== "string" || filesHash === "") throw new BuildFailedError(`${what}: the step has no files hash`);
  if (!fileSets) throw new BuildFailedError(`${what}: this builder was given no uploaded files to read`);
  const short = `hash ${filesHash.slice(0, 12)}…`;
  let entries: FileSetEntry[] | null;
  try {
    entries = await fileSets.list(job.teamId, filesHash);
  } catch (err) {
    throw new BuildFailedError(`${what}: the uploaded files (${short}) cannot be read: ${(err as Error).message}`);
  }
  if (!entries) throw new BuildFailedError(`${what}: the files (${short}) were never uploaded`);
  let files = 0;
  let directories = 0;
  let bytes = 0;
  for (const [i, entry] of entries.entries()) {
    if (entry.type === "file") {
      files++;
      bytes += entry.size;
    } else if (entry.type === "directory") {
      directories++;
    }
    if (i < COPY_LOG_LINES) await log(`  ${entry.path} (${entry.type === "file" ? `${entry.size} bytes` : entry.type})`);
  }
  if (entries.length > COPY_LOG_LINES) await log(`  … and ${entries.length - COPY_LOG_LINES} more`);
  const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  await log(`copied ${plural(files, "file", "files")}, ${plural(directories, "directory", "directories")} (${plural(bytes, "byte", "bytes")}) to ${dest}`);
}

function finalizePhase(spec: BuildSpec, artifact: BuildArtifact): SpecPhase {
  return {
    name: "finalize",
    message: "finalizing the template",
    run: async (log) => {
      if (typeof spec.startCmd === "string" && spec.startCmd) await log(`start command: ${spec.startCmd}`);
      if (typeof spec.readyCmd === "string" && spec.readyCmd) await log(`ready command: ${spec.readyCmd}`);
      await log(rootfsLine(artifact));
    },
  };
}

const rootfsLine = (artifact: BuildArtifact) => `root filesystem: ${artifact.diskSizeMB} MiB, envd ${artifact.envdVersion}`;

/** Walks `phases` from the one named `resumeFrom` (from the first when it names none of them). */
async function walk(
  phases: readonly { name: string }[],
  resumeFrom: string | null,
  progress: BuildProgress,
  each: (index: number) => Promise<void>,
): Promise<void> {
  const start = Math.max(0, phases.findIndex((p) => p.name === resumeFrom));
  if (resumeFrom) await progress.log(`resuming in phase ${phases[start]!.name}`);
  for (let i = start; i < phases.length; i++) await each(i);
}

export function createSimulatedBuilder(options: SimulatedBuilderOptions): Builder {
  const artifact: BuildArtifact = { diskSizeMB: options.diskSizeMB ?? 1024, envdVersion: SIMULATED_ENVD_VERSION };

  async function buildImage(job: BuildJob, progress: BuildProgress, signal: AbortSignal): Promise<BuildArtifact> {
    await walk(PHASES, job.resumeFrom, progress, async (i) => {
      const phase = PHASES[i]!;
      signal.throwIfAborted();
      await progress.phase(phase.name, phase.message(job.image));
      await sleep(options.phaseDelayMs, undefined, { signal });
      if (phase.name === "building" && imageTag(job.image) === FAILING_TAG) {
        throw new BuildFailedError(`building ${job.image} failed: the simulated builder always fails images tagged '${FAILING_TAG}'`);
      }
    });
    await progress.log(rootfsLine(artifact));
    return { ...artifact };
  }

  async function buildSpec(job: BuildJob, spec: BuildSpec, progress: BuildProgress, signal: AbortSignal): Promise<BuildArtifact> {
    const phases: SpecPhase[] = [
      basePhase(spec),
      ...stepsOf(spec).map((step, i) => stepPhase(step, i + 1, job, options.fileSets)),
      finalizePhase(spec, artifact),
    ];
    const log = (message: string) => progress.log(message);
    await walk(phases, job.resumeFrom, progress, async (i) => {
      const phase = phases[i]!;
      signal.throwIfAborted();
      await progress.phase(phase.name, phase.message);
      await sleep(options.phaseDelayMs, undefined, { signal });
      await phase.run(log);
    });
    return { ...artifact };
  }

  return {
    phases: PHASES.map((p) => p.name),
    build(job, progress, signal) {
      return job.spec ? buildSpec(job, job.spec, progress, signal) : buildImage(job, progress, signal);
    },
  };
}
