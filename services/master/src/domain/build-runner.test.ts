import { describe, expect, test } from "@jest/globals";
import pino from "pino";
import type { BuildRepository, ClaimedBuild } from "../data-access/build-repository.js";
import { BuildRunner } from "./build-runner.js";
import type { Builder } from "./builder.js";

const claimed: ClaimedBuild = { buildId: "b-1", templateId: "tpl-1", teamId: "team", spec: null, phase: null, attempts: 1, image: "alpine", cpuCount: 1, memoryMB: 128 };

/** A build repository whose progress writes fail as a database out of reach makes them fail. */
function repository(recordPhase: () => Promise<boolean>) {
  const finished: unknown[] = [];
  const builds = {
    claim: async () => claimed,
    recordPhase,
    appendLog: async () => true,
    finish: async (_id: string, _runner: string, outcome: unknown) => {
      finished.push(outcome);
      return { templateId: "tpl-1", teamId: "team", nameKey: null, nameReleased: false };
    },
    releaseLeases: async () => undefined,
    findClaimable: async () => [],
    findUnstarted: async () => [],
    renew: async () => [],
  } as unknown as BuildRepository;
  return { builds, finished };
}

const builder: Builder = {
  phases: ["pulling", "building"],
  async build(_spec, progress) {
    await progress.phase("pulling", "pulling the image");
    await progress.phase("building", "building");
    return { diskSizeMB: 512, envdVersion: "0.2.0" };
  },
};

function runner(builds: BuildRepository) {
  return new BuildRunner({ builds, builder, runnerId: "r", leaseMs: 10_000, sweepMs: 60_000, concurrency: 1, maxAttempts: 3, specWaitMs: 3_600_000, logger: pino({ level: "silent" }), onFinished: () => {} });
}

async function settle(r: BuildRunner) {
  // The build runs in the background: let it finish, then stop the runner.
  await new Promise((resolve) => setTimeout(resolve, 50));
  await r.stop();
}

describe("a build whose progress cannot be recorded", () => {
  test("the database out of reach while recording a phase → the build is handed back, not failed (its name is kept)", async () => {
    const { builds, finished } = repository(async () => {
      throw new Error("Connection terminated unexpectedly");
    });
    const r = runner(builds);
    r.submit("b-1");
    await settle(r);
    expect(finished).toEqual([]);
  });

  test("progress recorded → the build finishes ready", async () => {
    const { builds, finished } = repository(async () => true);
    const r = runner(builds);
    r.submit("b-1");
    await settle(r);
    expect(finished).toEqual([{ status: "ready", artifact: { diskSizeMB: 512, envdVersion: "0.2.0" } }]);
  });
});
