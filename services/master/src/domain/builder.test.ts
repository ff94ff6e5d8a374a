import { describe, expect, test } from "@jest/globals";
import { recordingProgress } from "../../test/recording-progress.js";
import { BuildFailedError, imageTag, type BuildJob, type BuildProgress } from "./builder.js";
import { createSimulatedBuilder, FAILING_TAG } from "./simulated-builder.js";

const DIGEST = "0123456789abcdef".repeat(4);

describe("imageTag", () => {
  test.each([
    ["alpine", "latest"],
    ["alpine:3.20", "3.20"],
    ["alpine:fail", "fail"],
    ["library/alpine:edge", "edge"],
    ["localhost:5000/app", "latest"],
    ["localhost:5000/app:fail", "fail"],
    ["localhost:5000/org/app:v1.2", "v1.2"],
    ["ghcr.io/org/app", "latest"],
    [`ghcr.io/org/app:1.0@sha256:${DIGEST}`, "1.0"],
    [`app@sha256:${DIGEST}`, "latest"],
    [`localhost:5000/app@sha256:${DIGEST}`, "latest"],
  ])("the tag of '%s' is '%s'", (image, tag) => {
    expect(imageTag(image)).toBe(tag);
  });
});

function job(overrides: Partial<BuildJob> = {}): BuildJob {
  return {
    buildId: "00000000-0000-4000-8000-000000000001",
    templateId: "tpl-0123456789abcdef01234567",
    teamId: "0b7c2f3e-1d4a-4c8e-9f00-123456789abc",
    image: "alpine:3.20",
    cpuCount: 2,
    memoryMB: 512,
    resumeFrom: null,
    spec: null,
    ...overrides,
  };
}

describe("createSimulatedBuilder", () => {
  const builder = createSimulatedBuilder({ phaseDelayMs: 0 });

  test("the builder declares the phases pulling, building, distributing", () => {
    expect(builder.phases).toEqual(["pulling", "building", "distributing"]);
  });

  test("a normal image goes through pulling, building and distributing in order and resolves with what it made", async () => {
    const progress = recordingProgress();
    await expect(builder.build(job(), progress, new AbortController().signal)).resolves.toEqual({ diskSizeMB: 1024, envdVersion: "0.2.0" });
    expect(progress.phases()).toEqual(["pulling", "building", "distributing"]);
    expect(progress.logs()).toEqual(["root filesystem: 1024 MiB, envd 0.2.0"]);
  });

  test("the pulling phase message names the image", async () => {
    const progress = recordingProgress();
    await builder.build(job({ image: "ghcr.io/org/app:1.0" }), progress, new AbortController().signal);
    const pulling = progress.calls[0];
    expect(pulling).toEqual({ kind: "phase", name: "pulling", message: "pulling ghcr.io/org/app:1.0" });
  });

  test("an image tagged 'fail' throws BuildFailedError during building and never reaches distributing", async () => {
    expect(FAILING_TAG).toBe("fail");
    const progress = recordingProgress();
    const failure = builder.build(job({ image: "alpine:fail" }), progress, new AbortController().signal);
    await expect(failure).rejects.toBeInstanceOf(BuildFailedError);
    await expect(failure).rejects.toThrow(/alpine:fail/);
    expect(progress.phases()).toEqual(["pulling", "building"]);
  });

  test("the BuildFailedError carries the failure reason", async () => {
    let caught: unknown;
    try {
      await builder.build(job({ image: "localhost:5000/app:fail" }), recordingProgress(), new AbortController().signal);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(BuildFailedError);
    const err = caught as BuildFailedError;
    expect(err.name).toBe("BuildFailedError");
    expect(err.reason).toBe(err.message);
    expect(err.reason).toContain("localhost:5000/app:fail");
  });

  test("a registry port is not mistaken for the failing tag", async () => {
    const progress = recordingProgress();
    await builder.build(job({ image: "fail:5000/app" }), progress, new AbortController().signal);
    expect(progress.phases()).toEqual(["pulling", "building", "distributing"]);
  });

  test("resuming from building skips pulling and logs a resume message first", async () => {
    const progress = recordingProgress();
    await builder.build(job({ resumeFrom: "building" }), progress, new AbortController().signal);
    expect(progress.phases()).toEqual(["building", "distributing"]);
    expect(progress.calls[0]).toEqual({ kind: "log", message: "resuming in phase building" });
  });

  test("resuming from distributing runs only distributing", async () => {
    const progress = recordingProgress();
    await builder.build(job({ resumeFrom: "distributing" }), progress, new AbortController().signal);
    expect(progress.phases()).toEqual(["distributing"]);
    expect(progress.logs()).toEqual(["resuming in phase distributing", "root filesystem: 1024 MiB, envd 0.2.0"]);
  });

  test("resuming a failing image from building still fails in building", async () => {
    const progress = recordingProgress();
    await expect(
      builder.build(job({ image: "alpine:fail", resumeFrom: "building" }), progress, new AbortController().signal),
    ).rejects.toBeInstanceOf(BuildFailedError);
    expect(progress.phases()).toEqual(["building"]);
  });

  test("an already aborted signal rejects the build and it does not complete", async () => {
    const controller = new AbortController();
    controller.abort();
    const progress = recordingProgress();
    const build = builder.build(job(), progress, controller.signal);
    await expect(build).rejects.toMatchObject({ name: "AbortError" });
    expect(progress.phases()).not.toContain("distributing");
  });

  test("aborting during a phase rejects the build before the next phase", async () => {
    const slow = createSimulatedBuilder({ phaseDelayMs: 10_000 });
    const controller = new AbortController();
    const progress = recordingProgress();
    const build = slow.build(job(), progress, controller.signal);
    setTimeout(() => controller.abort(), 5);
    await expect(build).rejects.toMatchObject({ name: "AbortError" });
    expect(progress.phases()).toEqual(["pulling"]);
  });

  test("a rejecting progress.phase (lost ownership) rejects the build", async () => {
    const progress: BuildProgress = {
      phase: async () => {
        throw new Error("build no longer owned");
      },
      log: async () => {},
    };
    await expect(builder.build(job(), progress, new AbortController().signal)).rejects.toThrow("build no longer owned");
  });
});
