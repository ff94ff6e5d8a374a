// E2B's build flow in E2B's shapes, without a server: what a build request names and tags
// (requestedBuild), the answers of POST /v3/templates and /v2/templates, and the windows of a
// build's log that GET …/builds/{buildID}/logs pages (e2bBuildLogs).
import { describe, expect, it } from "@jest/globals";
import { CubicleError, type BuildLogEntry, type BuildView, type RequestBuildResponse } from "@cubicle/contracts";
import { e2bBuildLogs, requestedBuild, toE2bRequestResponseV3, toE2bTemplateLegacy } from "./e2b-template-builds.js";

/** The CubicleError `fn` throws: its code and reason (details.reason), or a failure when it throws none. */
function refusal(fn: () => unknown): { code: string; reason?: unknown } {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof CubicleError)) throw err;
    const reason = (err.details as { reason?: unknown } | undefined)?.reason;
    return { code: err.code, ...(reason !== undefined && { reason }) };
  }
  throw new Error("expected a CubicleError");
}

describe("requestedBuild", () => {
  it("a name alone → that name, no tags", () => {
    expect(requestedBuild({ name: "my-app" })).toEqual({ name: "my-app", tags: [] });
  });

  it("'name:tag' → the name part, the tag first and then the tags given, each once", () => {
    expect(requestedBuild({ name: "my-app:v1", tags: ["prod"] })).toEqual({ name: "my-app", tags: ["v1", "prod"] });
    expect(requestedBuild({ name: "my-app:v1", tags: ["prod", "v1", "prod"] })).toEqual({ name: "my-app", tags: ["v1", "prod"] });
    expect(requestedBuild({ name: "my-app", tags: ["b", "a", "b"] })).toEqual({ name: "my-app", tags: ["b", "a"] });
  });

  it("blanks around the name and the tag are trimmed; tags keep their letter case", () => {
    expect(requestedBuild({ name: "  my-app : RC1 " })).toEqual({ name: "my-app", tags: ["RC1"] });
  });

  it("splits at the last ':' and leaves the name part to the name rules", () => {
    expect(requestedBuild({ name: "team/app:v2" })).toEqual({ name: "team/app", tags: ["v2"] });
    expect(requestedBuild({ name: "tpl-x:v1" })).toEqual({ name: "tpl-x", tags: ["v1"] });
  });

  it("alias (E2B's older word) stands for name; both alike are one name", () => {
    expect(requestedBuild({ alias: "old-app:v1" })).toEqual({ name: "old-app", tags: ["v1"] });
    expect(requestedBuild({ name: "same", alias: "same" })).toEqual({ name: "same", tags: [] });
  });

  it("name and alias that differ → invalid_request", () => {
    expect(refusal(() => requestedBuild({ name: "one", alias: "other" }))).toEqual({ code: "invalid_request" });
    // Not even a letter case apart: the caller must give one.
    expect(refusal(() => requestedBuild({ name: "app", alias: "APP" }))).toEqual({ code: "invalid_request" });
  });

  it("neither name nor alias → invalid_request", () => {
    expect(refusal(() => requestedBuild({}))).toEqual({ code: "invalid_request" });
    expect(refusal(() => requestedBuild({ tags: ["v1"] }))).toEqual({ code: "invalid_request" });
  });

  it.each([
    ["empty", "my-app:"],
    ["starting with '.'", "my-app:.v1"],
    ["starting with '-'", "my-app:-v1"],
    ["with a space", "my-app:v 1"],
    ["of 129 characters", `my-app:${"t".repeat(129)}`],
  ])("a tag after ':' %s → invalid_request, reason invalid_tag", (_what, name) => {
    expect(refusal(() => requestedBuild({ name }))).toEqual({ code: "invalid_request", reason: "invalid_tag" });
  });
});

const TEMPLATE_ID = "tpl-0123456789abcdef01234567";
const BUILD_ID = "0d8f2a52-7a51-4f5e-9a53-3e1c1b6f2a10";

const requested = (displayName: string | null, tags: string[] = []): RequestBuildResponse => ({
  buildId: BUILD_ID,
  tags,
  template: {
    templateId: TEMPLATE_ID,
    displayName,
    public: false,
    image: "",
    cpuCount: 2,
    memoryMB: 512,
    status: "building",
    latestBuildId: BUILD_ID,
    latestBuildStatus: "waiting",
    buildCount: 1,
    readyBuildId: null,
    diskSizeMB: 1024,
    envdVersion: "0.2.0",
    spawnCount: 0,
    lastSpawnedAt: null,
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-02T00:00:00.000Z",
  },
});

describe("the answers of a build request", () => {
  it("v3: the template, the waiting build, names and aliases alike, the tags", () => {
    expect(toE2bRequestResponseV3(requested("my-app", ["v1"]))).toEqual({ templateID: TEMPLATE_ID, buildID: BUILD_ID, public: false, names: ["my-app"], aliases: ["my-app"], tags: ["v1"] });
    expect(toE2bRequestResponseV3(requested(null))).toMatchObject({ names: [], aliases: [], tags: [] });
  });

  it("v2 (E2B's TemplateLegacy): the template's sizes and counts, createdBy null", () => {
    expect(toE2bTemplateLegacy(requested("my-app"))).toEqual({
      templateID: TEMPLATE_ID,
      buildID: BUILD_ID,
      cpuCount: 2,
      memoryMB: 512,
      diskSizeMB: 1024,
      public: false,
      aliases: ["my-app"],
      createdAt: "2026-01-01T00:00:00.000Z",
      updatedAt: "2026-01-02T00:00:00.000Z",
      createdBy: null,
      lastSpawnedAt: null,
      spawnCount: 0,
      buildCount: 1,
      envdVersion: "0.2.0",
    });
  });
});

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
const ms = (s: number) => Date.parse(at(s));

/** Six entries at seconds 0, 1, 2, 2, 3, 4 (two in the same instant), levels mixed, steps on all but the last. */
const LOGS: BuildLogEntry[] = [
  { timestamp: at(0), level: "info", message: "pulling alpine", step: "base" },
  { timestamp: at(1), level: "warn", message: "slow mirror", step: "base" },
  { timestamp: at(2), level: "info", message: "RUN echo a", step: "1" },
  { timestamp: at(2), level: "info", message: "a", step: "1" },
  { timestamp: at(3), level: "error", message: "step 2 failed", step: "2" },
  { timestamp: at(4), level: "error", message: "build failed" },
];

const view = (logs: BuildLogEntry[] = LOGS): BuildView => ({
  buildId: BUILD_ID,
  templateId: TEMPLATE_ID,
  status: "failed",
  image: "alpine",
  cpuCount: 2,
  memoryMB: 512,
  phase: "2",
  reason: "step 2 failed",
  logs,
  createdAt: at(0),
  updatedAt: at(4),
  startedAt: at(0),
  finishedAt: at(4),
  diskSizeMB: null,
  envdVersion: null,
});

const messages = (q: Parameters<typeof e2bBuildLogs>[1]) => e2bBuildLogs(view(), q).logs.map((e) => e.message);
const all = LOGS.map((e) => e.message);

describe("e2bBuildLogs", () => {
  it("forward without a cursor: the whole log, oldest first, at most limit", () => {
    expect(messages({ limit: 100, direction: "forward" })).toEqual(all);
    expect(messages({ limit: 2, direction: "forward" })).toEqual(all.slice(0, 2));
    expect(messages({ limit: 0, direction: "forward" })).toEqual([]);
  });

  it("forward from a cursor: the entries at or after it (both of an instant), oldest first", () => {
    expect(messages({ cursor: ms(2), limit: 100, direction: "forward" })).toEqual(all.slice(2));
    expect(messages({ cursor: ms(2) + 1, limit: 100, direction: "forward" })).toEqual(all.slice(4));
    expect(messages({ cursor: ms(2), limit: 1, direction: "forward" })).toEqual(["RUN echo a"]);
    expect(messages({ cursor: ms(4) + 1, limit: 100, direction: "forward" })).toEqual([]);
  });

  it("backward: the entries at or before the cursor (or all), newest first, at most limit", () => {
    expect(messages({ limit: 100, direction: "backward" })).toEqual([...all].reverse());
    expect(messages({ limit: 2, direction: "backward" })).toEqual(["build failed", "step 2 failed"]);
    expect(messages({ cursor: ms(2), limit: 100, direction: "backward" })).toEqual(["a", "RUN echo a", "slow mirror", "pulling alpine"]);
    expect(messages({ cursor: ms(2) - 1, limit: 1, direction: "backward" })).toEqual(["slow mirror"]);
    expect(messages({ cursor: ms(0) - 1, limit: 100, direction: "backward" })).toEqual([]);
  });

  it("level is the lowest level given, applied before the limit", () => {
    expect(messages({ limit: 100, direction: "forward", level: "debug" })).toEqual(all);
    expect(messages({ limit: 100, direction: "forward", level: "info" })).toEqual(all);
    expect(messages({ limit: 100, direction: "forward", level: "warn" })).toEqual(["slow mirror", "step 2 failed", "build failed"]);
    expect(messages({ limit: 1, direction: "forward", level: "error" })).toEqual(["step 2 failed"]);
    expect(messages({ limit: 1, direction: "backward", level: "warn", cursor: ms(2) })).toEqual(["slow mirror"]);
  });

  it("entries in E2B's BuildLogEntry shape: timestamp, level, message, and step when the entry has one", () => {
    const { logs } = e2bBuildLogs(view(), { limit: 100, direction: "forward" });
    expect(logs[0]).toEqual({ timestamp: at(0), level: "info", message: "pulling alpine", step: "base" });
    expect(logs[5]).toEqual({ timestamp: at(4), level: "error", message: "build failed" });
    expect("step" in logs[5]!).toBe(false);
  });

  it("an empty log → no entries; the build's own log is left as it was", () => {
    expect(e2bBuildLogs(view([]), { limit: 100, direction: "backward" })).toEqual({ logs: [] });
    const b = view();
    e2bBuildLogs(b, { limit: 100, direction: "backward" });
    expect(b.logs.map((e) => e.message)).toEqual(all);
  });
});
