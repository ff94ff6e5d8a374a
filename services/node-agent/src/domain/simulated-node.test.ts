import { describe, expect, test } from "@jest/globals";
import { MINUTE, rejection, setup, spec, T0 } from "../../test/simulated-node-fixtures.js";

describe("create, get, list, delete", () => {
  test("a created sandbox is running and reported with the node's id, its size and its times", async () => {
    const { node } = setup({ envdVersion: "0.9.9", diskSizeMB: 2_048 });
    const s = spec();
    const view = await node.create(s);
    expect(view).toEqual({
      sandboxId: s.sandboxId,
      node: "node-1",
      state: "running",
      templateId: s.templateId,
      cpuCount: 2,
      memoryMB: 512,
      envdVersion: "0.9.9",
      diskSizeMB: 2_048,
      startedAt: new Date(T0).toISOString(),
      endAt: s.endAt,
      onTimeout: "kill",
      pausedAt: null,
    });
    // Neither metadata, events nor environment variables are in the view.
    expect(JSON.stringify(view)).not.toContain("never-shown");
    expect(view).not.toHaveProperty("metadata");
    expect(view).not.toHaveProperty("events");
  });

  test("get answers the sandbox, or null for an id the node does not hold", async () => {
    const { node } = setup();
    const s = spec();
    const created = await node.create(s);
    expect(await node.get(s.sandboxId)).toEqual(created);
    expect(await node.get(spec().sandboxId)).toBeNull();
  });

  test("list answers every sandbox held; ids() and holds() agree", async () => {
    const { node } = setup();
    const a = spec();
    const b = spec();
    await node.create(a);
    await node.create(b);
    expect((await node.list()).map((s) => s.sandboxId).sort()).toEqual([a.sandboxId, b.sandboxId].sort());
    expect(node.ids().sort()).toEqual([a.sandboxId, b.sandboxId].sort());
    expect(node.holds(a.sandboxId)).toBe(true);
  });

  test("delete forgets the sandbox and answers true; false for an id the node does not hold", async () => {
    const { node } = setup();
    const s = spec();
    await node.create(s);
    expect(await node.delete(s.sandboxId)).toBe(true);
    expect(await node.get(s.sandboxId)).toBeNull();
    expect(await node.list()).toEqual([]);
    expect(await node.delete(s.sandboxId)).toBe(false);
  });

  test("a duplicate id → sandbox_exists (409), and the first sandbox is untouched", async () => {
    const { node } = setup();
    const s = spec();
    await node.create(s);
    const err = await rejection(node.create({ ...s, cpuCount: 8 }));
    expect(err).toMatchObject({ code: "sandbox_exists", status: 409 });
    expect((await node.get(s.sandboxId))?.cpuCount).toBe(2);
  });

  test("calls about one sandbox are recorded in order (lists are not)", async () => {
    const { node } = setup();
    const s = spec();
    await node.create(s);
    await node.get(s.sandboxId);
    await node.list();
    await node.pause(s.sandboxId);
    await node.resume(s.sandboxId);
    await node.delete(s.sandboxId);
    expect(node.calls().map((c) => c.op)).toEqual(["create", "get", "pause", "resume", "delete"]);
    expect(node.calls().every((c) => c.sandboxId === s.sandboxId)).toBe(true);
  });
});

describe("capacity", () => {
  test("a full node refuses a create with node_full (503)", async () => {
    const { node } = setup({ capacity: 2 });
    await node.create(spec());
    await node.create(spec());
    expect(node.load()).toEqual({ running: 2, capacity: 2 });
    const err = await rejection(node.create(spec()));
    expect(err).toMatchObject({ code: "node_full", status: 503 });
    expect(node.ids()).toHaveLength(2);
  });

  test("only running sandboxes count: pausing one frees its place, and the paused one is kept", async () => {
    const { node } = setup({ capacity: 1 });
    const a = spec();
    await node.create(a);
    expect((await node.pause(a.sandboxId)).state).toBe("paused");
    expect(node.load()).toEqual({ running: 0, capacity: 1 });
    const b = spec();
    await node.create(b);
    expect(node.load()).toEqual({ running: 1, capacity: 1 });
    expect((await node.get(a.sandboxId))?.state).toBe("paused");
  });

  test("resuming into a full node → node_full, and the sandbox stays paused", async () => {
    const { node } = setup({ capacity: 1 });
    const a = spec();
    await node.create(a);
    await node.pause(a.sandboxId);
    await node.create(spec());
    const err = await rejection(node.resume(a.sandboxId));
    expect(err).toMatchObject({ code: "node_full", status: 503 });
    expect((await node.get(a.sandboxId))?.state).toBe("paused");
  });

  test("deleting a sandbox frees its place; setCapacity changes the limit", async () => {
    const { node } = setup({ capacity: 1 });
    const a = spec();
    await node.create(a);
    await node.delete(a.sandboxId);
    await node.create(spec());
    node.setCapacity(3);
    await node.create(spec());
    expect(node.load()).toEqual({ running: 2, capacity: 3 });
  });

  test("pause and resume are idempotent: pausing a paused sandbox or resuming a running one changes nothing", async () => {
    const { node } = setup();
    const a = spec();
    await node.create(a);
    expect((await node.resume(a.sandboxId)).state).toBe("running");
    await node.pause(a.sandboxId);
    expect((await node.pause(a.sandboxId)).state).toBe("paused");
    expect(node.logs(a.sandboxId)!.filter((e) => e.message.startsWith("paused"))).toHaveLength(1);
  });

  test("pause or resume of an id the node does not hold → sandbox_not_found (404)", async () => {
    const { node } = setup();
    const id = spec().sandboxId;
    expect(await rejection(node.pause(id))).toMatchObject({ code: "sandbox_not_found", status: 404 });
    expect(await rejection(node.resume(id))).toMatchObject({ code: "sandbox_not_found", status: 404 });
  });
});

describe("onChange", () => {
  test("fires on each change: create, pause, resume, delete, expiry and restore; not on reads or no-ops", async () => {
    const { clock, node } = setup();
    let changes = 0;
    node.onChange(() => changes++);
    const a = spec();
    const b = spec({ endAt: new Date(T0 + MINUTE).toISOString() });
    await node.create(a);
    await node.create(b);
    expect(changes).toBe(2);
    await node.pause(a.sandboxId);
    await node.pause(a.sandboxId); // already paused
    await node.resume(a.sandboxId);
    await node.resume(a.sandboxId); // already running
    expect(changes).toBe(4);
    await node.get(a.sandboxId);
    await node.list();
    node.metrics(a.sandboxId);
    expect(changes).toBe(4);
    await node.delete(a.sandboxId);
    await node.delete(a.sandboxId); // not held
    expect(changes).toBe(5);
    clock.now = T0 + 2 * MINUTE;
    expect(node.ids()).toEqual([]); // b expired
    expect(changes).toBe(6);
    node.restore([]);
    expect(changes).toBe(7);
  });

  test("a failed create changes nothing", async () => {
    const { node } = setup({ capacity: 0 });
    let changes = 0;
    node.onChange(() => changes++);
    await rejection(node.create(spec()));
    expect(changes).toBe(0);
  });
});

describe("failing and slow creates", () => {
  test("failNextCreates(n) makes the next n creates fail with agent_error and the reason, then creates work again", async () => {
    const { node } = setup();
    node.failNextCreates(2, "disk on fire");
    for (let i = 0; i < 2; i++) {
      const err = await rejection(node.create(spec()));
      expect(err).toMatchObject({ code: "agent_error", status: 502, message: "disk on fire" });
    }
    await node.create(spec());
    expect(node.ids()).toHaveLength(1);
  });

  test("failNextCreates() fails just the next create, with a default reason", async () => {
    const { node } = setup();
    node.failNextCreates();
    expect((await rejection(node.create(spec()))).message).toMatch(/told to fail/);
    await node.create(spec());
  });

  test("failCreatesWhen refuses the creates it names until it is cleared", async () => {
    const { node } = setup();
    node.failCreatesWhen((s) => (s.cpuCount > 4 ? "too big" : undefined));
    expect(await rejection(node.create(spec({ cpuCount: 8 })))).toMatchObject({ code: "agent_error", message: "too big" });
    await node.create(spec({ cpuCount: 2 }));
    node.failCreatesWhen(null);
    await node.create(spec({ cpuCount: 8 }));
  });

  test("with a delay, a call takes that long, and an abort signal ends it", async () => {
    const { node } = setup({ delayMs: 40 });
    const started = Date.now();
    await node.create(spec());
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);
    node.setDelay(10_000);
    const controller = new AbortController();
    const pending = node.list(controller.signal);
    controller.abort();
    await expect(pending).rejects.toThrow();
  });
});
