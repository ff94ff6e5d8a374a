// The node agent's API for a sandbox's life after its create: end times (timeout, pause and
// resume with an end time), metrics of several sandboxes at once, and the logs of a sandbox
// that has ended. In process, against a fake master: no database needed.
import { describe, expect, test } from "@jest/globals";
import { AGENT_METRICS_BATCH_MAX } from "@cubicle/contracts";
import { createBody, expectError, fakeMaster, startAgent } from "./agent-support.js";

const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
const messages = (reply: { body: { logs: { message: string }[] } }) => reply.body.logs.map((e) => e.message);

async function agentWith(options: Parameters<typeof startAgent>[1] = {}) {
  const master = await fakeMaster();
  return startAgent(master.url, options);
}

describe("create options", () => {
  test("onTimeout, envdVersion and diskSizeMB of the request are in the view; pausedAt is null until it pauses", async () => {
    const { api } = await agentWith();
    const body = createBody({ onTimeout: "pause", pausedRetentionS: 600, envdVersion: "0.5.1", diskSizeMB: 8_192 });
    const created = await api.post("/sandboxes", body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ onTimeout: "pause", pausedAt: null, envdVersion: "0.5.1", diskSizeMB: 8_192 });
    expect(created.body).not.toHaveProperty("pausedRetentionS");
    expectError(await api.post("/sandboxes", createBody({ onTimeout: "hibernate" })), 400, "invalid_request");
    expectError(await api.post("/sandboxes", createBody({ pausedRetentionS: -1 })), 400, "invalid_request");
  });
});

describe("POST /sandboxes/{id}/timeout", () => {
  test("sets the end time of a running sandbox and answers its view; the log records it", async () => {
    const { api } = await agentWith();
    const body = createBody();
    await api.post("/sandboxes", body);
    const endAt = inMinutes(30);
    const r = await api.post(`/sandboxes/${body.sandboxId.toUpperCase()}/timeout`, { endAt });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ sandboxId: body.sandboxId, state: "running", endAt });
    expect((await api.get(`/sandboxes/${body.sandboxId}`)).body.endAt).toBe(endAt);
    expect(messages(await api.get(`/sandboxes/${body.sandboxId}/logs`)).at(-1)).toBe(`timeout changed: ends at ${endAt}`);
  });

  test("sets the end time of a paused sandbox (until when it is kept)", async () => {
    const { api } = await agentWith();
    const body = createBody();
    await api.post("/sandboxes", body);
    await api.post(`/sandboxes/${body.sandboxId}/pause`);
    const endAt = inMinutes(60);
    expect((await api.post(`/sandboxes/${body.sandboxId}/timeout`, { endAt })).body).toMatchObject({ state: "paused", endAt });
  });

  test("an end time in the past ends the sandbox at once: the answer is 200, then it is gone and its log says why", async () => {
    const { api } = await agentWith();
    const body = createBody();
    await api.post("/sandboxes", body);
    const endAt = inMinutes(-1);
    const r = await api.post(`/sandboxes/${body.sandboxId}/timeout`, { endAt });
    expect(r.status).toBe(200);
    expect(r.body.endAt).toBe(endAt);
    expectError(await api.get(`/sandboxes/${body.sandboxId}`), 404, "sandbox_not_found");
    expect(messages(await api.get(`/sandboxes/${body.sandboxId}/logs`)).slice(-2)).toEqual([`timeout changed: ends at ${endAt}`, "stopped: its timeout was reached"]);
  });

  test.each([
    ["no body", undefined],
    ["no endAt", {}],
    ["an endAt that is not a date", { endAt: "soon" }],
    ["a leap second the node cannot count with", { endAt: "2026-12-31T23:59:60Z" }],
    ["an unknown field", { endAt: new Date().toISOString(), timeout: 30 }],
  ])("%s → 400 invalid_request, nothing changed", async (_what, payload) => {
    const { api } = await agentWith();
    const body = createBody();
    await api.post("/sandboxes", body);
    expectError(await api.post(`/sandboxes/${body.sandboxId}/timeout`, payload), 400, "invalid_request");
    expect((await api.get(`/sandboxes/${body.sandboxId}`)).body.endAt).toBe(body.endAt);
  });

  test("an id the node does not hold → 404", async () => {
    const { api } = await agentWith();
    expectError(await api.post(`/sandboxes/${createBody().sandboxId}/timeout`, { endAt: inMinutes(5) }), 404, "sandbox_not_found");
  });
});

describe("pause and resume with an end time", () => {
  test("pause {endAt} keeps the paused sandbox until then, with pausedAt; resume {endAt} runs it until the new end", async () => {
    const { api } = await agentWith();
    const body = createBody();
    await api.post("/sandboxes", body);
    const keptUntil = inMinutes(120);
    const paused = await api.post(`/sandboxes/${body.sandboxId}/pause`, { endAt: keptUntil });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ state: "paused", endAt: keptUntil, pausedAt: expect.any(String) });
    // Pausing again: idempotent, pausedAt unchanged.
    expect((await api.post(`/sandboxes/${body.sandboxId}/pause`)).body).toEqual(paused.body);
    const endsAt = inMinutes(15);
    const resumed = await api.post(`/sandboxes/${body.sandboxId}/resume`, { endAt: endsAt });
    expect(resumed.body).toMatchObject({ state: "running", endAt: endsAt, pausedAt: paused.body.pausedAt });
    expect(messages(await api.get(`/sandboxes/${body.sandboxId}/logs`)).slice(1)).toEqual([`paused (kept until ${keptUntil})`, `resumed (ends at ${endsAt})`]);
  });

  test("a bad end time for pause or resume → 400, and the state stays", async () => {
    const { api } = await agentWith();
    const body = createBody();
    await api.post("/sandboxes", body);
    expectError(await api.post(`/sandboxes/${body.sandboxId}/pause`, { endAt: "later" }), 400, "invalid_request");
    expectError(await api.post(`/sandboxes/${body.sandboxId}/resume`, { until: inMinutes(5) }), 400, "invalid_request");
    expect((await api.get(`/sandboxes/${body.sandboxId}`)).body.state).toBe("running");
  });

  test("resume into a full node → 503 node_full", async () => {
    const { api } = await agentWith({ capacity: 1 });
    const body = createBody();
    await api.post("/sandboxes", body);
    await api.post(`/sandboxes/${body.sandboxId}/pause`);
    await api.post("/sandboxes", createBody());
    expectError(await api.post(`/sandboxes/${body.sandboxId}/resume`, { endAt: inMinutes(5) }), 503, "node_full");
  });
});

describe("GET /sandboxes/metrics", () => {
  test("answers the metrics of the ids the node holds (any case), leaving out the others", async () => {
    const { api } = await agentWith();
    const a = createBody({ cpuCount: 4 });
    const b = createBody();
    await api.post("/sandboxes", a);
    await api.post("/sandboxes", b);
    await api.post(`/sandboxes/${b.sandboxId}/pause`);
    const unknown = createBody().sandboxId;
    const r = await api.get(`/sandboxes/metrics?ids=${a.sandboxId.toUpperCase()},${b.sandboxId},${unknown}`);
    expect(r.status).toBe(200);
    expect(Object.keys(r.body.metrics).sort()).toEqual([a.sandboxId, b.sandboxId].sort());
    expect(r.body.metrics[a.sandboxId]).toMatchObject({ cpuCount: 4, cpuUsedPct: 0, memUsedMiB: 0, diskUsedMiB: 0, timestamp: expect.any(String) });
    expect((await api.get(`/sandboxes/metrics?ids=${unknown}`)).body).toEqual({ metrics: {} });
  });

  test(`more than ${AGENT_METRICS_BATCH_MAX} ids → 400 invalid_request saying so; ${AGENT_METRICS_BATCH_MAX} are fine`, async () => {
    const { api } = await agentWith();
    const ids = Array.from({ length: AGENT_METRICS_BATCH_MAX + 1 }, (_, i) => i.toString(16).padStart(32, "0"));
    const tooMany = await api.get(`/sandboxes/metrics?ids=${ids.join(",")}`);
    expectError(tooMany, 400, "invalid_request");
    expect(tooMany.body.message).toBe(`query.ids names ${AGENT_METRICS_BATCH_MAX + 1} sandboxes: at most ${AGENT_METRICS_BATCH_MAX} at a time`);
    expect((await api.get(`/sandboxes/metrics?ids=${ids.slice(1).join(",")}`)).status).toBe(200);
  });

  test("without ids, or with ids that are not sandbox ids → 400 invalid_request", async () => {
    const { api } = await agentWith();
    expectError(await api.get("/sandboxes/metrics"), 400, "invalid_request");
    expectError(await api.get("/sandboxes/metrics?ids="), 400, "invalid_request");
    expectError(await api.get("/sandboxes/metrics?ids=abc,,def"), 400, "invalid_request");
    expectError(await api.get("/sandboxes/metrics?ids=zz"), 400, "invalid_request");
  });
});

describe("logs of ended sandboxes", () => {
  test("a killed sandbox's logs are answered (ending with 'killed'); get and metrics answer 404", async () => {
    const { api } = await agentWith();
    const body = createBody();
    await api.post("/sandboxes", body);
    expect((await api.delete(`/sandboxes/${body.sandboxId}`)).status).toBe(204);
    const logs = await api.get(`/sandboxes/${body.sandboxId}/logs`);
    expect(logs.status).toBe(200);
    expect(messages(logs)).toEqual([expect.stringMatching(/^created from template/), "killed"]);
    expectError(await api.get(`/sandboxes/${body.sandboxId}`), 404, "sandbox_not_found");
    expectError(await api.get(`/sandboxes/${body.sandboxId}/metrics`), 404, "sandbox_not_found");
    expect((await api.get(`/sandboxes/metrics?ids=${body.sandboxId}`)).body).toEqual({ metrics: {} });
  });

  test("AGENT_ENDED_LOGS_MS=0 keeps none: the logs of a killed sandbox → 404", async () => {
    const master = await fakeMaster();
    const { api } = await startAgent(master.url, { node: "from-config", env: { AGENT_ENDED_LOGS_MS: "0" } });
    const body = createBody();
    await api.post("/sandboxes", body);
    await api.delete(`/sandboxes/${body.sandboxId}`);
    expectError(await api.get(`/sandboxes/${body.sandboxId}/logs`), 404, "sandbox_not_found");
  });
});

describe("auth", () => {
  test("the new routes need the bearer AGENT_TOKEN too", async () => {
    const { api, anonymous, node } = await agentWith();
    const body = createBody();
    await api.post("/sandboxes", body);
    for (const reply of [
      await anonymous.post(`/sandboxes/${body.sandboxId}/timeout`, { endAt: inMinutes(1) }),
      await anonymous.post(`/sandboxes/${body.sandboxId}/pause`, { endAt: inMinutes(1) }),
      await anonymous.post(`/sandboxes/${body.sandboxId}/resume`, { endAt: inMinutes(1) }),
      await anonymous.get(`/sandboxes/metrics?ids=${body.sandboxId}`),
      await anonymous.get(`/sandboxes/${body.sandboxId}/logs`),
    ]) {
      expectError(reply, 401, "unauthorized");
    }
    expect((await api.get(`/sandboxes/${body.sandboxId}`)).body).toMatchObject({ state: "running", endAt: body.endAt });
    expect(node.calls().filter((c) => c.op !== "create")).toEqual([{ op: "get", sandboxId: body.sandboxId }]);
  });
});
