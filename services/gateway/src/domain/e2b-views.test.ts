import { describe, expect, it } from "@jest/globals";
import type { BuildView } from "@cubicle/contracts";
import { toE2bBuildStatus } from "./e2b-views.js";

const build = (over: Partial<BuildView> = {}): BuildView => ({
  buildId: "0d8f2a52-7a51-4f5e-9a53-3e1c1b6f2a10",
  templateId: "tpl-0123456789abcdef01234567",
  status: "building",
  image: "alpine:3.20",
  cpuCount: 2,
  memoryMB: 512,
  phase: "building",
  reason: null,
  logs: ["info", "warn", "info", "error"].map((level, i) => ({ timestamp: new Date(i * 1000).toISOString(), level: level as "info", message: `line ${i}` })),
  createdAt: new Date(0).toISOString(),
  updatedAt: new Date(0).toISOString(),
  startedAt: null,
  finishedAt: null,
  diskSizeMB: null,
  envdVersion: null,
  ...over,
});

describe("build status in E2B's shape", () => {
  it("returns the log window from the offset, at most the limit", () => {
    const page = toE2bBuildStatus(build(), { offset: 1, limit: 2 });
    expect(page.logEntries.map((e) => e.message)).toEqual(["line 1", "line 2"]);
    expect(page.logs).toEqual(["line 1", "line 2"]);
  });

  it("returns an empty page past the end, so E2B's clients stop polling", () => {
    expect(toE2bBuildStatus(build(), { offset: 4, limit: 100 }).logEntries).toEqual([]);
  });

  it("filters by the lowest level before paging", () => {
    const page = toE2bBuildStatus(build(), { offset: 0, limit: 100, level: "warn" });
    expect(page.logEntries.map((e) => e.level)).toEqual(["warn", "error"]);
  });

  it("calls a failed build an error and gives its reason, with the phase it failed in as its step", () => {
    const page = toE2bBuildStatus(build({ status: "failed", reason: "image not found" }), { offset: 0, limit: 0 });
    expect(page.status).toBe("error");
    expect(page.reason).toEqual({ message: "image not found", step: "building" });
    expect(toE2bBuildStatus(build({ status: "failed", reason: "superseded", phase: null }), { offset: 0, limit: 0 }).reason).toEqual({ message: "superseded" });
  });
});
