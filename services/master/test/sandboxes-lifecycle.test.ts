// A sandbox's life after its create, through master's API against real PostgreSQL and a node
// agent over HTTP: its timeout set and extended, pause and connect (resume), auto-pause at
// its timeout, metrics and logs from its node (also the log of one just killed), and the
// template's spawn count.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, test } from "@jest/globals";
import type { ConnectedSandbox, SandboxView } from "@cubicle/contracts";
import { eventually, expectErrorShape, getTemplate, useTestMaster, waitForStatus, createTestNode } from "./support.js";

const node = createTestNode();
const ctx = useTestMaster({ node, env: { SANDBOX_MAX_TIMEOUT_S: "7200", SANDBOX_PAUSED_RETENTION_S: "3600", SANDBOX_SWEEP_MS: "100", NODE_RECONCILE_MS: "1000" } });
const api = () => ctx.master.api;

let templateId: string;
beforeAll(async () => {
  const r = await api().post("/templates", { displayName: "life-main", image: "alpine:3.20" });
  expect(r.status).toBe(202);
  await waitForStatus(api(), r.body.templateId, ["ready"]);
  templateId = r.body.templateId;
});

async function sandbox(body: Record<string, unknown> = {}): Promise<SandboxView> {
  const r = await api().post("/sandboxes", { templateId, ...body });
  if (r.status !== 201) throw new Error(`POST /sandboxes answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body as SandboxView;
}
const get = async (id: string) => (await api().get(`/sandboxes/${id}`)).body as SandboxView;
const record = async (id: string) => (await ctx.db.query("SELECT state, on_timeout, end_at, paused_at, timeout_seconds FROM sandboxes WHERE id = $1", [id])).rows[0];
const seconds = (iso: string) => (Date.parse(iso) - Date.now()) / 1000;
const logLines = async (id: string) => ((await api().get(`/sandboxes/${id}/logs`)).body.logs as { message: string }[]).map((l) => l.message);

describe("POST /sandboxes/:id/timeout", () => {
  test("sets the end `timeout` seconds from now, shorter or longer, at the node and in the record", async () => {
    const s = await sandbox({ timeout: 300 });
    const longer = await api().post(`/sandboxes/${s.sandboxId}/timeout`, { timeout: 3600 });
    expect(longer.status).toBe(200);
    expect(seconds(longer.body.endAt)).toBeGreaterThan(3590);
    expect(longer.body).toMatchObject({ timeout: 3600, state: "running" });
    expect((await record(s.sandboxId)).end_at.toISOString()).toBe(longer.body.endAt);
    expect(node.holds(s.sandboxId)).toBe(true);
    const shorter = await api().post(`/sandboxes/${s.sandboxId}/timeout`, { timeout: 60 });
    expect(seconds(shorter.body.endAt)).toBeLessThan(61);
    expect((await get(s.sandboxId)).endAt).toBe(shorter.body.endAt);
  });

  test("a timeout above SANDBOX_MAX_TIMEOUT_S → 400 naming the maximum, nothing changed; also at create", async () => {
    const s = await sandbox();
    const r = await api().post(`/sandboxes/${s.sandboxId}/timeout`, { timeout: 7201 });
    expectErrorShape(r, 400, "invalid_request");
    expect(r.body.message).toContain("7200");
    expect((await get(s.sandboxId)).endAt).toBe(s.endAt);
    expectErrorShape(await api().post("/sandboxes", { templateId, timeout: 7201 }), 400, "invalid_request");
  });

  test("timeout 0 ends the sandbox now: it is gone", async () => {
    const s = await sandbox();
    expect((await api().post(`/sandboxes/${s.sandboxId}/timeout`, { timeout: 0 })).status).toBe(200);
    expectErrorShape(await api().get(`/sandboxes/${s.sandboxId}`), 404, "sandbox_not_found");
  });

  test("an unknown sandbox → 404; a malformed body → 400", async () => {
    expectErrorShape(await api().post(`/sandboxes/${"0".repeat(32)}/timeout`, { timeout: 10 }), 404, "sandbox_not_found");
    const s = await sandbox();
    expectErrorShape(await api().post(`/sandboxes/${s.sandboxId}/timeout`, { timeout: "soon" }), 400, "invalid_request");
    expectErrorShape(await api().post(`/sandboxes/${s.sandboxId}/timeout`, {}), 400, "invalid_request");
  });
});

describe("POST /sandboxes/:id/refreshes", () => {
  test("extends to `duration` from now but never shortens", async () => {
    const s = await sandbox({ timeout: 600 });
    const kept = await api().post(`/sandboxes/${s.sandboxId}/refreshes`, { duration: 60 });
    expect(kept.status).toBe(200);
    expect(kept.body.endAt).toBe(s.endAt);
    const extended = await api().post(`/sandboxes/${s.sandboxId}/refreshes`, { duration: 3600 });
    expect(seconds(extended.body.endAt)).toBeGreaterThan(3590);
    expectErrorShape(await api().post(`/sandboxes/${s.sandboxId}/refreshes`, { duration: 3601 }), 400, "invalid_request");
  });
});

describe("pause and connect", () => {
  test("pause keeps the sandbox (paused, kept for the retention) and frees its place on the node; a second pause → 409", async () => {
    const s = await sandbox({ metadata: { app: "p" } });
    const before = node.load().running;
    const r = await api().post(`/sandboxes/${s.sandboxId}/pause`, {});
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ sandboxId: s.sandboxId, state: "paused", metadata: { app: "p" }, templateId });
    expect(r.body.pausedAt).not.toBeNull();
    expect(seconds(r.body.endAt)).toBeGreaterThan(3590);
    expect(node.load().running).toBe(before - 1);
    expect(await record(s.sandboxId)).toMatchObject({ state: "paused" });
    expect((await get(s.sandboxId)).state).toBe("paused");
    expectErrorShape(await api().post(`/sandboxes/${s.sandboxId}/pause`, {}), 409, "sandbox_paused");
    expectErrorShape(await api().post(`/sandboxes/${s.sandboxId}/timeout`, { timeout: 10 }), 409, "sandbox_paused");
  });

  test("the list filters by state", async () => {
    const running = await sandbox({ metadata: { filter: "state" } });
    const paused = await sandbox({ metadata: { filter: "state" } });
    await api().post(`/sandboxes/${paused.sandboxId}/pause`, {});
    const ids = async (state?: string) =>
      ((await api().get(`/sandboxes?metadata=${encodeURIComponent(JSON.stringify({ filter: "state" }))}${state ? `&state=${state}` : ""}`)).body.sandboxes as SandboxView[]).map((x) => x.sandboxId).sort();
    expect(await ids("paused")).toEqual([paused.sandboxId]);
    expect(await ids("running")).toEqual([running.sandboxId]);
    expect(await ids("running,paused")).toEqual([running.sandboxId, paused.sandboxId].sort());
    expect(await ids()).toEqual([running.sandboxId, paused.sandboxId].sort());
    expectErrorShape(await api().get("/sandboxes?state=sleeping"), 400, "invalid_request");
  });

  test("connect resumes a paused sandbox (201, resumed) and extends a running one (200); onlyPaused refuses a running one", async () => {
    const s = await sandbox({ timeout: 60 });
    await api().post(`/sandboxes/${s.sandboxId}/pause`, {});
    const resumed = await api().post(`/sandboxes/${s.sandboxId}/connect`, { timeout: 900 });
    expect(resumed.status).toBe(201);
    const body = resumed.body as ConnectedSandbox;
    expect(body.resumed).toBe(true);
    expect(body.sandbox).toMatchObject({ sandboxId: s.sandboxId, state: "running", timeout: 900 });
    expect(seconds(body.sandbox.endAt)).toBeGreaterThan(890);
    expect(node.holds(s.sandboxId)).toBe(true);
    expect((await get(s.sandboxId)).state).toBe("running");

    const again = await api().post(`/sandboxes/${s.sandboxId}/connect`, { timeout: 1800 });
    expect(again.status).toBe(200);
    expect(again.body.resumed).toBe(false);
    expect(seconds(again.body.sandbox.endAt)).toBeGreaterThan(1790);
    // Connect never shortens.
    const kept = await api().post(`/sandboxes/${s.sandboxId}/connect`, { timeout: 10 });
    expect(kept.body.sandbox.endAt).toBe(again.body.sandbox.endAt);
    expectErrorShape(await api().post(`/sandboxes/${s.sandboxId}/connect`, { timeout: 10, onlyPaused: true }), 409, "sandbox_running");
  });

  test("onTimeout pause: at its timeout the sandbox is paused, not removed, and connect brings it back", async () => {
    const s = await sandbox({ timeout: 1, onTimeout: "pause" });
    expect(s.onTimeout).toBe("pause");
    await eventually(async () => ((await record(s.sandboxId))?.state === "paused" ? true : undefined), 5_000, "the sweep to pause it");
    const paused = await get(s.sandboxId);
    expect(paused.state).toBe("paused");
    expect(Date.parse(paused.pausedAt!)).toBe(Date.parse(s.endAt));
    expect(Date.parse(paused.endAt)).toBe(Date.parse(s.endAt) + 3_600_000);
    const back = await api().post(`/sandboxes/${s.sandboxId}/connect`, { timeout: 120 });
    expect(back.status).toBe(201);
    expect(back.body.sandbox.state).toBe("running");
    expect(await logLines(s.sandboxId)).toEqual(expect.arrayContaining([expect.stringMatching(/paused/), expect.stringMatching(/resumed/)]));
  });

  test("a pause the record missed (made at the node alone) is taken from the node by its reconciliation, with no read of the sandbox", async () => {
    const s = await sandbox();
    await eventually(async () => ((await record(s.sandboxId)) !== undefined ? true : undefined), 5_000, "the record to be written");
    await node.pause(s.sandboxId);
    await eventually(async () => ((await record(s.sandboxId))?.state === "paused" ? true : undefined), 10_000, "the reconciliation to take the node's state");
  });

  test("a sandbox with the default onTimeout is removed at its timeout", async () => {
    // Made with a long timeout, so its fast-mode record (written after the answer) is certainly
    // seen before it ends; then its timeout is set to 1 s and the sweep removes it.
    const s = await sandbox({ timeout: 600 });
    expect(s.onTimeout).toBe("kill");
    await eventually(async () => ((await record(s.sandboxId)) !== undefined ? true : undefined), 5_000, "the record to be written");
    const shortened = await api().post(`/sandboxes/${s.sandboxId}/timeout`, { timeout: 1 });
    expect(shortened.status).toBe(200);
    expect(shortened.body).toMatchObject({ timeout: 1, onTimeout: "kill" });
    await eventually(async () => ((await record(s.sandboxId)) === undefined ? true : undefined), 5_000, "the sweep to remove it");
    expect(node.holds(s.sandboxId)).toBe(false);
  });
});

describe("metrics and logs, from the node", () => {
  test("metrics: the configured size and zero usage, now", async () => {
    const s = await sandbox();
    const r = await api().get(`/sandboxes/${s.sandboxId}/metrics`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ cpuCount: s.cpuCount, memTotalMiB: s.memoryMB, cpuUsedPct: 0, memUsedMiB: 0, diskUsedMiB: 0, diskTotalMiB: s.diskSizeMB });
    expect(Math.abs(Date.parse(r.body.timestamp) - Date.now())).toBeLessThan(5_000);
  });

  test("metrics of several sandboxes: the team's live ones, unknown ids left out, more than 100 → 400", async () => {
    const a = await sandbox();
    const b = await sandbox();
    const unknown = "f".repeat(32);
    const r = await api().get(`/sandbox-metrics?ids=${a.sandboxId},${b.sandboxId},${unknown}`);
    expect(r.status).toBe(200);
    expect(Object.keys(r.body.metrics).sort()).toEqual([a.sandboxId, b.sandboxId].sort());
    const many = Array.from({ length: 101 }, (_, i) => i.toString(16).padStart(32, "0")).join(",");
    expectErrorShape(await api().get(`/sandbox-metrics?ids=${many}`), 400, "invalid_request");
  });

  test("logs: the lifecycle events as the node recorded them, and after a kill the 'killed' line (for its own team only)", async () => {
    const s = await sandbox();
    await api().post(`/sandboxes/${s.sandboxId}/timeout`, { timeout: 600 });
    await api().post(`/sandboxes/${s.sandboxId}/pause`, {});
    await api().post(`/sandboxes/${s.sandboxId}/connect`, { timeout: 600 });
    const lines = await logLines(s.sandboxId);
    expect(lines[0]).toMatch(/^created/);
    expect(lines.join("\n")).toMatch(/timeout changed[\s\S]*paused[\s\S]*resumed/);
    expect((await api().delete(`/sandboxes/${s.sandboxId}`)).status).toBe(204);
    expect((await logLines(s.sandboxId)).at(-1)).toMatch(/killed/);

    const other = await api().post("/teams", { slug: `life-${randomUUID().slice(0, 8)}` });
    expect(other.status).toBe(201);
    expectErrorShape(await ctx.master.as(other.body.teamId).get(`/sandboxes/${s.sandboxId}/logs`), 404, "sandbox_not_found");
    expectErrorShape(await api().get(`/sandboxes/${"e".repeat(32)}/logs`), 404, "sandbox_not_found");
  });

  test("the note of an ended sandbox is forgotten after SANDBOX_ENDED_LOGS_MS (1 h here): its log is then 404", async () => {
    const id = "d".repeat(32);
    await ctx.db.query("INSERT INTO ended_sandboxes (id, team_id, node, ended_at) VALUES ($1, $2::uuid, $3, now() - interval '61 minutes')", [id, ctx.master.team, node.node]);
    await eventually(async () => ((await ctx.db.query("SELECT 1 FROM ended_sandboxes WHERE id = $1", [id])).rowCount === 0 ? true : undefined), 5_000, "the sweep to forget it");
    expectErrorShape(await api().get(`/sandboxes/${id}/logs`), 404, "sandbox_not_found");
  });

  test("another team's sandbox: every lifecycle route answers as for an unknown one", async () => {
    const s = await sandbox();
    const other = await api().post("/teams", { slug: `life-${randomUUID().slice(0, 8)}` });
    const as = ctx.master.as(other.body.teamId);
    for (const [method, path, body] of [
      ["post", "timeout", { timeout: 10 }],
      ["post", "refreshes", {}],
      ["post", "pause", {}],
      ["post", "connect", {}],
      ["get", "metrics", undefined],
    ] as const) {
      const r = method === "get" ? await as.get(`/sandboxes/${s.sandboxId}/${path}`) : await as.post(`/sandboxes/${s.sandboxId}/${path}`, body);
      expectErrorShape(r, 404, "sandbox_not_found");
    }
    expect((await as.get(`/sandbox-metrics?ids=${s.sandboxId}`)).body).toEqual({ metrics: {} });
    expect((await get(s.sandboxId)).state).toBe("running");
  });
});

describe("templates count their sandboxes", () => {
  test("spawnCount and lastSpawnedAt grow with each sandbox; diskSizeMB and envdVersion come from the ready build", async () => {
    const r = await api().post("/templates", { displayName: `spawn-${randomUUID().slice(0, 8)}`, image: "alpine:3.20" });
    const t = await waitForStatus(api(), r.body.templateId, ["ready"]);
    expect(t).toMatchObject({ spawnCount: 0, lastSpawnedAt: null, diskSizeMB: 1024, envdVersion: "0.2.0" });
    const first = await api().post("/sandboxes", { templateId: t.templateId });
    await api().post("/sandboxes", { templateId: t.templateId, mode: "strong" });
    await eventually(async () => ((await getTemplate(api(), t.templateId)).spawnCount === 2 ? true : undefined), 5_000, "two spawns counted");
    const after = await getTemplate(api(), t.templateId);
    expect(Date.parse(after.lastSpawnedAt!)).toBeGreaterThanOrEqual(Date.parse(first.body.startedAt));
    expect(first.body).toMatchObject({ diskSizeMB: 1024, envdVersion: "0.2.0" });
  });
});

// Last in the file: master places by the room the node last reported, and a heartbeat sent
// while the capacity was shrunk may reach master after it is restored, so no create follows.
describe("a node without room", () => {
  test("resuming on a full node → 503 node_full, and the sandbox stays paused", async () => {
    const s = await sandbox();
    await api().post(`/sandboxes/${s.sandboxId}/pause`, {});
    const capacity = node.load().capacity;
    node.setCapacity(node.load().running);
    try {
      expectErrorShape(await api().post(`/sandboxes/${s.sandboxId}/connect`, {}), 503, "node_full");
      expect((await get(s.sandboxId)).state).toBe("paused");
    } finally {
      node.setCapacity(capacity);
    }
  });
});
