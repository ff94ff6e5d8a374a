// Idempotency-Key on sandbox creates: a repeat gets the same sandbox, a different request
// under the same key is refused, and keys are kept apart per API key.
import { beforeAll, describe, expect, test } from "@jest/globals";
import { sandboxSchema } from "@cubicle/contracts";
import {
  FAST_SANDBOX_ID,
  UUID,
  createTemplateAndWait,
  eventually,
  expectGatewayError,
  expectSchema,
  holdCreates,
  sandboxRow,
  useTestGateway,
  watchCallerLeaving,
  withGateway,
  type GatewayClient,
  type Reply,
  createTestNode,
} from "./support.js";

const agent = createTestNode();
const ctx = useTestGateway({ node: agent });

let web: { templateID: string; buildID: string };
beforeAll(async () => {
  web = await createTemplateAndWait(ctx.api, { name: "Idem-Web", image: "alpine:3.20" });
});

const MODES = [
  ["fast", FAST_SANDBOX_ID],
  ["strong", UUID],
] as const;

const creates = (id: string) => agent.calls().filter((c) => c.op === "create" && c.sandboxId === id).length;
const rowsWithKey = async (key: string) => (await ctx.db.query("SELECT id, request_id FROM sandboxes WHERE request_id LIKE $1", [`%:${key}`])).rows as { id: string; request_id: string }[];

function post(api: GatewayClient, key: string, body: Record<string, unknown>, headers: Record<string, string> = {}, path = "/sandboxes") {
  return api.post(path, body, { "idempotency-key": key, ...headers });
}

function expectCreated(r: Reply, replayed: boolean) {
  if (r.status !== 201) throw new Error(`expected 201, got ${r.status} ${JSON.stringify(r.body)}`);
  expectSchema(sandboxSchema, r.body);
  expect(r.headers.get("idempotent-replayed")).toBe(replayed ? "true" : null);
}

describe.each(MODES)("%s mode", (mode, idForm) => {
  const headers = { "x-cubicle-sandbox-mode": mode };
  const body = { templateID: "Idem-Web", metadata: { run: "1", team: "a" } };

  test("a repeat with the same body → the same sandbox, `idempotent-replayed: true`, one sandbox at the agent", async () => {
    const key = `repeat-${mode}`;
    const first = await post(ctx.api, key, body, headers);
    expectCreated(first, false);
    expect(first.body.sandboxID).toMatch(idForm);
    const again = await post(ctx.api, key, body, headers);
    expectCreated(again, true);
    expect(again.body).toEqual(first.body);
    // Once its record is written, a repeat is answered from it, the same way.
    await eventually(() => sandboxRow(ctx.db, first.body.sandboxID), 5_000, "the record");
    const later = await post(ctx.api, key, body, headers);
    expectCreated(later, true);
    expect(later.body).toEqual(first.body);
    expect(creates(first.body.sandboxID)).toBe(1);
    expect((await rowsWithKey(key)).map((r) => r.id)).toEqual([first.body.sandboxID]);
  });

  test("the same request written differently (POST /v2/sandboxes, the template by id, the default timeout, other key order) → replayed", async () => {
    const key = `equivalent-${mode}`;
    const first = await post(ctx.api, key, body, headers);
    expectCreated(first, false);
    for (const [path, same] of [
      ["/v2/sandboxes", body],
      ["/sandboxes", { ...body, templateID: web.templateID.toUpperCase() }],
      ["/sandboxes", { ...body, templateID: "idem-web", timeout: 300 }],
      ["/sandboxes", { templateID: "Idem-Web", metadata: { team: "a", run: "1" } }],
    ] as const) {
      const r = await post(ctx.api, key, same, headers, path);
      expectCreated(r, true);
      expect(r.body.sandboxID).toBe(first.body.sandboxID);
    }
    expect(creates(first.body.sandboxID)).toBe(1);
  });

  test("a repeat with a different body, or in the other mode → 409 idempotency_conflict; the agent is not asked", async () => {
    const key = `conflict-${mode}`;
    const first = await post(ctx.api, key, body, headers);
    expectCreated(first, false);
    const before = agent.calls().filter((c) => c.op === "create").length;
    const other = mode === "fast" ? "strong" : "fast";
    for (const [different, h] of [
      [{ ...body, metadata: { run: "2", team: "a" } }, headers],
      [{ ...body, timeout: 60 }, headers],
      [{ ...body, envVars: { A: "1" } }, headers],
      [body, { "x-cubicle-sandbox-mode": other }],
    ] as const) {
      const r = await post(ctx.api, key, different, h);
      expectGatewayError(r, 409, "idempotency_conflict");
      expect(r.body.message).toBe("this idempotency key was already used for a different sandbox create; use a new key for a new sandbox");
      expect(r.body.message).not.toContain(key);
    }
    expect(agent.calls().filter((c) => c.op === "create").length).toBe(before);
    // The first request still replays.
    expectCreated(await post(ctx.api, key, body, headers), true);
  });

  test("concurrent repeats while the agent is slow → one sandbox, every answer the same", async () => {
    const key = `concurrent-${mode}`;
    agent.setDelay(50);
    try {
      const replies = await Promise.all(Array.from({ length: 5 }, () => post(ctx.api, key, body, headers)));
      for (const r of replies) expect(r.status).toBe(201);
      const ids = new Set(replies.map((r) => r.body.sandboxID));
      expect(ids.size).toBe(1);
      expect(replies.filter((r) => r.headers.get("idempotent-replayed") === "true")).toHaveLength(4);
      expect(creates([...ids][0])).toBe(1);
    } finally {
      agent.setDelay(0);
    }
  });

  test("concurrent repeats when the first attempt fails at the agent → that one 502, the others make one sandbox together", async () => {
    const key = `concurrent-failure-${mode}`;
    agent.setDelay(50);
    agent.failNextCreates(1, "transient");
    try {
      const replies = await Promise.all(Array.from({ length: 3 }, () => post(ctx.api, key, body, headers)));
      const failed = replies.filter((r) => r.status !== 201);
      expect(failed).toHaveLength(1);
      expectGatewayError(failed[0]!, 502, "agent_error");
      const ok = replies.filter((r) => r.status === 201);
      expect(new Set(ok.map((r) => r.body.sandboxID)).size).toBe(1);
      expect(ok.filter((r) => r.headers.get("idempotent-replayed") === "true")).toHaveLength(1);
      expect(agent.holds(ok[0]!.body.sandboxID)).toBe(true);
    } finally {
      agent.setDelay(0);
      agent.failNextCreates(0);
    }
  });

  test("a create the agent refused leaves the key free: the retry makes the sandbox", async () => {
    const key = `after-failure-${mode}`;
    agent.failNextCreates(1, "no room right now");
    expectGatewayError(await post(ctx.api, key, body, headers), 502, "agent_error");
    const retry = await post(ctx.api, key, body, headers);
    expectCreated(retry, false);
    expect(agent.holds(retry.body.sandboxID)).toBe(true);
  });
});

describe("keys are scoped per API key", () => {
  const KEY_A = "idem-api-key-a-0123456789";
  const KEY_B = "idem-api-key-b-0123456789";

  test("two API keys using the same Idempotency-Key get different sandboxes; each repeat gets its own", async () => {
    const key = "shared-key";
    const body = { templateID: "Idem-Web" };
    const [a, b, aAgain, bAgain] = await withGateway({ MASTER_URL: ctx.master.url, API_KEYS: `${KEY_A},${KEY_B}` }, async (gateway) => [
      await post(gateway.as(KEY_A), key, body),
      await post(gateway.as(KEY_B), key, body),
      await post(gateway.as(KEY_A), key, body),
      await post(gateway.as(KEY_B), key, body),
    ]);
    expectCreated(a!, false);
    expectCreated(b!, false);
    expect(a!.body.sandboxID).not.toBe(b!.body.sandboxID);
    expectCreated(aAgain!, true);
    expect(aAgain!.body.sandboxID).toBe(a!.body.sandboxID);
    expectCreated(bAgain!, true);
    expect(bAgain!.body.sandboxID).toBe(b!.body.sandboxID);
    // The stored keys never hold the API keys themselves.
    const rows = await eventually(async () => ((await rowsWithKey(key)).length === 2 ? rowsWithKey(key) : undefined), 5_000, "both records");
    expect(new Set(rows.map((r) => r.request_id)).size).toBe(2);
    for (const r of rows) {
      expect(r.request_id).not.toContain(KEY_A);
      expect(r.request_id).not.toContain(KEY_B);
    }

    // Scoping follows the key, not its position in API_KEYS nor the gateway.
    await withGateway({ MASTER_URL: ctx.master.url, API_KEYS: `${KEY_B}, ${KEY_A}` }, async (gateway) => {
      const r = await post(gateway.as(KEY_A), key, body);
      expectCreated(r, true);
      expect(r.body.sandboxID).toBe(a!.body.sandboxID);
    });
  });

  test("the gateway's default key does not share another key's Idempotency-Key either", async () => {
    const key = "default-vs-other";
    const mine = await post(ctx.api, key, { templateID: "Idem-Web" });
    expectCreated(mine, false);
    await withGateway({ MASTER_URL: ctx.master.url, API_KEYS: KEY_A }, async (gateway) => {
      const theirs = await post(gateway.api, key, { templateID: "Idem-Web" });
      expectCreated(theirs, false);
      expect(theirs.body.sandboxID).not.toBe(mine.body.sandboxID);
    });
  });
});

describe("the Idempotency-Key header", () => {
  test.each([
    ["empty", ""],
    ["with a space", "my key"],
    ["129 characters", "k".repeat(129)],
    ["with a non-ASCII character", "clé"],
    ["with a tab", "a\tb"],
  ])("%s → 400 invalid_request; the agent is not asked", async (_what, key) => {
    const before = agent.calls().length;
    const r = await post(ctx.api, key, { templateID: "Idem-Web" });
    expectGatewayError(r, 400, "invalid_request");
    expect(r.body.message).toMatch(/Idempotency-Key/);
    expect(agent.calls().length).toBe(before);
  });

  test("128 printable characters are accepted", async () => {
    const key = `${"~!".repeat(63)}Az`;
    expect(key).toHaveLength(128);
    const r = await post(ctx.api, key, { templateID: "Idem-Web" });
    expectCreated(r, false);
    expectCreated(await post(ctx.api, key, { templateID: "Idem-Web" }), true);
  });

  test("without the header every create makes a new sandbox", async () => {
    const a = await ctx.api.post("/sandboxes", { templateID: "Idem-Web" });
    const b = await ctx.api.post("/sandboxes", { templateID: "Idem-Web" });
    expectCreated(a, false);
    expectCreated(b, false);
    expect(a.body.sandboxID).not.toBe(b.body.sandboxID);
  });
});

/** Ids of every sandbox the agent was asked to create so far. */
const createdIds = () => new Set(agent.calls().filter((c) => c.op === "create").map((c) => c.sandboxId));

/** The one create the agent was asked for that is not in `before` (it may reach the agent after the gateway gave up). */
const newCreate = (before: Set<string>) =>
  eventually(
    async () => {
      const fresh = [...createdIds()].filter((id) => !before.has(id));
      if (fresh.length > 1) throw new Error(`more than one new create: ${fresh.join(", ")}`);
      return fresh[0];
    },
    5_000,
    "the create to reach the agent",
  );

// The create's deadline is a second (key verification and the template's lookup have that
// long too); the agent answers only once the gateway has given up.
describe("a create the gateway gives up on (SANDBOX_CREATE_TIMEOUT_MS)", () => {
  const env = { SANDBOX_CREATE_TIMEOUT_MS: "1000", MASTER_TIMEOUT_MS: "1000" };

  test.each(MODES)("%s: → 504 upstream_timeout; without a key master stops the sandbox nobody got the id of", async (mode, _idForm) => {
    await withGateway({ MASTER_URL: ctx.master.url, ...env }, async (gateway) => {
      const before = createdIds();
      const callerLeaving = await watchCallerLeaving(ctx.master.api);
      const { release } = holdCreates(agent);
      let r: Reply;
      try {
        r = await gateway.api.post("/sandboxes", { templateID: "Idem-Web" }, { "x-cubicle-sandbox-mode": mode });
        // The gateway closed its call: once master has seen that, the node may make the sandbox.
        await callerLeaving.seen();
      } finally {
        release();
      }
      expectGatewayError(r, 504, "upstream_timeout");
      const created = await newCreate(before);
      // The node placed it after the gateway gave up; master then stopped it and dropped its record.
      const stopped = () => agent.calls().some((c) => c.op === "delete" && c.sandboxId === created);
      await eventually(async () => (stopped() && !agent.ids().includes(created) && !(await sandboxRow(ctx.db, created)) ? true : undefined), 8_000, "the orphan to be stopped");
    });
  });

  test.each(MODES)("%s: with an Idempotency-Key → 504, then the retry answers the sandbox that was made", async (mode, _idForm) => {
    await withGateway({ MASTER_URL: ctx.master.url, ...env }, async (gateway) => {
      const key = `timeout-${mode}-${Date.now()}`;
      const before = createdIds();
      const { release } = holdCreates(agent);
      let r: Reply;
      try {
        r = await post(gateway.api, key, { templateID: "Idem-Web" }, { "x-cubicle-sandbox-mode": mode });
      } finally {
        release();
      }
      expectGatewayError(r, 504, "upstream_timeout");
      const made = await newCreate(before);
      await eventually(async () => (agent.ids().includes(made) ? true : undefined), 5_000, "the sandbox to start");
      // The retry through the file's gateway (same API key, so the same keys; its ordinary
      // deadline): only the first attempt is about giving up.
      const retry = await post(ctx.api, key, { templateID: "Idem-Web" }, { "x-cubicle-sandbox-mode": mode });
      expectCreated(retry, true);
      expect(retry.body.sandboxID).toBe(made);
    });
  });
});
