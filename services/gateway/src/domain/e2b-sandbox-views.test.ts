import { describe, expect, it } from "@jest/globals";
import type { AgentLogEntry, AgentSandboxMetrics } from "@cubicle/contracts";
import { metricsInWindow, toE2bMetric } from "./e2b-sandbox-views.js";
import { e2bSandboxLogs, e2bSandboxLogsV2 } from "./e2b-sandbox-logs.js";
import { cubicleSandboxIds, sandboxIdOf } from "./sandbox-ids.js";

const sample: AgentSandboxMetrics = { timestamp: "2026-01-01T00:00:10.600Z", cpuCount: 2, cpuUsedPct: 0, memTotalMiB: 512, memUsedMiB: 3, diskTotalMiB: 1024, diskUsedMiB: 0 };
const T = Date.parse("2026-01-01T00:00:10Z") / 1000;

describe("metrics in E2B's shape", () => {
  it("sizes in bytes, the time in Unix seconds too, no page cache", () => {
    expect(toE2bMetric(sample)).toEqual({
      timestamp: sample.timestamp,
      timestampUnix: T,
      cpuCount: 2,
      cpuUsedPct: 0,
      memUsed: 3 * 1024 * 1024,
      memTotal: 512 * 1024 * 1024,
      memCache: 0,
      diskUsed: 0,
      diskTotal: 1024 * 1024 * 1024,
    });
  });

  it("the one sample when its second is within [start, end] (bounds included, each optional), else none", () => {
    for (const window of [{}, { start: T }, { end: T }, { start: T, end: T }, { start: T - 60, end: T + 60 }]) expect(metricsInWindow(sample, window)).toHaveLength(1);
    for (const window of [{ start: T + 1 }, { end: T - 1 }, { start: T - 60, end: T - 1 }]) expect(metricsInWindow(sample, window)).toEqual([]);
  });
});

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
const ms = (s: number) => Date.UTC(2026, 0, 1, 0, 0, s);
const log: AgentLogEntry[] = [
  { timestamp: at(1), level: "info", message: "created" },
  { timestamp: at(2), level: "info", message: "timeout changed: ends at x" },
  { timestamp: at(3), level: "warn", message: "paused (kept until y)" },
  { timestamp: at(4), level: "info", message: "resumed (ends at z)" },
  { timestamp: at(5), level: "error", message: "killed" },
];

describe("logs (E2B's older shape)", () => {
  it("from `start` (ms, included), at most `limit`, oldest first; each also a JSON line as E2B's CLI parses it", () => {
    const page = e2bSandboxLogs(log, { start: ms(2), limit: 2 });
    expect(page.logEntries).toEqual([
      { timestamp: at(2), level: "info", message: "timeout changed: ends at x", fields: {} },
      { timestamp: at(3), level: "warn", message: "paused (kept until y)", fields: {} },
    ]);
    expect(page.logs.map((l) => l.timestamp)).toEqual([at(2), at(3)]);
    expect(JSON.parse(page.logs[1]!.line)).toEqual({ level: "warn", logger: "cubicle-node", message: "paused (kept until y)" });
    expect(e2bSandboxLogs(log, { limit: 1000 }).logEntries).toHaveLength(5);
    expect(e2bSandboxLogs(log, { limit: 0 })).toEqual({ logs: [], logEntries: [] });
    expect(e2bSandboxLogs([...log].reverse(), { limit: 1 }).logEntries[0]!.message).toBe("created");
  });
});

describe("logs v2", () => {
  const messages = (q: Parameters<typeof e2bSandboxLogsV2>[1]) => e2bSandboxLogsV2(log, q).logs.map((e) => e.message);

  it("forward: oldest first from the cursor; backward: newest first back from it; both include it", () => {
    expect(messages({ limit: 2, direction: "forward" })).toEqual(["created", "timeout changed: ends at x"]);
    expect(messages({ cursor: ms(4), limit: 10, direction: "forward" })).toEqual(["resumed (ends at z)", "killed"]);
    expect(messages({ limit: 2, direction: "backward" })).toEqual(["killed", "resumed (ends at z)"]);
    expect(messages({ cursor: ms(2), limit: 10, direction: "backward" })).toEqual(["timeout changed: ends at x", "created"]);
    expect(messages({ cursor: ms(6), limit: 10, direction: "forward" })).toEqual([]);
  });

  it("level is the lowest level returned; search matches the message with its letter case", () => {
    expect(messages({ limit: 10, direction: "forward", level: "warn" })).toEqual(["paused (kept until y)", "killed"]);
    expect(messages({ limit: 10, direction: "forward", level: "debug" })).toHaveLength(5);
    expect(messages({ limit: 10, direction: "forward", search: "ends at" })).toEqual(["timeout changed: ends at x", "resumed (ends at z)"]);
    expect(messages({ limit: 10, direction: "forward", search: "Killed" })).toEqual([]);
    expect(messages({ limit: 1, direction: "backward", level: "info", search: "e" })).toEqual(["killed"]);
  });
});

/** What `fn` throws (it must throw). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected it to throw");
}

describe("sandbox ids", () => {
  it("Cubicle's forms are looked up lower-cased; any other plausible id → 404 as master words it; others → 400", () => {
    expect(sandboxIdOf({ sandboxID: "0123456789ABCDEF0123456789abcdef" })).toBe("0123456789abcdef0123456789abcdef");
    expect(sandboxIdOf({ sandboxID: "0D8F2A52-7A51-4F5E-9A53-3E1C1B6F2A10" })).toBe("0d8f2a52-7a51-4f5e-9a53-3e1c1b6f2a10");
    for (const id of ["i8p3xkq2m4n5o6r7s8t9", "abc", "a_b-c", "x".repeat(80)]) {
      expect(thrown(() => sandboxIdOf({ sandboxID: id }))).toMatchObject({ code: "sandbox_not_found", message: `sandbox '${id}' not found` });
    }
    expect(thrown(() => sandboxIdOf({ sandboxID: "x".repeat(128) }))).toMatchObject({ code: "sandbox_not_found", message: `sandbox '${"x".repeat(80)}…' not found` });
    for (const id of ["", "a.b", "a b", "x".repeat(129), "ü"]) expect(thrown(() => sandboxIdOf({ sandboxID: id }))).toMatchObject({ code: "invalid_request" });
  });

  it("a batch: Cubicle's ids lower-cased and each once, others left out; more than 100, or one named twice → 400", () => {
    const a = "a".repeat(32);
    expect(cubicleSandboxIds(`${a},i8p3xkq2m4n5o6r7s8t9,${a.toUpperCase()}`)).toEqual([a]);
    expect(cubicleSandboxIds("i8p3xkq2m4n5o6r7s8t9")).toEqual([]);
    expect(thrown(() => cubicleSandboxIds(`${a},${a}`))).toMatchObject({ code: "invalid_request", message: expect.stringMatching(/more than once/) });
    const many = Array.from({ length: 101 }, (_, i) => i.toString(16).padStart(32, "0")).join(",");
    expect(thrown(() => cubicleSandboxIds(many))).toMatchObject({ code: "invalid_request", message: expect.stringMatching(/101 sandboxes: at most 100/) });
    expect(cubicleSandboxIds(many.split(",").slice(0, 100).join(","))).toHaveLength(100);
  });
});
