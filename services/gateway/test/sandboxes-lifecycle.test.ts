// E2B's sandbox lifecycle through the gateway, down to master and its (simulated) node agent:
// set and extend the timeout, pause, connect and the deprecated resume, auto-pause at the end
// time, the domain answered for envd traffic, and ids that are not Cubicle's. Every answer is
// checked against E2B's API description (test-support/e2b-schema.ts).
import { beforeAll, describe, expect, test } from "@jest/globals";
import { sandboxDetailSchema, sandboxSchema } from "@cubicle/contracts";
import { createTemplateAndWait, createTestNode, e2bCall, eventually, expectGatewayError, expectSchema, useTestGateway, withGateway, type GatewayClient, type Reply } from "./support.js";
import { expectE2bSchema } from "../../../test-support/e2b-schema.js";

const agent = createTestNode();
const ctx = useTestGateway({ node: agent, masterEnv: { SANDBOX_SWEEP_MS: "100" } });

beforeAll(async () => {
  await createTemplateAndWait(ctx.api, { name: "life-app", image: "alpine:3.20" });
});

const E2B_ID = "i8p3xkq2m4n5o6r7s8t9";
const call = (method: string, path: string, operation: string, status: number, body?: unknown, api: GatewayClient = ctx.api) => e2bCall(api, method, path, operation, status, body);

/** Starts a sandbox (E2B's `Sandbox` answer); returns its id. */
async function start(body: Record<string, unknown> = {}, api: GatewayClient = ctx.api): Promise<string> {
  return (await call("POST", "/sandboxes", "/sandboxes", 201, { templateID: "life-app", ...body }, api)).body.sandboxID;
}
async function info(id: string) {
  const { body } = await call("GET", `/sandboxes/${id}`, "/sandboxes/{sandboxID}", 200);
  expectSchema(sandboxDetailSchema, body);
  return body;
}
const timeout = (id: string, status: number, body: unknown) => call("POST", `/sandboxes/${id}/timeout`, "/sandboxes/{sandboxID}/timeout", status, body);
const refresh = (id: string, status: number, body?: unknown) => call("POST", `/sandboxes/${id}/refreshes`, "/sandboxes/{sandboxID}/refreshes", status, body);
const pause = (id: string, status: number, body: unknown = {}) => call("POST", `/sandboxes/${id}/pause`, "/sandboxes/{sandboxID}/pause", status, body);
/** Connect and resume answer E2B's `Sandbox` (the gateway's sandboxSchema) when they succeed. */
const sandboxAnswer = async (r: Promise<Reply>) => {
  const reply = await r;
  if (reply.status < 300) expectSchema(sandboxSchema, reply.body);
  return reply;
};
const connect = (id: string, status: number, body: unknown = {}, path = `/v2/sandboxes/${id}/connect`) => sandboxAnswer(call("POST", path, "/sandboxes/{sandboxID}/connect", status, body));
const resume = (id: string, status: number, body: unknown = {}) => sandboxAnswer(call("POST", `/sandboxes/${id}/resume`, "/sandboxes/{sandboxID}/resume", status, body));

/** Fails unless `endAt` is `seconds` from a moment between `before` and now (ms). */
function expectEndsIn(endAt: string, seconds: number, before: number): void {
  const end = Date.parse(endAt);
  expect(end).toBeGreaterThanOrEqual(before + seconds * 1000 - 1);
  expect(end).toBeLessThanOrEqual(Date.now() + seconds * 1000 + 1);
}

describe("POST /sandboxes/{id}/timeout", () => {
  test("→ 204: the sandbox ends `timeout` seconds from now, later or sooner than before; GET shows the new endAt", async () => {
    const id = await start({ timeout: 60 });
    let before = Date.now();
    expect((await timeout(id, 204, { timeout: 600 })).body).toBeUndefined();
    expectEndsIn((await info(id)).endAt, 600, before);
    before = Date.now();
    await timeout(id, 204, { timeout: 30 });
    expectEndsIn((await info(id)).endAt, 30, before);
  });

  test("above the maximum (a day unless configured) → 400 and the end stays; an invalid body → 400", async () => {
    const id = await start({ timeout: 60 });
    const { endAt } = await info(id);
    const over = await timeout(id, 400, { timeout: 86_401 });
    expect(over.body.message).toMatch(/at most 86400 s/);
    for (const body of [{ timeout: 2_592_001 }, { timeout: -1 }, { timeout: 1.5 }, { timeout: "60" }, {}, { timeout: 60, extra: 1 }]) await timeout(id, 400, body);
    expect((await info(id)).endAt).toBe(endAt);
  });
});

describe("POST /sandboxes/{id}/refreshes", () => {
  test("→ 204: the sandbox lives at least `duration` seconds from now, never shorter; without a body, 300 s", async () => {
    const id = await start({ timeout: 60 });
    const before = Date.now();
    await refresh(id, 204, { duration: 600 });
    const { endAt } = await info(id);
    expectEndsIn(endAt, 600, before);
    await refresh(id, 204, { duration: 60 });
    await refresh(id, 204);
    expect((await info(id)).endAt).toBe(endAt);
    for (const body of [{ duration: 3_601 }, { duration: -1 }, { timeout: 60 }]) await refresh(id, 400, body);
  });
});

describe("pause, connect and resume", () => {
  test("pause → 204, again → 409 (E2B's SDK reads false); the paused sandbox is listed by state=paused and refuses timeout changes; connect resumes it (201), then extends it (200)", async () => {
    const id = await start({ timeout: 120, metadata: { suite: "pause-1" } });
    const filter = `metadata=${encodeURIComponent("suite=pause-1")}`;
    await pause(id, 204);
    await pause(id, 409, { memory: true });
    const paused = await info(id);
    expect(paused).toMatchObject({ sandboxID: id, state: "paused", metadata: { suite: "pause-1" }, lifecycle: { autoResume: false, onTimeout: "kill" } });
    const listed = await call("GET", `/v2/sandboxes?state=paused&${filter}`, "/v2/sandboxes", 200);
    expect(listed.body.map((s: { sandboxID: string; state: string }) => [s.sandboxID, s.state])).toEqual([[id, "paused"]]);
    expect((await call("GET", `/v2/sandboxes?state=running&${filter}`, "/v2/sandboxes", 200)).body).toEqual([]);
    expectGatewayError(await ctx.api.post(`/sandboxes/${id}/timeout`, { timeout: 60 }), 409, "sandbox_paused");
    expectGatewayError(await ctx.api.post(`/sandboxes/${id}/refreshes`, {}), 409, "sandbox_paused");

    let before = Date.now();
    const resumed = await connect(id, 201, { timeout: 120 });
    expect(resumed.body).toMatchObject({ sandboxID: id, domain: "cubicle.localhost", clientID: agent.node, envdVersion: "0.2.0" });
    const running = await info(id);
    expect(running.state).toBe("running");
    expectEndsIn(running.endAt, 120, before);
    expect((await call("GET", `/v2/sandboxes?state=running&${filter}`, "/v2/sandboxes", 200)).body.map((s: { sandboxID: string }) => s.sandboxID)).toEqual([id]);

    // E2B's SDK leaves the timeout out when none was given: 300 s, longer than what is left.
    before = Date.now();
    expect((await connect(id, 200, {})).body).toMatchObject({ sandboxID: id, domain: "cubicle.localhost" });
    const extended = (await info(id)).endAt;
    expectEndsIn(extended, 300, before);
    await connect(id, 200, { timeout: 10 });
    expect((await info(id)).endAt).toBe(extended);
  });

  test("E2B's CLI: POST /sandboxes/{id}/connect and the deprecated resume (201 for a paused sandbox, 409 for a running one)", async () => {
    const id = await start();
    await resume(id, 409);
    await pause(id, 204, { memory: true });
    let before = Date.now();
    expect((await resume(id, 201, { timeout: 90 })).body).toMatchObject({ sandboxID: id, domain: "cubicle.localhost" });
    expectEndsIn((await info(id)).endAt, 90, before);
    await pause(id, 204);
    before = Date.now();
    await connect(id, 201, { timeout: 45 }, `/sandboxes/${id}/connect`);
    expectEndsIn((await info(id)).endAt, 45, before);
    await connect(id, 200, { timeout: 45 }, `/sandboxes/${id}/connect`);
  });

  test("a filesystem-only pause or resume (memory: false) and resume's autoPause → 400 naming them; the sandbox is untouched", async () => {
    const id = await start();
    for (const [what, r] of [
      ["memory", await pause(id, 400, { memory: false })],
      ["memory", await connect(id, 400, { timeout: 60, memory: false })],
      ["memory", await resume(id, 400, { memory: false })],
      ["autoPause", await resume(id, 400, { autoPause: false })],
    ] as const) {
      expect(r.body.message).toMatch(/not supported/);
      expect(r.body.details).toMatchObject({ unsupported: [what] });
    }
    expect((await info(id)).state).toBe("running");
  });

  test("a paused sandbox keeps its id, metadata and template, and can be killed (204, then 404)", async () => {
    const id = await start({ metadata: { keep: "me" } });
    const running = await info(id);
    await pause(id, 204);
    const paused = await info(id);
    expect(paused).toMatchObject({ sandboxID: id, templateID: running.templateID, alias: "life-app", metadata: { keep: "me" }, state: "paused" });
    await call("DELETE", `/sandboxes/${id}`, "/sandboxes/{sandboxID}", 204);
    await call("GET", `/sandboxes/${id}`, "/sandboxes/{sandboxID}", 404);
    await connect(id, 404, { timeout: 60 });
  });
});

describe("autoPause (E2B's lifecycle.onTimeout 'pause')", () => {
  test("autoPause: true → onTimeout 'pause' in its lifecycle; at its end time it is paused, not removed, and connect resumes it", async () => {
    const id = await start({ autoPause: true, autoPauseMemory: true, timeout: 1 });
    expect((await info(id)).lifecycle).toEqual({ autoResume: false, onTimeout: "pause" });
    await eventually(async () => ((await info(id)).state === "paused" ? true : undefined), 10_000, "the sandbox to pause at its end time");
    await connect(id, 201, { timeout: 60 });
    expect(await info(id)).toMatchObject({ state: "running", lifecycle: { autoResume: false, onTimeout: "pause" } });
  });

  test("without autoPause (or with false), onTimeout is 'kill'", async () => {
    for (const body of [{}, { autoPause: false }]) expect((await info(await start(body))).lifecycle).toEqual({ autoResume: false, onTimeout: "kill" });
  });
});

describe("SANDBOX_DOMAIN", () => {
  test("create, connect and GET answer the configured domain (trimmed, lower-cased)", async () => {
    await withGateway({ MASTER_URL: ctx.master.url, SANDBOX_DOMAIN: " Sandboxes.Example.Internal " }, async (gateway) => {
      const id = await start({}, gateway.api);
      expect((await e2bCall(gateway.api, "GET", `/sandboxes/${id}`, "/sandboxes/{sandboxID}", 200)).body.domain).toBe("sandboxes.example.internal");
      const connected = await e2bCall(gateway.api, "POST", `/v2/sandboxes/${id}/connect`, "/sandboxes/{sandboxID}/connect", 200, { timeout: 60 });
      expect(connected.body.domain).toBe("sandboxes.example.internal");
    });
  });
});

describe("templates in E2B's shape", () => {
  test("GET /templates and /v2/templates: E2B's Template, with spawnCount and lastSpawnedAt counting the sandboxes started; GET /templates/{id}: TemplateWithBuilds", async () => {
    const made = await createTemplateAndWait(ctx.api, { name: "spawn-count", image: "alpine:3.20" });
    const listed = async (path: string) => (await call("GET", path, path, 200)).body.find((t: { templateID: string }) => t.templateID === made.templateID);
    expect(await listed("/templates")).toMatchObject({ spawnCount: 0, lastSpawnedAt: null, diskSizeMB: 1024, envdVersion: "0.2.0", createdBy: null, public: false });
    const before = Date.now();
    await start({ templateID: "spawn-count" });
    await start({ templateID: made.templateID });
    // A fast-mode sandbox is recorded (and counted) just after its create is answered.
    await eventually(async () => ((await listed("/templates"))?.spawnCount === 2 ? true : undefined), 5_000, "both spawns counted");
    for (const path of ["/templates", "/v2/templates"]) {
      const t = await listed(path);
      expect(t).toMatchObject({ templateID: made.templateID, buildID: made.buildID, names: ["spawn-count"], spawnCount: 2, diskSizeMB: 1024, envdVersion: "0.2.0" });
      expect(Date.parse(t.lastSpawnedAt)).toBeGreaterThanOrEqual(before - 1);
    }
    expect((await call("GET", `/templates/${made.templateID}`, "/templates/{templateID}", 200)).body).toMatchObject({ spawnCount: 2, builds: [expect.objectContaining({ buildID: made.buildID })] });
  });

  test("PATCH /v2/templates/{id} {public} → E2B's TemplateUpdateResponse; PATCH /templates/{id} {public} answers the same names", async () => {
    const made = await createTemplateAndWait(ctx.api, { name: "to-publish", image: "alpine:3.20" });
    expect((await call("PATCH", `/v2/templates/${made.templateID}`, "/v2/templates/{templateID}", 200, { public: true })).body).toEqual({ names: ["to-publish"] });
    expect((await call("GET", "/v2/templates", "/v2/templates", 200)).body.find((t: { templateID: string }) => t.templateID === made.templateID).public).toBe(true);
    // E2B describes no body for the older PATCH; Cubicle's adds the template's id to the same names.
    const older = await ctx.api.patch(`/templates/${made.templateID}`, { public: false });
    expect(older.status).toBe(200);
    expect(older.body).toEqual({ templateID: made.templateID, names: ["to-publish"] });
    expectE2bSchema("TemplateUpdateResponse", older.body);
  });
});

describe("ids that are not Cubicle's", () => {
  // Each row is whole (body included): jest would take a missing last argument for `done`.
  const routes: [method: string, route: string, operation: string, body: unknown][] = [
    ["GET", "/sandboxes/{sandboxID}", "/sandboxes/{sandboxID}", undefined],
    ["DELETE", "/sandboxes/{sandboxID}", "/sandboxes/{sandboxID}", undefined],
    ["POST", "/sandboxes/{sandboxID}/timeout", "/sandboxes/{sandboxID}/timeout", { timeout: 60 }],
    ["POST", "/sandboxes/{sandboxID}/refreshes", "/sandboxes/{sandboxID}/refreshes", {}],
    ["POST", "/sandboxes/{sandboxID}/pause", "/sandboxes/{sandboxID}/pause", {}],
    ["POST", "/sandboxes/{sandboxID}/connect", "/sandboxes/{sandboxID}/connect", { timeout: 60 }],
    ["POST", "/v2/sandboxes/{sandboxID}/connect", "/sandboxes/{sandboxID}/connect", {}],
    ["POST", "/sandboxes/{sandboxID}/resume", "/sandboxes/{sandboxID}/resume", {}],
    ["GET", "/sandboxes/{sandboxID}/metrics", "/sandboxes/{sandboxID}/metrics", undefined],
    ["GET", "/sandboxes/{sandboxID}/logs", "/sandboxes/{sandboxID}/logs", undefined],
    ["GET", "/v2/sandboxes/{sandboxID}/logs", "/v2/sandboxes/{sandboxID}/logs", undefined],
  ];

  test.each(routes)("%s %s: E2B's 20-character ids and other plausible ones → 404 sandbox_not_found as master words it, the node not asked; Cubicle's unknown ids → 404 from master", async (method, route, operation, body) => {
    const path = (id: string) => route.replace("{sandboxID}", id);
    const calls = agent.calls().length;
    for (const id of [E2B_ID, "my-sandbox_1", "x".repeat(128)]) {
      const r = await call(method, path(id), operation, 404, body);
      expect(r.body.message).toMatch(/^sandbox '.+' not found$/);
    }
    expect(agent.calls().length).toBe(calls);
    for (const id of ["0".repeat(32), "00000000-0000-4000-8000-000000000000"]) {
      expect((await call(method, path(id), operation, 404, body)).body.message).toBe(`sandbox '${id}' not found`);
    }
  });

  test.each(routes)("%s %s: an id that is no sandbox id at all (a dot, a blank, 129 characters) → 400 invalid_request", async (method, route, _operation, body) => {
    const path = (id: string) => route.replace("{sandboxID}", id);
    for (const id of ["bad.id", "has%20blank", "x".repeat(129)]) expectGatewayError(await ctx.api.call(method, path(id), body), 400, "invalid_request");
  });
});
