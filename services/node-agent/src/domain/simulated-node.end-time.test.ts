import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { CubicleError } from "@cubicle/contracts";
import { at, MINUTE, rejection, SECOND, setup, spec, T0 } from "../../test/simulated-node-fixtures.js";
import type { SimulatedNode } from "./simulated-node.js";

const messages = (node: SimulatedNode, id: string) => node.logs(id)!.map((e) => e.message);

describe("end time, onTimeout kill (the default)", () => {
  test("a sandbox past its endAt is gone: get, list, metrics, ids and the load no longer see it, and its place and id are free", async () => {
    const { clock, node } = setup({ capacity: 1 });
    const s = spec({ endAt: at(T0 + MINUTE) });
    await node.create(s);
    clock.now = T0 + MINUTE - 1;
    expect(node.holds(s.sandboxId)).toBe(true);
    clock.now = T0 + MINUTE;
    expect(await node.get(s.sandboxId)).toBeNull();
    expect(await node.list()).toEqual([]);
    expect(node.metrics(s.sandboxId)).toBeNull();
    expect(node.ids()).toEqual([]);
    expect(node.load().running).toBe(0);
    expect(messages(node, s.sandboxId).at(-1)).toBe("stopped: its timeout was reached");
    await node.create({ ...s, endAt: at(T0 + 10 * MINUTE) });
  });

  test("an ended sandbox cannot be paused, resumed, deleted or given a new end time", async () => {
    const { clock, node } = setup();
    const s = spec({ endAt: at(T0 + MINUTE) });
    await node.create(s);
    clock.now = T0 + 2 * MINUTE;
    expect(await rejection(node.pause(s.sandboxId))).toMatchObject({ code: "sandbox_not_found" });
    expect(await rejection(node.resume(s.sandboxId))).toMatchObject({ code: "sandbox_not_found" });
    expect(await rejection(node.timeout(s.sandboxId, at(T0 + 9 * MINUTE)))).toMatchObject({ code: "sandbox_not_found", status: 404 });
    expect(await node.delete(s.sandboxId)).toBe(false);
  });
});

describe("end time, onTimeout pause", () => {
  test("a running sandbox is paused at its endAt: pausedAt is that endAt, it is kept pausedRetentionS more, and its place is freed", async () => {
    const { clock, node } = setup({ capacity: 1 });
    const s = spec({ endAt: at(T0 + MINUTE), onTimeout: "pause", pausedRetentionS: 600 });
    await node.create(s);
    clock.now = T0 + MINUTE;
    expect(await node.get(s.sandboxId)).toMatchObject({ state: "paused", pausedAt: at(T0 + MINUTE), endAt: at(T0 + 11 * MINUTE), onTimeout: "pause" });
    expect(node.load().running).toBe(0);
    expect(messages(node, s.sandboxId).at(-1)).toBe(`paused: its timeout was reached (kept until ${at(T0 + 11 * MINUTE)})`);
    await node.create(spec());
  });

  test("an auto-paused sandbox is removed once its retention is over, with 'removed: kept paused until …' as its last event", async () => {
    const { clock, node } = setup();
    const s = spec({ endAt: at(T0 + MINUTE), onTimeout: "pause", pausedRetentionS: 60 });
    await node.create(s);
    clock.now = T0 + MINUTE;
    expect(node.holds(s.sandboxId)).toBe(true);
    clock.now = T0 + 2 * MINUTE;
    expect(node.holds(s.sandboxId)).toBe(false);
    expect(messages(node, s.sandboxId).slice(1)).toEqual([`paused: its timeout was reached (kept until ${at(T0 + 2 * MINUTE)})`, `removed: kept paused until ${at(T0 + 2 * MINUTE)}`]);
  });

  test("with no retention (the default), the sandbox is paused and removed at its endAt", async () => {
    const { clock, node } = setup();
    const s = spec({ endAt: at(T0 + MINUTE), onTimeout: "pause" });
    await node.create(s);
    clock.now = T0 + MINUTE;
    expect(await node.get(s.sandboxId)).toBeNull();
    expect(messages(node, s.sandboxId).slice(1)).toEqual([`paused: its timeout was reached (kept until ${at(T0 + MINUTE)})`, `removed: kept paused until ${at(T0 + MINUTE)}`]);
  });

  test("a sandbox first looked at long after its retention is paused and removed in one step, each event stamped when it happened", async () => {
    const { clock, node } = setup();
    const s = spec({ endAt: at(T0 + MINUTE), onTimeout: "pause", pausedRetentionS: 60 });
    await node.create(s);
    clock.now = T0 + 60 * MINUTE;
    expect(node.load().running).toBe(0);
    expect(node.logs(s.sandboxId)!.slice(1).map((e) => e.timestamp)).toEqual([at(T0 + MINUTE), at(T0 + 2 * MINUTE)]);
  });

  test("a sandbox paused by a call is removed at its endAt, whatever its onTimeout", async () => {
    const { clock, node } = setup();
    const s = spec({ endAt: at(T0 + MINUTE), onTimeout: "pause", pausedRetentionS: 600 });
    await node.create(s);
    await node.pause(s.sandboxId);
    clock.now = T0 + MINUTE;
    expect(node.holds(s.sandboxId)).toBe(false);
    expect(messages(node, s.sandboxId).at(-1)).toBe(`removed: kept paused until ${at(T0 + MINUTE)}`);
  });

  test("an auto-paused sandbox resumed runs to the endAt given, keeps its pausedAt, and pauses again at that end", async () => {
    const { clock, node } = setup();
    const s = spec({ endAt: at(T0 + MINUTE), onTimeout: "pause", pausedRetentionS: 600 });
    await node.create(s);
    clock.now = T0 + 2 * MINUTE;
    expect(await node.resume(s.sandboxId, at(T0 + 5 * MINUTE))).toMatchObject({ state: "running", pausedAt: at(T0 + MINUTE), endAt: at(T0 + 5 * MINUTE) });
    clock.now = T0 + 5 * MINUTE;
    expect(await node.get(s.sandboxId)).toMatchObject({ state: "paused", pausedAt: at(T0 + 5 * MINUTE), endAt: at(T0 + 15 * MINUTE) });
  });
});

describe("pause, resume and timeout with an end time", () => {
  test("pause with endAt: paused now, kept until that endAt, event 'paused (kept until …)'", async () => {
    const { clock, node } = setup();
    const s = spec();
    await node.create(s);
    clock.now = T0 + SECOND;
    expect(await node.pause(s.sandboxId, at(T0 + 60 * MINUTE))).toMatchObject({ state: "paused", pausedAt: at(T0 + SECOND), endAt: at(T0 + 60 * MINUTE) });
    expect(messages(node, s.sandboxId).at(-1)).toBe(`paused (kept until ${at(T0 + 60 * MINUTE)})`);
  });

  test("pause without endAt keeps the end time", async () => {
    const { node } = setup();
    const s = spec();
    await node.create(s);
    expect((await node.pause(s.sandboxId)).endAt).toBe(s.endAt);
  });

  test("pausing a paused sandbox sets only its endAt (when given): pausedAt stays, the event is 'timeout changed'", async () => {
    const { clock, node } = setup();
    const s = spec();
    await node.create(s);
    await node.pause(s.sandboxId);
    clock.now = T0 + MINUTE;
    expect(await node.pause(s.sandboxId, at(T0 + 30 * MINUTE))).toMatchObject({ state: "paused", pausedAt: at(T0), endAt: at(T0 + 30 * MINUTE) });
    expect(messages(node, s.sandboxId).slice(2)).toEqual([`timeout changed: ends at ${at(T0 + 30 * MINUTE)}`]);
  });

  test("resume with endAt: running, ending at that endAt, event 'resumed (ends at …)'; on a running sandbox it only sets endAt", async () => {
    const { node } = setup();
    const s = spec();
    await node.create(s);
    await node.pause(s.sandboxId);
    expect(await node.resume(s.sandboxId, at(T0 + 20 * MINUTE))).toMatchObject({ state: "running", endAt: at(T0 + 20 * MINUTE) });
    expect(await node.resume(s.sandboxId, at(T0 + 25 * MINUTE))).toMatchObject({ state: "running", endAt: at(T0 + 25 * MINUTE) });
    expect(messages(node, s.sandboxId).slice(2)).toEqual([`resumed (ends at ${at(T0 + 20 * MINUTE)})`, `timeout changed: ends at ${at(T0 + 25 * MINUTE)}`]);
  });

  test("resume into a full node → node_full, and neither the state nor the end time changes", async () => {
    const { node } = setup({ capacity: 1 });
    const s = spec();
    await node.create(s);
    const paused = await node.pause(s.sandboxId);
    await node.create(spec());
    expect(await rejection(node.resume(s.sandboxId, at(T0 + 30 * MINUTE)))).toMatchObject({ code: "node_full", status: 503 });
    expect(await node.get(s.sandboxId)).toEqual(paused);
  });

  test("timeout sets the end time of a running or a paused sandbox, with an event and a change only when it differs", async () => {
    const { node } = setup();
    const s = spec();
    await node.create(s);
    let changes = 0;
    node.onChange(() => changes++);
    expect(await node.timeout(s.sandboxId, at(T0 + 20 * MINUTE))).toMatchObject({ state: "running", endAt: at(T0 + 20 * MINUTE) });
    // The same instant, written another way: nothing to do.
    await node.timeout(s.sandboxId, "2026-01-01T01:20:00+01:00");
    expect(changes).toBe(1);
    await node.pause(s.sandboxId);
    expect(await node.timeout(s.sandboxId, at(T0 + 5 * MINUTE))).toMatchObject({ state: "paused", endAt: at(T0 + 5 * MINUTE) });
    expect(messages(node, s.sandboxId).filter((m) => m.startsWith("timeout changed"))).toEqual([
      `timeout changed: ends at ${at(T0 + 20 * MINUTE)}`,
      `timeout changed: ends at ${at(T0 + 5 * MINUTE)}`,
    ]);
  });

  test("an end time already past ends the sandbox at once by its onTimeout; the answer is the sandbox as it ended", async () => {
    const { clock, node } = setup();
    clock.now = T0 + MINUTE;
    const killed = spec();
    const paused = spec({ onTimeout: "pause", pausedRetentionS: 300 });
    await node.create(killed);
    await node.create(paused);
    expect(await node.timeout(killed.sandboxId, at(T0))).toMatchObject({ state: "running", endAt: at(T0) });
    expect(node.holds(killed.sandboxId)).toBe(false);
    expect(messages(node, killed.sandboxId).slice(-2)).toEqual([`timeout changed: ends at ${at(T0)}`, "stopped: its timeout was reached"]);
    expect(await node.timeout(paused.sandboxId, at(T0 + MINUTE))).toMatchObject({ state: "paused", pausedAt: at(T0 + MINUTE), endAt: at(T0 + 6 * MINUTE) });
    expect(node.load().running).toBe(0);
  });

  test("pause, resume and timeout calls are recorded", async () => {
    const { node } = setup();
    const s = spec();
    await node.create(s);
    await node.pause(s.sandboxId, at(T0 + 20 * MINUTE));
    await node.resume(s.sandboxId, at(T0 + 20 * MINUTE));
    await node.timeout(s.sandboxId, at(T0 + 30 * MINUTE));
    expect(node.calls().map((c) => c.op)).toEqual(["create", "pause", "resume", "timeout"]);
  });
});

describe("the running count", () => {
  const heldRunning = (node: SimulatedNode) => node.snapshot().filter((s) => s.state === "running").length;

  test("stays exact through creates, pauses, resumes, deletes, new end times, auto-pauses, removals and restores", async () => {
    const { clock, node } = setup({ capacity: 4 });
    const a = spec({ onTimeout: "pause", pausedRetentionS: 120, endAt: at(T0 + MINUTE) });
    const b = spec({ onTimeout: "pause", pausedRetentionS: 120, endAt: at(T0 + 2 * MINUTE) });
    const c = spec({ endAt: at(T0 + 3 * MINUTE) });
    const d = spec();
    for (const s of [a, b, c, d]) await node.create(s);
    const running = () => node.load().running;
    expect(running()).toBe(4);
    await node.pause(d.sandboxId);
    await node.pause(d.sandboxId);
    expect(running()).toBe(3);
    clock.now = T0 + MINUTE; // a auto-paused
    expect(running()).toBe(2);
    await node.resume(a.sandboxId, at(T0 + 4 * MINUTE));
    await node.resume(a.sandboxId);
    expect(running()).toBe(3);
    await node.timeout(b.sandboxId, at(T0)); // b auto-paused at once
    expect(running()).toBe(2);
    clock.now = T0 + 3 * MINUTE; // c stopped
    expect(running()).toBe(1);
    await node.resume(d.sandboxId);
    await node.delete(a.sandboxId);
    expect(running()).toBe(1);
    clock.now = T0 + 4 * MINUTE; // b removed (kept until T0 + 2 min)
    expect(node.ids()).toEqual([d.sandboxId]);
    const later = setup({ capacity: 4 });
    later.clock.now = clock.now;
    later.node.restore(node.snapshot());
    later.node.restore(node.snapshot()); // twice: the same sandboxes, counted once
    expect(later.node.load().running).toBe(1);
    expect(running()).toBe(heldRunning(node));
  });

  test("for any sequence of calls and clock moves, the count equals the running sandboxes held and never exceeds the capacity", async () => {
    const ids = Array.from({ length: 5 }, (_, i) => `${"c".repeat(31)}${i}`);
    const id = fc.constantFrom(...ids);
    const offset = fc.integer({ min: -60, max: 600 }).map((s) => s * SECOND);
    const step = fc.oneof(
      fc.record({ op: fc.constant("create" as const), id, offset, onTimeout: fc.constantFrom("kill" as const, "pause" as const), retention: fc.integer({ min: 0, max: 300 }) }),
      fc.record({ op: fc.constantFrom("pause" as const, "resume" as const), id, offset: fc.option(offset, { nil: undefined }) }),
      fc.record({ op: fc.constant("timeout" as const), id, offset }),
      fc.record({ op: fc.constant("delete" as const), id }),
      fc.record({ op: fc.constant("wait" as const), ms: fc.integer({ min: 0, max: 400 }).map((s) => s * SECOND) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 40 }), async (steps) => {
        const { clock, node } = setup({ capacity: 3 });
        for (const s of steps) {
          const endAt = "offset" in s && s.offset !== undefined ? at(clock.now + s.offset) : undefined;
          try {
            if (s.op === "create") await node.create(spec({ sandboxId: s.id, endAt: endAt!, onTimeout: s.onTimeout, pausedRetentionS: s.retention }));
            else if (s.op === "pause") await node.pause(s.id, endAt);
            else if (s.op === "resume") await node.resume(s.id, endAt);
            else if (s.op === "timeout") await node.timeout(s.id, endAt!);
            else if (s.op === "delete") await node.delete(s.id);
            else if (s.op === "wait") clock.now += s.ms;
          } catch (err) {
            if (!(err instanceof CubicleError)) throw err;
          }
          const { running, capacity } = node.load();
          expect(running).toBe(heldRunning(node));
          expect(running).toBeLessThanOrEqual(capacity);
          // After load() nothing held is past its end time.
          expect(node.snapshot().every((h) => Date.parse(h.endAt) > clock.now)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});
