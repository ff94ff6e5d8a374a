// The node agent's HTTP API, in process, against FAKE masters (node:http servers that accept
// heartbeats and record them): no database needed.
import { describe, expect, test } from "@jest/globals";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eventually, freePort, jsonClient } from "../../../test-support/http.js";
import { AGENT_TOKEN, agents, createBody, expectError, fakeMaster, MASTER_TOKEN, startAgent, UUID } from "./agent-support.js";

describe("registration and heartbeats", () => {
  test("readiness is 503 until a master accepts a heartbeat, then 200; the heartbeat carries address, capacity, load and bootId", async () => {
    const master = await fakeMaster(503);
    const { agent, anonymous } = await startAgent(master.url, { capacity: 7 });
    await eventually(async () => (master.beats.length >= 2 ? true : undefined), 5_000, "heartbeats master refuses");
    expectError(await anonymous.get("/readyz"), 503, "service_unavailable");
    // Liveness does not wait for master.
    expect((await anonymous.get("/healthz")).status).toBe(200);

    master.status = 200;
    await agent.registered;
    const ready = await anonymous.get("/readyz");
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: "ready", node: "node-t", running: 0, capacity: 7 });

    const beat = master.beats.at(-1)!;
    expect(beat.url).toBe("/nodes/node-t");
    expect(beat.headers.authorization).toBe(`Bearer ${MASTER_TOKEN}`);
    expect(beat.body).toEqual({ address: agent.url, capacity: 7, load: 0, bootId: expect.stringMatching(UUID) });
    // One boot id for the life of the process.
    expect(new Set(master.beats.map((b) => b.body.bootId)).size).toBe(1);
  });

  test("the heartbeat reports the running sandboxes as load", async () => {
    const master = await fakeMaster();
    const { agent, api } = await startAgent(master.url);
    await agent.registered;
    expect((await api.post("/sandboxes", createBody())).status).toBe(201);
    const paused = createBody();
    expect((await api.post("/sandboxes", paused)).status).toBe(201);
    expect((await api.post(`/sandboxes/${paused.sandboxId}/pause`)).status).toBe(200);
    const seen = master.beats.length;
    await eventually(async () => (master.beats.length > seen ? true : undefined), 5_000, "a later heartbeat");
    await eventually(async () => (master.beats.at(-1)!.body.load === 1 ? true : undefined), 5_000, "a heartbeat with load 1");
  });

  test("AGENT_ADVERTISE_URL is the address sent to master (without a trailing slash)", async () => {
    const master = await fakeMaster();
    const { agent } = await startAgent(master.url, { env: { AGENT_ADVERTISE_URL: "http://10.0.0.5:3200/" } });
    await agent.registered;
    expect(master.beats[0]!.body.address).toBe("http://10.0.0.5:3200");
  });

  test("with two masters in MASTER_URL and the first refusing connections, heartbeats reach the second", async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const master = await fakeMaster();
    const { agent, anonymous } = await startAgent(`${dead},${master.url}`);
    await agent.registered;
    await eventually(async () => (master.beats.length >= 3 ? true : undefined), 5_000, "several heartbeats to the live master");
    expect((await anonymous.get("/readyz")).status).toBe(200);
  });

  test("close() sends a last heartbeat with leaving: true, and then the agent is gone", async () => {
    const master = await fakeMaster();
    const { agent, anonymous } = await startAgent(master.url);
    await agent.registered;
    expect(master.beats.some((b) => b.body.leaving)).toBe(false);
    await agent.close();
    const last = master.beats.at(-1)!;
    expect(last.body).toEqual({ address: agent.url, capacity: 5, load: 0, bootId: master.beats[0]!.body.bootId, leaving: true });
    expect(master.beats.filter((b) => b.body.leaving)).toHaveLength(1);
    await expect(anonymous.get("/readyz")).rejects.toThrow();
    // No heartbeat after the last one.
    const count = master.beats.length;
    await new Promise((r) => setTimeout(r, 150));
    expect(master.beats.length).toBe(count);
    // close() again is harmless.
    await agent.close();
  });
});

describe("sandboxes API", () => {
  test("POST creates (201), GET reads (200), DELETE removes (204); then 404 sandbox_not_found", async () => {
    const master = await fakeMaster();
    const { agent, api } = await startAgent(master.url);
    await agent.registered;
    const body = createBody();
    const created = await api.post("/sandboxes", body);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      sandboxId: body.sandboxId,
      node: "node-t",
      state: "running",
      templateId: body.templateId,
      cpuCount: 2,
      memoryMB: 512,
      envdVersion: expect.any(String),
      diskSizeMB: expect.any(Number),
      startedAt: expect.any(String),
      endAt: body.endAt,
      onTimeout: "kill",
      pausedAt: null,
    });
    const read = await api.get(`/sandboxes/${body.sandboxId}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
    const removed = await api.delete(`/sandboxes/${body.sandboxId}`);
    expect(removed.status).toBe(204);
    expect(removed.body).toBeUndefined();
    expectError(await api.get(`/sandboxes/${body.sandboxId}`), 404, "sandbox_not_found");
    expectError(await api.delete(`/sandboxes/${body.sandboxId}`), 404, "sandbox_not_found");
  });

  test("ids are case-insensitive: a sandbox created in upper case is held and read in lower case", async () => {
    const master = await fakeMaster();
    const { api } = await startAgent(master.url);
    const body = createBody();
    const upper = body.sandboxId.toUpperCase();
    expect((await api.post("/sandboxes", { ...body, sandboxId: upper })).body.sandboxId).toBe(body.sandboxId);
    expect((await api.get(`/sandboxes/${upper}`)).status).toBe(200);
  });

  test("a second create with the same id → 409 sandbox_exists; a full node → 503 node_full", async () => {
    const master = await fakeMaster();
    const { api } = await startAgent(master.url, { capacity: 1 });
    const body = createBody();
    expect((await api.post("/sandboxes", body)).status).toBe(201);
    expectError(await api.post("/sandboxes", body), 409, "sandbox_exists");
    expectError(await api.post("/sandboxes", createBody()), 503, "node_full");
  });

  test("GET /sandboxes lists the sandboxes held", async () => {
    const master = await fakeMaster();
    const { api } = await startAgent(master.url);
    expect((await api.get("/sandboxes")).body).toEqual({ sandboxes: [] });
    const a = createBody();
    const b = createBody();
    await api.post("/sandboxes", a);
    await api.post("/sandboxes", b);
    const list = await api.get("/sandboxes");
    expect(list.status).toBe(200);
    expect(list.body.sandboxes.map((s: { sandboxId: string }) => s.sandboxId).sort()).toEqual([a.sandboxId, b.sandboxId].sort());
  });

  test("pause and resume change the state; unknown ids → 404", async () => {
    const master = await fakeMaster();
    const { api } = await startAgent(master.url);
    const body = createBody();
    await api.post("/sandboxes", body);
    const paused = await api.post(`/sandboxes/${body.sandboxId}/pause`);
    expect(paused.status).toBe(200);
    expect(paused.body.state).toBe("paused");
    const resumed = await api.post(`/sandboxes/${body.sandboxId}/resume`);
    expect(resumed.status).toBe(200);
    expect(resumed.body.state).toBe("running");
    const unknown = createBody().sandboxId;
    expectError(await api.post(`/sandboxes/${unknown}/pause`), 404, "sandbox_not_found");
    expectError(await api.post(`/sandboxes/${unknown}/resume`), 404, "sandbox_not_found");
  });

  test("metrics and logs of a sandbox; unknown ids → 404", async () => {
    const master = await fakeMaster();
    const { api } = await startAgent(master.url);
    const body = createBody({ cpuCount: 4, memoryMB: 1_024 });
    await api.post("/sandboxes", body);
    await api.post(`/sandboxes/${body.sandboxId}/pause`);
    const metrics = await api.get(`/sandboxes/${body.sandboxId}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatchObject({ cpuCount: 4, cpuUsedPct: 0, memTotalMiB: 1_024, memUsedMiB: 0, diskUsedMiB: 0 });
    const logs = await api.get(`/sandboxes/${body.sandboxId}/logs`);
    expect(logs.status).toBe(200);
    expect(logs.body.logs.map((e: { message: string }) => e.message)).toEqual([expect.stringMatching(/^created from template/), `paused (kept until ${body.endAt})`]);
    const unknown = createBody().sandboxId;
    expectError(await api.get(`/sandboxes/${unknown}/metrics`), 404, "sandbox_not_found");
    expectError(await api.get(`/sandboxes/${unknown}/logs`), 404, "sandbox_not_found");
  });

  test.each([
    ["a missing field", (b: Record<string, unknown>) => ({ ...b, endAt: undefined })],
    ["an unknown field", (b: Record<string, unknown>) => ({ ...b, extra: 1 })],
    ["a bad sandbox id", (b: Record<string, unknown>) => ({ ...b, sandboxId: "not-an-id" })],
    ["too many CPUs", (b: Record<string, unknown>) => ({ ...b, cpuCount: 1_000 })],
    ["an endAt that is not a date", (b: Record<string, unknown>) => ({ ...b, endAt: "tomorrow" })],
  ])("a create body with %s → 400 invalid_request, nothing created", async (_what, change) => {
    const master = await fakeMaster();
    const { api, node } = await startAgent(master.url);
    expectError(await api.post("/sandboxes", change(createBody())), 400, "invalid_request");
    expect(node.ids()).toEqual([]);
  });

  test("a body that is not JSON → 400; a bad id in the path → 400", async () => {
    const master = await fakeMaster();
    const { api } = await startAgent(master.url);
    const r = await api.call("POST", "/sandboxes", "{not json", { "content-type": "application/json" });
    expect(r.status).toBe(400);
    expectError(await api.get("/sandboxes/not-an-id"), 400, "invalid_request");
  });

  test("without the bearer AGENT_TOKEN (or with a wrong one) → 401 unauthorized; health probes need none", async () => {
    const master = await fakeMaster();
    const { agent, anonymous, node } = await startAgent(master.url);
    await agent.registered;
    const body = createBody();
    for (const reply of [
      await anonymous.get("/sandboxes"),
      await anonymous.post("/sandboxes", body),
      await anonymous.get(`/sandboxes/${body.sandboxId}`),
      await anonymous.delete(`/sandboxes/${body.sandboxId}`),
      await jsonClient(agent.url, { authorization: "Bearer wrong-token-0123456789" }).get("/sandboxes"),
    ]) {
      expectError(reply, 401, "unauthorized");
      expect(reply.headers.get("www-authenticate")).toMatch(/^Bearer/);
    }
    expect(node.ids()).toEqual([]);
    expect((await anonymous.get("/healthz")).status).toBe(200);
    expect((await anonymous.get("/readyz")).status).toBe(200);
  });

  test("an unknown route → 404 in the catalogue's shape", async () => {
    const master = await fakeMaster();
    const { api } = await startAgent(master.url);
    const r = await api.get("/nope");
    expect(r.status).toBe(404);
    expect(r.body).toEqual(expect.objectContaining({ code: 404, message: expect.any(String), requestId: expect.any(String) }));
  });
});

describe("state file", () => {
  test("with AGENT_STATE_FILE, a restarted agent finds its sandboxes again (with a 'restored' event) and reports them as load", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cubicle-agent-state-"));
    try {
      const env = { AGENT_STATE_FILE: join(dir, "state.json") };
      const master = await fakeMaster();
      const first = await startAgent(master.url, { env });
      const kept = createBody();
      const gone = createBody();
      await first.api.post("/sandboxes", kept);
      await first.api.post("/sandboxes", gone);
      await first.api.delete(`/sandboxes/${gone.sandboxId}`);
      await first.agent.close();
      expect(await readdir(dir)).toEqual(["state.json"]);

      const second = await startAgent(master.url, { env });
      await second.agent.registered;
      expect((await second.api.get("/sandboxes")).body.sandboxes.map((s: { sandboxId: string }) => s.sandboxId)).toEqual([kept.sandboxId]);
      const logs = await second.api.get(`/sandboxes/${kept.sandboxId}/logs`);
      expect(logs.body.logs.at(-1).message).toBe("restored after the node agent restarted");
      const beat = master.beats.at(-1)!.body;
      expect(beat.load).toBe(1);
      // A new process: a new boot id, so that masters reconcile its sandboxes.
      expect(beat.bootId).not.toBe(master.beats[0]!.body.bootId);
    } finally {
      await Promise.all(agents.splice(0).map((a) => a.close()));
      await rm(dir, { recursive: true, force: true });
    }
  });
});
