import { describe, expect, test } from "@jest/globals";
import { recordingProgress } from "../../test/recording-progress.js";
import { BuildFailedError, type BuildJob, type BuildSpec, type FileSetEntry, type FileSets } from "./builder.js";
import { createSimulatedBuilder, simulatedExitCode, specPhases } from "./simulated-builder.js";

// The simulated builder walking E2B build specs: `base`, one phase per step, `finalize`.

const TEAM = "0b7c2f3e-1d4a-4c8e-9f00-123456789abc";
const HASH = "ab".repeat(32);
const MISSING = "cd".repeat(32);

/** File sets of one team: HASH holds a small tree, anything else was never uploaded. */
function fakeFileSets(entries: FileSetEntry[]): FileSets & { asked: [string, string][] } {
  const asked: [string, string][] = [];
  return {
    asked,
    async list(teamId, hash) {
      asked.push([teamId, hash]);
      return teamId === TEAM && hash === HASH ? entries : null;
    },
  };
}

const TREE: FileSetEntry[] = [
  { path: "app/", type: "directory", size: 0 },
  { path: "app/main.py", type: "file", size: 12 },
  { path: "app/lib/", type: "directory", size: 0 },
  { path: "app/lib/util.py", type: "file", size: 2000 },
  { path: "app/link", type: "symlink", size: 0 },
];

function specJob(spec: Partial<BuildSpec>, overrides: Partial<BuildJob> = {}): BuildJob {
  return {
    buildId: "00000000-0000-4000-8000-000000000001",
    templateId: "tpl-0123456789abcdef01234567",
    teamId: TEAM,
    image: "python:3.12",
    cpuCount: 2,
    memoryMB: 512,
    resumeFrom: null,
    spec: { fromImage: "python:3.12", steps: [], ...spec },
    ...overrides,
  };
}

const builder = createSimulatedBuilder({ phaseDelayMs: 0, fileSets: fakeFileSets(TREE) });
const run = (job: BuildJob, progress = recordingProgress(), signal = new AbortController().signal) => builder.build(job, progress, signal);

const STEPS: BuildSpec["steps"] = [
  { type: "RUN", args: ["pip install flask", "root"] },
  { type: "COPY", args: ["app", "/home/user/app"], filesHash: HASH },
  { type: "ENV", args: ["PORT", "8080", "MODE", "prod"] },
  { type: "WORKDIR", args: ["/home/user/app"] },
  { type: "USER", args: ["user"] },
];

describe("the simulated builder with an E2B build spec", () => {
  test("specPhases names base, one phase per step and finalize; the static phases stay the image build's", () => {
    expect(specPhases({ fromImage: "python:3.12", steps: STEPS })).toEqual(["base", "1", "2", "3", "4", "5", "finalize"]);
    expect(specPhases({ fromImage: "python:3.12", steps: [] })).toEqual(["base", "finalize"]);
    expect(builder.phases).toEqual(["pulling", "building", "distributing"]);
  });

  test("a spec goes through base, its steps and finalize in order, logging what each does, and resolves with the artifact", async () => {
    const progress = recordingProgress();
    const spec = { steps: STEPS, startCmd: "python main.py", readyCmd: "curl -s localhost:8080" };
    await expect(run(specJob(spec), progress)).resolves.toEqual({ diskSizeMB: 1024, envdVersion: "0.2.0" });
    expect(progress.phases()).toEqual(specPhases({ ...spec, fromImage: "python:3.12" }));
    expect(progress.calls.filter((c) => c.kind === "phase").map((c) => c.message)).toEqual([
      "pulling python:3.12",
      "RUN pip install flask (as root)",
      "COPY app /home/user/app",
      "ENV PORT 8080 MODE prod",
      "WORKDIR /home/user/app",
      "USER user",
      "finalizing the template",
    ]);
    expect(progress.logs()).toEqual(expect.arrayContaining(["PORT=8080", "MODE=prod", "/home/user/app", "user"]));
    expect(progress.logs().slice(-3)).toEqual(["start command: python main.py", "ready command: curl -s localhost:8080", "root filesystem: 1024 MiB, envd 0.2.0"]);
  });

  test("a base template is named with its id and build", async () => {
    const progress = recordingProgress();
    const fromTemplate = { ref: "team/base", templateId: "tpl-base", buildId: "00000000-0000-4000-8000-0000000000aa", image: "alpine:3.20" };
    await run(specJob({ fromImage: undefined, fromTemplate }), progress);
    expect(progress.calls[0]).toEqual({ kind: "phase", name: "base", message: "from template team/base (tpl-base, build 00000000-0000-4000-8000-0000000000aa)" });
  });

  test("a base image tagged 'fail' fails in base, naming the image and the rule", async () => {
    const progress = recordingProgress();
    const failure = run(specJob({ fromImage: "alpine:fail", steps: STEPS }), progress);
    await expect(failure).rejects.toBeInstanceOf(BuildFailedError);
    await expect(failure).rejects.toThrow(/alpine:fail.*tagged 'fail'/);
    expect(progress.phases()).toEqual(["base"]);
  });

  test("RUN exit 1 fails in its step, which is the last phase recorded", async () => {
    const progress = recordingProgress();
    const steps = [{ type: "RUN", args: ["echo one"] }, { type: "RUN", args: ["exit 1"] }, { type: "RUN", args: ["echo never"] }];
    await expect(run(specJob({ steps }), progress)).rejects.toThrow(new BuildFailedError("step 2: RUN exit 1 exited with code 1"));
    expect(progress.phases()).toEqual(["base", "1", "2"]);
  });

  test("RUN false fails with code 1", async () => {
    await expect(run(specJob({ steps: [{ type: "RUN", args: ["false"] }] }))).rejects.toThrow("step 1: RUN false exited with code 1");
  });

  test("an exit N that ends a list of commands joined with && fails with code N", async () => {
    await expect(run(specJob({ steps: [{ type: "RUN", args: ["echo hi && exit 2"] }] }))).rejects.toThrow(
      "step 1: RUN echo hi && exit 2 exited with code 2",
    );
  });

  test.each([["exit 0"], ["  exit 0  "], ["echo hi && exit 0"], ["echo exit 1"], ["exit 1 || true"], ["falsehood"]])("RUN '%s' succeeds", async (command) => {
    await expect(run(specJob({ steps: [{ type: "RUN", args: [command] }] }))).resolves.toBeDefined();
  });

  test("simulatedExitCode plays exit codes as a shell would report them", () => {
    expect(simulatedExitCode(" exit 3 ")).toBe(3);
    expect(simulatedExitCode("exit 256")).toBe(0);
    expect(simulatedExitCode("a && false")).toBe(1);
  });

  test("COPY logs each entry (files with their sizes) and a summary, reading the job's team's file set", async () => {
    const fileSets = fakeFileSets(TREE);
    const progress = recordingProgress();
    const steps = [{ type: "COPY", args: ["app", "/home/user/app"], filesHash: HASH }];
    await createSimulatedBuilder({ phaseDelayMs: 0, fileSets }).build(specJob({ steps }), progress, new AbortController().signal);
    expect(fileSets.asked).toEqual([[TEAM, HASH]]);
    expect(progress.logs()).toEqual([
      "  app/ (directory)",
      "  app/main.py (12 bytes)",
      "  app/lib/ (directory)",
      "  app/lib/util.py (2000 bytes)",
      "  app/link (symlink)",
      "copied 2 files, 2 directories (2012 bytes) to /home/user/app",
      "root filesystem: 1024 MiB, envd 0.2.0",
    ]);
  });

  test("COPY of many files logs the first 50 and how many more", async () => {
    const many = Array.from({ length: 120 }, (_, i): FileSetEntry => ({ path: `f${i}`, type: "file", size: 1 }));
    const progress = recordingProgress();
    const steps = [{ type: "COPY", args: [".", "/app"], filesHash: HASH }];
    await createSimulatedBuilder({ phaseDelayMs: 0, fileSets: fakeFileSets(many) }).build(specJob({ steps }), progress, new AbortController().signal);
    const logs = progress.logs();
    expect(logs.filter((l) => l.startsWith("  f"))).toHaveLength(50);
    expect(logs).toContain("  … and 70 more");
    expect(logs).toContain("copied 120 files, 0 directories (120 bytes) to /app");
  });

  test("COPY of a hash never uploaded fails in its step", async () => {
    const progress = recordingProgress();
    const steps = [{ type: "COPY", args: ["app", "/app"], filesHash: MISSING }];
    await expect(run(specJob({ steps }), progress)).rejects.toThrow(`step 1: COPY app: the files (hash ${MISSING.slice(0, 12)}…) were never uploaded`);
    expect(progress.phases()).toEqual(["base", "1"]);
  });

  test("COPY of an unreadable file set fails with the reason", async () => {
    const broken: FileSets = { list: async () => Promise.reject(new Error("not a readable tar or tar.gz archive: checksum failure")) };
    const steps = [{ type: "COPY", args: ["app", "/app"], filesHash: HASH }];
    const build = createSimulatedBuilder({ phaseDelayMs: 0, fileSets: broken }).build(specJob({ steps }), recordingProgress(), new AbortController().signal);
    await expect(build).rejects.toBeInstanceOf(BuildFailedError);
    await expect(build).rejects.toThrow(/step 1: COPY app: the uploaded files \(hash abababababab…\) cannot be read: .*checksum failure/);
  });

  test("COPY without a files hash, or with a builder that has no file sets, fails clearly", async () => {
    await expect(run(specJob({ steps: [{ type: "COPY", args: ["app", "/app"] }] }))).rejects.toThrow("step 1: COPY app: the step has no files hash");
    const bare = createSimulatedBuilder({ phaseDelayMs: 0 });
    const steps = [{ type: "COPY", args: ["app", "/app"], filesHash: HASH }];
    await expect(bare.build(specJob({ steps }), recordingProgress(), new AbortController().signal)).rejects.toBeInstanceOf(BuildFailedError);
  });

  test.each([
    ["RUN without args", { type: "RUN" }, "step 1: RUN needs a command"],
    ["RUN with an empty command", { type: "RUN", args: ["  "] }, "step 1: RUN needs a command"],
    ["COPY without a destination", { type: "COPY", args: ["app"], filesHash: HASH }, "step 1: COPY needs a source and a destination"],
    ["ENV with an odd number of args", { type: "ENV", args: ["A", "1", "B"] }, "step 1: ENV needs KEY value pairs"],
    ["WORKDIR with args that are not strings", { type: "WORKDIR", args: [42] }, "step 1: WORKDIR arguments must be strings"],
    ["a step without a type", { args: ["x"] }, "step 1: the step has no type"],
    ["a step that is not an object", null, "step 1: the step has no type"],
  ])("%s fails the build in its step with a clear message", async (_what, step, reason) => {
    const progress = recordingProgress();
    await expect(run(specJob({ steps: [step as never] }), progress)).rejects.toThrow(new BuildFailedError(reason));
    expect(progress.phases()).toEqual(["base", "1"]);
  });

  test("an unknown step type is logged, not failed", async () => {
    const progress = recordingProgress();
    await run(specJob({ steps: [{ type: "HEALTHCHECK", args: ["curl", "localhost"] }] }), progress);
    expect(progress.calls[1]).toEqual({ kind: "phase", name: "1", message: "HEALTHCHECK curl localhost" });
    expect(progress.logs()[0]).toBe("HEALTHCHECK curl localhost");
  });

  test("resuming from step 2 skips base and step 1, and logs the resume first", async () => {
    const progress = recordingProgress();
    await run(specJob({ steps: STEPS }, { resumeFrom: "2" }), progress);
    expect(progress.calls[0]).toEqual({ kind: "log", message: "resuming in phase 2" });
    expect(progress.phases()).toEqual(["2", "3", "4", "5", "finalize"]);
  });

  test("resuming from a phase the spec does not have restarts from base", async () => {
    const progress = recordingProgress();
    await run(specJob({ steps: STEPS }, { resumeFrom: "building" }), progress);
    expect(progress.calls[0]).toEqual({ kind: "log", message: "resuming in phase base" });
    expect(progress.phases()[0]).toBe("base");
  });

  test("aborting during a step rejects the build before the next phase", async () => {
    const slow = createSimulatedBuilder({ phaseDelayMs: 10_000, fileSets: fakeFileSets(TREE) });
    const controller = new AbortController();
    const progress = recordingProgress();
    const build = slow.build(specJob({ steps: STEPS }), progress, controller.signal);
    setTimeout(() => controller.abort(), 5);
    await expect(build).rejects.toMatchObject({ name: "AbortError" });
    expect(progress.phases()).toEqual(["base"]);
  });

  test("an already aborted signal rejects a spec build before its first phase", async () => {
    const controller = new AbortController();
    controller.abort();
    const progress = recordingProgress();
    await expect(run(specJob({ steps: STEPS }), progress, controller.signal)).rejects.toMatchObject({ name: "AbortError" });
    expect(progress.phases()).toEqual([]);
  });
});
