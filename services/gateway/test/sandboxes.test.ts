// E2B's sandbox API through the gateway, down to master and its (simulated) node agent:
// both id modes end to end, the mode's sources, get and kill, agent failures, the options
// Cubicle refuses, auth and the create rate limit.
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { createHash } from "node:crypto";
import { sandboxDetailSchema, sandboxSchema } from "@cubicle/contracts";
import { expectE2bResponse } from "../../../test-support/e2b-schema.js";
import {
  FAST_SANDBOX_ID,
  UUID,
  createTemplateAndWait,
  expectGatewayError,
  expectSchema,
  sandboxRow,
  storedSandboxRow,
  startTestGateway,
  useTestGateway,
  withGateway,
  type GatewayClient,
  type Reply,
  type TestGateway,
  createTestNode,
} from "./support.js";

const agent = createTestNode();
const ctx = useTestGateway({ node: agent });

let web: { templateID: string; buildID: string };
beforeAll(async () => {
  web = await createTemplateAndWait(ctx.api, { name: "Web-App", image: "alpine:3.20" });
});

const STRONG = { "x-cubicle-sandbox-mode": "strong" };
const FAST = { "x-cubicle-sandbox-mode": "fast" };
const NO_SUCH_SANDBOX = "0123456789abcdef0123456789abcdef";

/** A create through `api` that must answer 201 with a body matching E2B's `Sandbox`. */
async function createSandbox(api: GatewayClient, body: Record<string, unknown> = { templateID: "Web-App" }, headers: Record<string, string> = {}, path = "/sandboxes") {
  const r = await api.post(path, body, headers);
  if (r.status !== 201) throw new Error(`POST ${path} answered ${r.status}: ${JSON.stringify(r.body)}`);
  expectSchema(sandboxSchema, r.body);
  expectE2bResponse("POST", "/sandboxes", 201, r.body);
  return r;
}

const md5 = (text: string) => createHash("md5").update(text).digest("hex");
const agentCalls = (sandboxId: string) => agent.calls().filter((c) => c.sandboxId === sandboxId);
const rowCount = async () => Number((await ctx.db.query("SELECT count(*) AS n FROM sandboxes")).rows[0].n);

/** The id is the one master recorded, the database row holds and the agent runs. */
async function expectStoredEverywhere(id: string, mode: "fast" | "strong") {
  const view = await ctx.master.api.get(`/sandboxes/${id}`);
  expect(view.status).toBe(200);
  expect(view.body).toMatchObject({ sandboxId: id, mode, templateId: web.templateID });
  const row = await storedSandboxRow(ctx.db, id);
  expect(row).toMatchObject({ id, mode, template_id: web.templateID });
  expect(agent.holds(id)).toBe(true);
  expect(agentCalls(id)).toContainEqual({ op: "create", sandboxId: id });
  return view.body as { name: string; namespace: string; createTimestamp: string };
}

/** Kills the sandbox through the gateway: 204, the agent is asked by that id, then it is gone everywhere. */
async function expectKilled(api: GatewayClient, id: string, as = id) {
  const r = await api.delete(`/sandboxes/${as}`);
  expect(r.status).toBe(204);
  expect(r.body).toBeUndefined();
  expect(agentCalls(id)).toContainEqual({ op: "delete", sandboxId: id });
  expect(agent.holds(id)).toBe(false);
  expect(await sandboxRow(ctx.db, id)).toBeUndefined();
  expectGatewayError(await api.get(`/sandboxes/${id}`), 404, "sandbox_not_found");
  expectGatewayError(await api.delete(`/sandboxes/${id}`), 404, "sandbox_not_found");
}

describe("both modes end to end", () => {
  test("fast (the default): 201 with a 32-hex id = md5(name:namespace:createTimestamp), stored and run under that id; DELETE reaches the agent by it", async () => {
    const r = await createSandbox(ctx.api);
    expect(r.body).toEqual({
      sandboxID: expect.stringMatching(FAST_SANDBOX_ID),
      templateID: web.templateID,
      alias: "Web-App",
      clientID: agent.node,
      envdVersion: "0.2.0",
      buildID: web.buildID,
      domain: "cubicle.localhost",
    });
    expect(r.headers.get("idempotent-replayed")).toBeNull();
    const id = r.body.sandboxID as string;
    const view = await expectStoredEverywhere(id, "fast");
    expect(md5(`${view.name}:${view.namespace}:${view.createTimestamp}`)).toBe(id);
    await expectKilled(ctx.api, id);
  });

  test("strong (by header): 201 with a UUID that is the row's id and the agent's; DELETE reaches the agent by it", async () => {
    const r = await createSandbox(ctx.api, { templateID: "Web-App" }, STRONG);
    expect(r.body).toEqual({
      sandboxID: expect.stringMatching(UUID),
      templateID: web.templateID,
      alias: "Web-App",
      clientID: agent.node,
      envdVersion: "0.2.0",
      buildID: web.buildID,
      domain: "cubicle.localhost",
    });
    const id = r.body.sandboxID as string;
    await expectStoredEverywhere(id, "strong");
    await expectKilled(ctx.api, id);
  });

  test("POST /v2/sandboxes creates the same way", async () => {
    const fast = await createSandbox(ctx.api, { templateID: "Web-App" }, {}, "/v2/sandboxes");
    expect(fast.body.sandboxID).toMatch(FAST_SANDBOX_ID);
    await expectStoredEverywhere(fast.body.sandboxID, "fast");
    const strong = await createSandbox(ctx.api, { templateID: "Web-App" }, STRONG, "/v2/sandboxes");
    expect(strong.body.sandboxID).toMatch(UUID);
    await expectStoredEverywhere(strong.body.sandboxID, "strong");
  });

  test("a fast sandbox can be read and killed the moment its create answers (before its record is surely written)", async () => {
    for (let i = 0; i < 5; i++) {
      const id = (await createSandbox(ctx.api)).body.sandboxID as string;
      const got = await ctx.api.get(`/sandboxes/${id}`);
      expect(got.status).toBe(200);
      expect(got.body.sandboxID).toBe(id);
      const fresh = (await createSandbox(ctx.api)).body.sandboxID as string;
      await expectKilled(ctx.api, fresh);
    }
  });

  test("an id in upper case reaches the sandbox for GET and DELETE (both modes)", async () => {
    for (const headers of [FAST, STRONG]) {
      const id = (await createSandbox(ctx.api, { templateID: "Web-App" }, headers)).body.sandboxID as string;
      const got = await ctx.api.get(`/sandboxes/${id.toUpperCase()}`);
      expect(got.status).toBe(200);
      expect(got.body.sandboxID).toBe(id);
      await expectKilled(ctx.api, id, id.toUpperCase());
    }
  });
});

describe("the mode: SANDBOX_MODE, overridden by X-Cubicle-Sandbox-Mode", () => {
  let strongGateway: TestGateway;
  beforeAll(async () => {
    strongGateway = await startTestGateway({ MASTER_URL: ctx.master.url, SANDBOX_MODE: "strong" });
  });
  afterAll(() => strongGateway?.close());

  test("SANDBOX_MODE=strong → UUIDs; the header 'fast' overrides it → 32 hex", async () => {
    const strong = await createSandbox(strongGateway.api);
    expect(strong.body.sandboxID).toMatch(UUID);
    await expectStoredEverywhere(strong.body.sandboxID, "strong");
    const fast = await createSandbox(strongGateway.api, { templateID: "Web-App" }, FAST);
    expect(fast.body.sandboxID).toMatch(FAST_SANDBOX_ID);
    await expectStoredEverywhere(fast.body.sandboxID, "fast");
  });

  test("SANDBOX_MODE=fast given explicitly → 32 hex; the header 'strong' overrides it", async () => {
    await withGateway({ MASTER_URL: ctx.master.url, SANDBOX_MODE: "fast" }, async (gateway) => {
      const fast = (await createSandbox(gateway.api)).body.sandboxID;
      expect(fast).toMatch(FAST_SANDBOX_ID);
      expect((await createSandbox(gateway.api, { templateID: "Web-App" }, STRONG)).body.sandboxID).toMatch(UUID);
      await storedSandboxRow(ctx.db, fast);
    });
  });

  test.each(["STRONG", "Strong", " strong "])("the header value is read in any letter case and trimmed: %j → strong", async (value) => {
    const r = await createSandbox(ctx.api, { templateID: "Web-App" }, { "x-cubicle-sandbox-mode": value });
    expect(r.body.sandboxID).toMatch(UUID);
  });

  test("the header 'FAST' on a strong gateway → fast", async () => {
    const fast = (await createSandbox(strongGateway.api, { templateID: "Web-App" }, { "X-Cubicle-Sandbox-Mode": "FAST" })).body.sandboxID;
    expect(fast).toMatch(FAST_SANDBOX_ID);
    await storedSandboxRow(ctx.db, fast);
  });

  test.each(["medium", "", "fast,strong", "uuid"])("an invalid header value %j → 400 invalid_request, and the agent is not asked", async (value) => {
    const before = agent.calls().length;
    const rows = await rowCount();
    const r = await ctx.api.post("/sandboxes", { templateID: "Web-App" }, { "x-cubicle-sandbox-mode": value });
    expectGatewayError(r, 400, "invalid_request");
    expect(r.body.message).toMatch(/X-Cubicle-Sandbox-Mode/);
    expect(agent.calls().length).toBe(before);
    expect(await rowCount()).toBe(rows);
  });
});

describe("a slow node agent", () => {
  test("a create may take longer than MASTER_TIMEOUT_MS (up to SANDBOX_CREATE_TIMEOUT_MS)", async () => {
    // A second for master's other answers (key verification, the template's lookup), however
    // loaded the machine; the agent takes far longer than undici's coarse timer for it (which
    // fires one to one and a half seconds in).
    await withGateway({ MASTER_URL: ctx.master.url, MASTER_TIMEOUT_MS: "1000", SANDBOX_CREATE_TIMEOUT_MS: "20000" }, async (gateway) => {
      agent.setDelay(4_000);
      try {
        const [fast, strong] = await Promise.all([createSandbox(gateway.api), createSandbox(gateway.api, { templateID: "Web-App" }, STRONG)]);
        expect(agent.holds(fast.body.sandboxID)).toBe(true);
        expect(agent.holds(strong.body.sandboxID)).toBe(true);
      } finally {
        agent.setDelay(0);
      }
    });
  }, 30_000);
});

describe("GET /sandboxes/:id", () => {
  test("→ SandboxDetail: the template, its alias, node, size, times, metadata and state", async () => {
    const created = await createSandbox(ctx.api, { templateID: "web-app", timeout: 120, metadata: { team: "a", "user id": "x y" }, envVars: { SECRET: "s3cret" } });
    const id = created.body.sandboxID as string;
    const r = await ctx.api.get(`/sandboxes/${id}`);
    expect(r.status).toBe(200);
    expectSchema(sandboxDetailSchema, r.body);
    expect(r.body).toEqual({
      sandboxID: id,
      templateID: web.templateID,
      alias: "Web-App",
      clientID: agent.node,
      startedAt: expect.any(String),
      endAt: expect.any(String),
      cpuCount: 2,
      memoryMB: 512,
      diskSizeMB: 1024,
      metadata: { team: "a", "user id": "x y" },
      state: "running",
      envdVersion: "0.2.0",
      domain: "cubicle.localhost",
      lifecycle: { autoResume: false, onTimeout: "kill" },
    });
    expectE2bResponse("GET", "/sandboxes/{sandboxID}", 200, r.body);
    expect(Date.parse(r.body.endAt) - Date.parse(r.body.startedAt)).toBe(120_000);
    // envVars are handed to the agent only, never shown.
    expect(JSON.stringify(r.body)).not.toContain("s3cret");
  });

  test("the default timeout is 300 s", async () => {
    const id = (await createSandbox(ctx.api)).body.sandboxID as string;
    const r = await ctx.api.get(`/sandboxes/${id}`);
    expect(Date.parse(r.body.endAt) - Date.parse(r.body.startedAt)).toBe(300_000);
  });

  test("an unknown id (either form) → 404 sandbox_not_found", async () => {
    for (const id of [NO_SUCH_SANDBOX, "00000000-0000-4000-8000-000000000000"]) {
      const r = await ctx.api.get(`/sandboxes/${id}`);
      expectGatewayError(r, 404, "sandbox_not_found");
      expectGatewayError(await ctx.api.delete(`/sandboxes/${id}`), 404, "sandbox_not_found");
    }
  });

  test.each(["not-a-sandbox", "0123456789abcdef", "g123456789abcdef0123456789abcdef", "i8p3xkq2m4n5o6r7s8t9"])(
    "an id of another form (%j: E2B's, say) names no sandbox here → 404 sandbox_not_found for GET and DELETE, as master words it",
    async (id) => {
      const before = agent.calls().length;
      for (const r of [await ctx.api.get(`/sandboxes/${id}`), await ctx.api.delete(`/sandboxes/${id}`)]) {
        expectGatewayError(r, 404, "sandbox_not_found");
        expect(r.body.message).toBe(`sandbox '${id}' not found`);
      }
      expect(agent.calls().length).toBe(before);
    },
  );

  test.each(["bad.id", "has%20space", "x".repeat(129), "semi%3Bcolon"])("an id that is no sandbox id at all (%j) → 400 invalid_request for GET and DELETE", async (id) => {
    expectGatewayError(await ctx.api.get(`/sandboxes/${id}`), 400, "invalid_request");
    expectGatewayError(await ctx.api.delete(`/sandboxes/${id}`), 400, "invalid_request");
  });

  test("a sandbox its node no longer holds → 404 sandbox_not_found", async () => {
    const id = (await createSandbox(ctx.api, { templateID: "Web-App" }, STRONG)).body.sandboxID as string;
    // The node loses it behind master's back.
    await agent.delete(id, new AbortController().signal);
    expectGatewayError(await ctx.api.get(`/sandboxes/${id}`), 404, "sandbox_not_found");
  });
});

describe("the node agent fails", () => {
  test("strong mode: 502 agent_error with the agent's reason, and no row is left in sandboxes", async () => {
    const rows = await rowCount();
    agent.failNextCreates(1, "the node ran out of disk");
    const r = await ctx.api.post("/sandboxes", { templateID: "Web-App", metadata: { failing: "strong" } }, STRONG);
    expectGatewayError(r, 502, "agent_error");
    expect(r.body.message).toContain("the node ran out of disk");
    expect(r.body.message).toMatch(/nothing was created/);
    // The attempt reached the agent with a UUID, which was rolled back.
    const attempted = agent.calls().filter((c) => c.op === "create").at(-1)!;
    expect(attempted.sandboxId).toMatch(UUID);
    expect(agent.holds(attempted.sandboxId)).toBe(false);
    expect(await sandboxRow(ctx.db, attempted.sandboxId)).toBeUndefined();
    expect(await rowCount()).toBe(rows);
    expect((await ctx.db.query("SELECT 1 FROM sandboxes WHERE metadata->>'failing' = 'strong'")).rowCount).toBe(0);
  });

  test("fast mode: 502 agent_error too, and nothing recorded", async () => {
    const rows = await rowCount();
    agent.failNextCreates(1, "the node is draining");
    const r = await ctx.api.post("/sandboxes", { templateID: "Web-App" }, FAST);
    expectGatewayError(r, 502, "agent_error");
    expect(r.body.message).toContain("the node is draining");
    const attempted = agent.calls().filter((c) => c.op === "create").at(-1)!;
    expect(attempted.sandboxId).toMatch(FAST_SANDBOX_ID);
    expect(await rowCount()).toBe(rows);
    expectGatewayError(await ctx.api.get(`/sandboxes/${attempted.sandboxId}`), 404, "sandbox_not_found");
  });

  test("the next create after a failure succeeds", async () => {
    agent.failNextCreates(1, "once");
    expectGatewayError(await ctx.api.post("/sandboxes", { templateID: "Web-App" }, STRONG), 502, "agent_error");
    const r = await createSandbox(ctx.api, { templateID: "Web-App" }, STRONG);
    await expectStoredEverywhere(r.body.sandboxID, "strong");
  });
});

describe("E2B options Cubicle does not offer", () => {
  test("the body E2B's SDK sends by default → 201", async () => {
    const r = await createSandbox(ctx.api, { templateID: "Web-App", timeout: 300, secure: true, allow_internet_access: true });
    expect(r.body.templateID).toBe(web.templateID);
  });

  test("every option at its 'off' value → 201", async () => {
    const r = await createSandbox(ctx.api, {
      templateID: "Web-App",
      timeout: 60,
      metadata: { a: "b" },
      envVars: { A: "B" },
      secure: false,
      allow_internet_access: false,
      autoPause: false,
      autoPauseMemory: false,
      autoResume: { enabled: false },
      mcp: null,
      network: {},
      iam: {},
      volumeMounts: [],
    });
    expect(r.body.sandboxID).toMatch(FAST_SANDBOX_ID);
  });

  test.each([
    ["a filesystem-only auto-pause", { autoPause: true, autoPauseMemory: false }, ["autoPauseMemory"]],
    ["mcp: {…}", { mcp: { servers: {} } }, ["mcp"]],
    ["mcp: {}", { mcp: {} }, ["mcp"]],
    ["a non-empty network", { network: { allowOut: ["0.0.0.0/0"] } }, ["network"]],
    ["a non-empty iam", { iam: { role: "admin" } }, ["iam"]],
    ["a volume mount", { volumeMounts: [{ name: "v", path: "/data" }] }, ["volumeMounts"]],
    ["autoResume: {enabled: true}", { autoResume: { enabled: true } }, ["autoResume"]],
    ["autoResume: {} (not explicitly off)", { autoResume: {} }, ["autoResume"]],
    ["several at once", { autoPause: true, autoPauseMemory: false, volumeMounts: [{}], network: { a: 1 } }, ["autoPauseMemory", "network", "volumeMounts"]],
  ])("%s → 400 invalid_request naming them; the agent is not asked", async (_what, options, unsupported) => {
    const before = agent.calls().length;
    const r = await ctx.api.post("/sandboxes", { templateID: "Web-App", ...options });
    expectGatewayError(r, 400, "invalid_request");
    expect(r.body.message).toMatch(/not supported/);
    expect(r.body.details).toMatchObject({ unsupported });
    expect(agent.calls().length).toBe(before);
  });

  test.each([
    ["no templateID", {}],
    ["an empty templateID", { templateID: "" }],
    ["an unknown field", { templateID: "Web-App", paused: false }],
    ["timeout 0", { templateID: "Web-App", timeout: 0 }],
    ["timeout above a day", { templateID: "Web-App", timeout: 86_401 }],
    ["a non-string metadata value", { templateID: "Web-App", metadata: { a: 1 } }],
    ["secure as a string", { templateID: "Web-App", secure: "yes" }],
    ["a body that is not an object", ["Web-App"]],
  ])("%s → 400 invalid_request", async (_what, body) => {
    expectGatewayError(await ctx.api.post("/sandboxes", body), 400, "invalid_request");
  });

  test("a timeout of a day is accepted", async () => {
    const id = (await createSandbox(ctx.api, { templateID: "Web-App", timeout: 86_400 })).body.sandboxID;
    const r = await ctx.api.get(`/sandboxes/${id}`);
    expect(Date.parse(r.body.endAt) - Date.parse(r.body.startedAt)).toBe(86_400_000);
  });
});

describe("API key", () => {
  test.each([
    ["POST /sandboxes", (c: GatewayClient) => c.post("/sandboxes", { templateID: "Web-App" })],
    ["POST /v2/sandboxes", (c: GatewayClient) => c.post("/v2/sandboxes", { templateID: "Web-App" })],
    ["GET /sandboxes", (c: GatewayClient) => c.get("/sandboxes")],
    ["GET /v2/sandboxes", (c: GatewayClient) => c.get("/v2/sandboxes")],
    ["GET /sandboxes/:id", (c: GatewayClient) => c.get(`/sandboxes/${NO_SUCH_SANDBOX}`)],
    ["DELETE /sandboxes/:id", (c: GatewayClient) => c.delete(`/sandboxes/${NO_SUCH_SANDBOX}`)],
  ])("%s without X-API-Key → 401 unauthorized, and with a wrong one", async (_what, call: (c: GatewayClient) => Promise<Reply>) => {
    const before = agent.calls().length;
    expectGatewayError(await call(ctx.anon), 401, "unauthorized");
    expectGatewayError(await call(ctx.gateway.as("not-the-key-0123456789abcdef")), 401, "unauthorized");
    expect(agent.calls().length).toBe(before);
  });

  test("a sandbox cannot be killed without a key", async () => {
    const id = (await createSandbox(ctx.api)).body.sandboxID as string;
    expectGatewayError(await ctx.anon.delete(`/sandboxes/${id}`), 401, "unauthorized");
    expect(agent.holds(id)).toBe(true);
  });
});

describe("RATE_LIMIT_SANDBOXES=2", () => {
  const KEY_1 = "sandbox-rate-key-one-0123456789";
  const KEY_2 = "sandbox-rate-key-two-0123456789";

  test("two creates per key pass (on either path); the third → 429 rate_limited with Retry-After; reads, kills and the other key are not limited", async () => {
    await withGateway({ MASTER_URL: ctx.master.url, API_KEYS: `${KEY_1},${KEY_2}`, RATE_LIMIT_SANDBOXES: "2", RATE_LIMIT_WINDOW_MS: "60000" }, async (gateway) => {
      const one = gateway.as(KEY_1);
      const first = await createSandbox(one);
      await createSandbox(one, { templateID: "Web-App" }, STRONG, "/v2/sandboxes");
      const before = agent.calls().length;
      for (const path of ["/sandboxes", "/v2/sandboxes"]) {
        const limited = await one.post(path, { templateID: "Web-App" });
        expectGatewayError(limited, 429, "rate_limited");
        expect(limited.body.message).toMatch(/at most 2 every 60 s/);
        const retryAfter = Number(limited.headers.get("retry-after"));
        expect(retryAfter).toBeGreaterThan(0);
        expect(retryAfter).toBeLessThanOrEqual(60);
      }
      expect(agent.calls().length).toBe(before);
      expect((await one.get("/sandboxes")).status).toBe(200);
      expect((await one.get(`/sandboxes/${first.body.sandboxID}`)).status).toBe(200);
      expect((await one.delete(`/sandboxes/${first.body.sandboxID}`)).status).toBe(204);

      const two = gateway.as(KEY_2);
      await createSandbox(two);
      await createSandbox(two);
      expectGatewayError(await two.post("/sandboxes", { templateID: "Web-App" }), 429, "rate_limited");
    });
  });
});
