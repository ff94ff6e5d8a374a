import { describe, expect, test } from "@jest/globals";
import { at, MINUTE, setup, spec, T0 } from "../../test/simulated-node-fixtures.js";
import type { SavedSandbox } from "./simulated-node.js";

describe("events", () => {
  test("the logs record created, paused and resumed, with the node's clock", async () => {
    const { clock, node } = setup();
    const s = spec();
    await node.create(s);
    clock.now = T0 + 1_000;
    await node.pause(s.sandboxId);
    clock.now = T0 + 2_000;
    await node.resume(s.sandboxId);
    const logs = node.logs(s.sandboxId)!;
    expect(logs.map((e) => e.level)).toEqual(["info", "info", "info"]);
    expect(logs[0]!.message).toBe(
      `created from template tpl-0123456789abcdef01234567 (build 6f0c4bd2-3f5a-4c1e-9d7a-0a1b2c3d4e5f, image alpine:3.20), 2 vCPU, 512 MiB; ends at ${s.endAt} (then stopped)`,
    );
    expect(logs.slice(1).map((e) => e.message)).toEqual([`paused (kept until ${s.endAt})`, `resumed (ends at ${s.endAt})`]);
    expect(logs.map((e) => e.timestamp)).toEqual([T0, T0 + 1_000, T0 + 2_000].map(at));
    // A copy: changing it changes nothing on the node.
    logs.length = 0;
    expect(node.logs(s.sandboxId)).toHaveLength(3);
  });

  test("the created event of a sandbox paused at its end says how long it is kept", async () => {
    const { node } = setup();
    const s = spec({ onTimeout: "pause", pausedRetentionS: 90 });
    await node.create(s);
    expect(node.logs(s.sandboxId)![0]!.message).toMatch(/; ends at .* \(then paused and kept 90 s\)$/);
  });

  test("the events kept per sandbox are bounded: the oldest are dropped", async () => {
    const { node } = setup();
    const s = spec();
    await node.create(s);
    for (let i = 0; i < 80; i++) {
      await node.pause(s.sandboxId);
      await node.resume(s.sandboxId);
    }
    const logs = node.logs(s.sandboxId)!;
    expect(logs).toHaveLength(100);
    expect(logs[0]!.message).not.toMatch(/^created/);
    expect(logs.at(-1)!.message).toMatch(/^resumed/);
  });
});

describe("logs of ended sandboxes", () => {
  test("a deleted sandbox's logs end with 'killed' and are still answered; get and metrics do not answer for it", async () => {
    const { node } = setup();
    const s = spec();
    await node.create(s);
    await node.delete(s.sandboxId);
    expect(node.logs(s.sandboxId)!.map((e) => e.message)).toEqual([expect.stringMatching(/^created/), "killed"]);
    expect(await node.get(s.sandboxId)).toBeNull();
    expect(node.metrics(s.sandboxId)).toBeNull();
    expect(node.metricsOf([s.sandboxId])).toEqual({});
    expect(node.holds(s.sandboxId)).toBe(false);
  });

  test("they are kept for endedLogsMs, then forgotten", async () => {
    const { clock, node } = setup({ endedLogsMs: 10 * MINUTE });
    const s = spec();
    await node.create(s);
    await node.delete(s.sandboxId);
    clock.now = T0 + 10 * MINUTE;
    expect(node.logs(s.sandboxId)).not.toBeNull();
    clock.now = T0 + 10 * MINUTE + 1;
    expect(node.logs(s.sandboxId)).toBeNull();
  });

  test("at most endedLogsMax are kept: the oldest ended are dropped first", async () => {
    const { node } = setup({ endedLogsMax: 2 });
    const [a, b, c] = [spec(), spec(), spec()];
    for (const s of [a, b, c]) await node.create(s);
    for (const s of [a, b, c]) await node.delete(s.sandboxId);
    expect([a, b, c].map((s) => node.logs(s.sandboxId) !== null)).toEqual([false, true, true]);
  });

  test("with endedLogsMs 0 none are kept", async () => {
    const { node } = setup({ endedLogsMs: 0 });
    const s = spec();
    await node.create(s);
    await node.delete(s.sandboxId);
    expect(node.logs(s.sandboxId)).toBeNull();
  });

  test("a new sandbox with the id of an ended one answers its own logs, and its own again when it ends", async () => {
    const { node } = setup();
    const s = spec();
    await node.create(s);
    await node.delete(s.sandboxId);
    await node.create(s);
    expect(node.logs(s.sandboxId)!.map((e) => e.message)).toEqual([expect.stringMatching(/^created/)]);
    await node.delete(s.sandboxId);
    expect(node.logs(s.sandboxId)!.map((e) => e.message)).toEqual([expect.stringMatching(/^created/), "killed"]);
  });
});

describe("metrics", () => {
  test("metrics report the configured CPU, memory and disk, with zero usage; null for an unknown id", async () => {
    const { node } = setup({ diskSizeMB: 4_096 });
    const s = spec({ cpuCount: 4, memoryMB: 2_048 });
    await node.create(s);
    expect(node.metrics(s.sandboxId)).toEqual({ timestamp: at(T0), cpuCount: 4, cpuUsedPct: 0, memTotalMiB: 2_048, memUsedMiB: 0, diskTotalMiB: 4_096, diskUsedMiB: 0 });
    expect(node.metrics(spec().sandboxId)).toBeNull();
  });

  test("a create request's envdVersion and diskSizeMB replace the node's defaults; onTimeout is kill unless asked", async () => {
    const { node } = setup({ envdVersion: "0.2.0", diskSizeMB: 1_024 });
    const s = spec({ envdVersion: "0.5.1", diskSizeMB: 8_192 });
    expect(await node.create(s)).toMatchObject({ envdVersion: "0.5.1", diskSizeMB: 8_192, onTimeout: "kill", pausedAt: null });
    expect(node.metrics(s.sandboxId)!.diskTotalMiB).toBe(8_192);
  });

  test("metricsOf answers the sandboxes held, running or paused, and leaves out ids unknown or ended", async () => {
    const { clock, node } = setup();
    const [running, paused, ending] = [spec(), spec(), spec({ endAt: at(T0 + MINUTE) })];
    for (const s of [running, paused, ending]) await node.create(s);
    await node.pause(paused.sandboxId);
    clock.now = T0 + MINUTE;
    const batch = node.metricsOf([running.sandboxId, paused.sandboxId, ending.sandboxId, spec().sandboxId]);
    expect(Object.keys(batch).sort()).toEqual([running.sandboxId, paused.sandboxId].sort());
    expect(batch[running.sandboxId]).toMatchObject({ timestamp: at(T0 + MINUTE), cpuCount: 2, memTotalMiB: 512 });
  });
});

describe("snapshot and restore", () => {
  test("restore keeps the sandboxes not yet ended, under this node's id, with a 'restored' event", async () => {
    const { node } = setup({ node: "old-node" });
    const lasting = spec();
    const ending = spec({ endAt: at(T0 + MINUTE) });
    await node.create(lasting);
    await node.create(ending);
    await node.pause(lasting.sandboxId);
    const saved = JSON.parse(JSON.stringify(node.snapshot())) as SavedSandbox[];
    expect(saved).toHaveLength(2);
    expect(saved.find((s) => s.sandboxId === lasting.sandboxId)!.metadata).toEqual({ owner: "test" });

    const later = setup({ node: "node-1" });
    later.clock.now = T0 + 2 * MINUTE;
    later.node.restore(saved);
    expect(later.node.ids()).toEqual([lasting.sandboxId]);
    const back = await later.node.get(lasting.sandboxId);
    expect(back).toMatchObject({ sandboxId: lasting.sandboxId, node: "node-1", state: "paused", startedAt: at(T0), pausedAt: at(T0) });
    expect(later.node.logs(lasting.sandboxId)!.map((e) => e.message)).toEqual([expect.stringMatching(/^created/), expect.stringMatching(/^paused/), "restored after the node agent restarted"]);
  });

  test("a snapshot keeps onTimeout, pausedRetentionS, pausedAt and the state; restore counts only the running ones", async () => {
    const { node } = setup();
    const auto = spec({ onTimeout: "pause", pausedRetentionS: 45 });
    const paused = spec();
    const running = spec();
    for (const s of [auto, paused, running]) await node.create(s);
    await node.pause(paused.sandboxId);
    const saved = JSON.parse(JSON.stringify(node.snapshot())) as SavedSandbox[];
    expect(saved.find((s) => s.sandboxId === auto.sandboxId)).toMatchObject({ onTimeout: "pause", pausedRetentionS: 45, pausedAt: null, state: "running" });
    expect(saved.find((s) => s.sandboxId === paused.sandboxId)).toMatchObject({ onTimeout: "kill", pausedRetentionS: 0, pausedAt: at(T0), state: "paused" });
    const later = setup({ capacity: 2 });
    later.node.restore(saved);
    expect(later.node.load()).toEqual({ running: 2, capacity: 2 });
    expect(later.node.snapshot().map(({ events: _e, node: _n, ...rest }) => rest)).toEqual(saved.map(({ events: _e, node: _n, ...rest }) => rest));
  });

  test("restore applies the end-time rule to what ended while the agent was down: paused and kept, or removed with its log kept", async () => {
    const { node } = setup();
    const kept = spec({ endAt: at(T0 + MINUTE), onTimeout: "pause", pausedRetentionS: 3_600 });
    const removed = spec({ endAt: at(T0 + MINUTE), onTimeout: "pause", pausedRetentionS: 60 });
    const stopped = spec({ endAt: at(T0 + MINUTE) });
    for (const s of [kept, removed, stopped]) await node.create(s);
    const later = setup();
    later.clock.now = T0 + 30 * MINUTE;
    later.node.restore(node.snapshot());
    expect(later.node.ids()).toEqual([kept.sandboxId]);
    expect(later.node.load().running).toBe(0);
    expect(later.node.logs(kept.sandboxId)!.slice(1).map((e) => e.message)).toEqual([
      `paused: its timeout was reached (kept until ${at(T0 + 61 * MINUTE)})`,
      "restored after the node agent restarted",
    ]);
    expect(later.node.logs(removed.sandboxId)!.at(-1)!.message).toBe(`removed: kept paused until ${at(T0 + 2 * MINUTE)}`);
    expect(later.node.logs(stopped.sandboxId)!.at(-1)!.message).toBe("stopped: its timeout was reached");
  });

  test("a sandbox saved by an older agent (no onTimeout, pausedRetentionS nor pausedAt) is restored with the defaults; an unreadable one is skipped", () => {
    const { node } = setup();
    const old = {
      sandboxId: "a".repeat(32),
      node: "node-0",
      state: "paused",
      templateId: "tpl-0123456789abcdef01234567",
      cpuCount: 1,
      memoryMB: 256,
      envdVersion: "0.2.0",
      diskSizeMB: 1_024,
      startedAt: at(T0),
      endAt: at(T0 + MINUTE),
      metadata: {},
      events: [{ timestamp: at(T0), level: "info", message: "created" }],
    } as SavedSandbox;
    node.restore([old, { ...old, sandboxId: "b".repeat(32), state: "running" }, { ...old, sandboxId: "c".repeat(32), endAt: "whenever" }]);
    // One whose end time cannot be read is left out.
    expect(node.ids().sort()).toEqual(["a".repeat(32), "b".repeat(32)]);
    expect(node.snapshot().find((s) => s.sandboxId === old.sandboxId)).toMatchObject({ node: "node-1", state: "paused", onTimeout: "kill", pausedRetentionS: 0, pausedAt: null });
    expect(node.load().running).toBe(1);
  });

  test("a snapshot is a copy: later changes on the node do not alter it", async () => {
    const { node } = setup();
    const s = spec();
    await node.create(s);
    const snap = node.snapshot();
    await node.pause(s.sandboxId);
    expect(snap[0]!.state).toBe("running");
    expect(snap[0]!.events).toHaveLength(1);
  });
});
