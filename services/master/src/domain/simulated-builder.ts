import { setTimeout as sleep } from "node:timers/promises";
import { BuildFailedError, imageTag, type BuildArtifact, type Builder } from "./builder.js";

/** The tag that makes the simulated builder fail, so failure paths can be exercised. */
export const FAILING_TAG = "fail";

const PHASES = [
  { name: "pulling", message: (image: string) => `pulling ${image}` },
  { name: "building", message: () => "building the root filesystem" },
  { name: "distributing", message: () => "distributing the snapshot to nodes" },
] as const;

/** What every simulated build makes: a root filesystem of the configured size with this envd. */
export const SIMULATED_ENVD_VERSION = "0.2.0";

/**
 * Walks the phases of a real build with a configurable pause in each, without building
 * anything. An image tagged `fail` (e.g. `alpine:fail`) fails in the building phase.
 */
export function createSimulatedBuilder(options: { phaseDelayMs: number; diskSizeMB?: number }): Builder {
  const artifact: BuildArtifact = { diskSizeMB: options.diskSizeMB ?? 1024, envdVersion: SIMULATED_ENVD_VERSION };
  return {
    phases: PHASES.map((p) => p.name),
    async build(job, progress, signal) {
      const start = Math.max(0, PHASES.findIndex((p) => p.name === job.resumeFrom));
      if (job.resumeFrom) await progress.log(`resuming in phase ${PHASES[start]!.name}`);
      for (const phase of PHASES.slice(start)) {
        signal.throwIfAborted();
        await progress.phase(phase.name, phase.message(job.image));
        await sleep(options.phaseDelayMs, undefined, { signal });
        if (phase.name === "building" && imageTag(job.image) === FAILING_TAG) {
          throw new BuildFailedError(`building ${job.image} failed: the simulated builder always fails images tagged '${FAILING_TAG}'`);
        }
      }
      await progress.log(`root filesystem: ${artifact.diskSizeMB} MiB, envd ${artifact.envdVersion}`);
      return { ...artifact };
    },
  };
}
