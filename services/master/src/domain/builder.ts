/** What a template build needs, and the contract every builder (simulated or real) keeps. */

/**
 * One step of an E2B build spec, as E2B's SDK sends it: `RUN [command, user?]`,
 * `COPY [src, dest, user?, mode?]` with the hash of the uploaded file set, `ENV [k, v, …]`,
 * `WORKDIR [path]`, `USER [name]`.
 */
export interface BuildStep {
  type: string;
  args: string[];
  filesHash?: string;
  force?: boolean;
}

/**
 * The step types a build spec may hold (E2B's SDK sends no others) and the arguments each
 * cannot do without: the API refuses a spec that lacks them, and the builder checks again
 * what it reads back.
 */
export const STEP_ARGS: Readonly<Record<string, { count: number; what: string }>> = {
  RUN: { count: 1, what: "a command" },
  COPY: { count: 2, what: "a source and a destination" },
  ENV: { count: 2, what: "KEY value pairs" },
  WORKDIR: { count: 1, what: "a path" },
  USER: { count: 1, what: "a user name" },
};

/** What is wrong with a known step's arguments (`step 2: COPY needs …`), or null. */
export function stepArgsProblem(type: string, args: readonly string[], n: number): string | null {
  const rule = STEP_ARGS[type];
  if (!rule) return null;
  const missing = args.length < rule.count || args.slice(0, rule.count).some((a) => a.trim() === "");
  return missing || (type === "ENV" && args.length % 2 !== 0) ? `step ${n}: ${type} needs ${rule.what}` : null;
}

/** E2B's build spec (`POST /v2/templates/{id}/builds/{buildID}`), with its base resolved. */
export interface BuildSpec {
  /** The base: an image, or another template's ready build (resolved when the build was started). */
  fromImage?: string;
  fromTemplate?: { ref: string; templateId: string; buildId: string; image: string };
  steps: BuildStep[];
  startCmd?: string;
  readyCmd?: string;
  force?: boolean;
}

export interface BuildJob {
  buildId: string;
  templateId: string;
  /** The template's team: file sets are kept per team. */
  teamId: string;
  image: string;
  cpuCount: number;
  memoryMB: number;
  /** The phase the build was in when it was interrupted; the builder resumes there. */
  resumeFrom: string | null;
  /** E2B's build spec; null for a Cubicle build (`POST /templates`, a rebuild), which builds `image` alone. */
  spec: BuildSpec | null;
}

/** One entry of an uploaded file set, as the archive holds it. */
export interface FileSetEntry {
  path: string;
  type: "file" | "directory" | "symlink" | "other";
  /** Bytes (0 for anything but a file). */
  size: number;
}

/** What a builder may read of the files uploaded for a build (`GET /templates/{id}/files/{hash}`). */
export interface FileSets {
  /** The entries of the team's file set `hash`; null when it was never uploaded. Throws when it is there but unreadable. */
  list(teamId: string, hash: string): Promise<FileSetEntry[] | null>;
}

/**
 * Phases of a spec build are named by E2B's step ids, which its SDK maps back to the line of
 * code that declared the step: `base`, then `1`, `2`, … for the steps, then `finalize`.
 */
export interface BuildProgress {
  /** Records that the build entered a phase. Rejects if this master no longer owns the build. */
  phase(name: string, message: string): Promise<void>;
  log(message: string): Promise<void>;
}

/** What a finished build made, as its template (and every sandbox started from it) reports. */
export interface BuildArtifact {
  /** The root filesystem's size. */
  diskSizeMB: number;
  /** The envd version installed in it (E2B's SDK checks it). */
  envdVersion: string;
}

export interface Builder {
  readonly phases: readonly string[];
  /** Resolves with what it made when the image is built; throws `BuildFailedError` when it cannot be. Honors `signal`. */
  build(job: BuildJob, progress: BuildProgress, signal: AbortSignal): Promise<BuildArtifact>;
}

/** The build itself failed (bad image, failing step): final, the build is marked failed. */
export class BuildFailedError extends Error {
  /** The phase it failed in is the build's recorded phase: the last one `progress.phase` entered. */
  constructor(readonly reason: string) {
    super(reason);
    this.name = "BuildFailedError";
  }
}

/** `alpine:3.20` → `3.20`; no tag → `latest`. Registry ports and digests are not tags. */
export function imageTag(image: string): string {
  const withoutDigest = image.split("@")[0]!;
  const lastSegment = withoutDigest.slice(withoutDigest.lastIndexOf("/") + 1);
  const colon = lastSegment.indexOf(":");
  return colon === -1 ? "latest" : lastSegment.slice(colon + 1);
}
