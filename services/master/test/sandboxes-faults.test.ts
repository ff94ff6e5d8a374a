import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import type { SandboxView } from "@cubicle/contracts";
import type { JsonClient, Reply } from "../../../test-support/http.js";
import { UUID, eventually, expectErrorShape, metric, startTestMaster, useTestMaster, waitForStatus, type TestMaster, createTestNode } from "./support.js";

const agent = createTestNode();
// Quick write retries (5 ms, then 10 ms) and a sweep every 100 ms.
const ctx = useTestMaster({ node: agent, env: { SANDBOX_WRITE_RETRY_MS: "5", SANDBOX_SWEEP_MS: "100" } });

const FAST_ID = /^[0-9a-f]{32}$/;
const api = () => ctx.master.api;
const create = (body: Record<string, unknown>, client: JsonClient = api()): Promise<Reply> => client.post("/sandboxes", body);

/** A counter's value; a labelled counter nothing has counted yet has no sample and reads 0. */
async function count(name: string, labels = ""): Promise<number> {
  try {
    return await metric(api(), name, labels);
  } catch {
    return 0;
  }
}

async function row(id: string): Promise<Record<string, any> | undefined> {
  return (await ctx.db.query("SELECT * FROM sandboxes WHERE id = $1", [id])).rows[0];
}
const rowsNamed = async (name: string) => (await ctx.db.query("SELECT id FROM sandboxes WHERE name = $1", [name])).rowCount;
const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

let templateId: string;
beforeAll(async () => {
  const r = await api().post("/templates", { displayName: "sbx-faults", image: "alpine:3.20" });
  await waitForStatus(api(), r.body.templateId, ["ready"]);
  templateId = r.body.templateId;
});

describe("the agent refuses a create", () => {
  test.each(["fast", "strong"] as const)("%s → 502 agent_error with the agent's reason; no record and nothing at the agent", async (mode) => {
    const name = unique(`agent-fails-${mode}`);
    const heldBefore = agent.ids();
    const failuresBefore = await count("cubicle_sandbox_agent_failures_total", '{op="create"}');
    agent.failNextCreates(1, "the node is out of memory");
    const r = await create({ templateId, mode, name });
    expectErrorShape(r, 502, "agent_error");
    expect(r.body.message).toMatch(/the node is out of memory/);
    expect(agent.ids()).toEqual(heldBefore);
    expect(await rowsNamed(name)).toBe(0);
    expect(await count("cubicle_sandbox_agent_failures_total", '{op="create"}')).toBe(failuresBefore + 1);
    if (mode === "strong") {
      // The record written first (its UUID was sent to the agent) is rolled back.
      const tried = agent.calls().filter((c) => c.op === "create").at(-1)!.sandboxId;
      expect(tried).toMatch(UUID);
      expect(await row(tried)).toBeUndefined();
    } else {
      // Fast mode writes nothing when the agent refuses, not even later.
      expect(await metric(api(), "cubicle_sandbox_pending_writes")).toBe(0);
      expect(await rowsNamed(name)).toBe(0);
    }
    // The refusal was for one create only.
    expect((await create({ templateId, mode, name })).status).toBe(201);
  });

  test.each(["fast", "strong"] as const)("%s: a requestId whose create the agent refused can be retried and then makes the sandbox", async (mode) => {
    const requestId = `req-${randomUUID()}`;
    agent.failNextCreates(1, "the node is busy");
    expectErrorShape(await create({ templateId, mode, requestId }), 502, "agent_error");
    const retry = await create({ templateId, mode, requestId });
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBeNull();
    expect(agent.holds(retry.body.sandboxId)).toBe(true);
    await eventually(() => row(retry.body.sandboxId), 5_000, "the record");
    expect((await ctx.db.query("SELECT id FROM sandboxes WHERE request_id = $1", [requestId])).rows).toEqual([{ id: retry.body.sandboxId }]);
  });
});

describe("the database refuses a sandbox's record", () => {
  beforeAll(async () => {
    // A real failure inside PostgreSQL for chosen names: inserts of 'fail-write…', updates of 'fail-place…'.
    await ctx.db.query(`
      CREATE OR REPLACE FUNCTION test_refuse_sandbox_write() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (TG_OP = 'INSERT' AND NEW.name LIKE 'fail-write%') OR (TG_OP = 'UPDATE' AND NEW.name LIKE 'fail-place%') THEN
          RAISE EXCEPTION 'test trigger refuses sandbox %', NEW.name;
        END IF;
        RETURN NEW;
      END
      $$`);
    await ctx.db.query("DROP TRIGGER IF EXISTS test_refuse_sandbox_write ON sandboxes");
    await ctx.db.query("CREATE TRIGGER test_refuse_sandbox_write BEFORE INSERT OR UPDATE ON sandboxes FOR EACH ROW EXECUTE FUNCTION test_refuse_sandbox_write()");
  });
  afterAll(async () => {
    await ctx.db.query("DROP TRIGGER IF EXISTS test_refuse_sandbox_write ON sandboxes");
    await ctx.db.query("DROP FUNCTION IF EXISTS test_refuse_sandbox_write()");
  });

  test("fast: the caller still gets 201; after 3 failed writes the sandbox is removed from its agent", async () => {
    const retriesBefore = await count("cubicle_sandbox_write_retries_total");
    const abandonedBefore = await count("cubicle_sandbox_writes_abandoned_total");
    const name = unique("fail-write");
    const r = await create({ templateId, name });
    expect(r.status).toBe(201);
    const s = r.body as SandboxView;
    expect(s.sandboxId).toMatch(FAST_ID);
    expect(s.name).toBe(name);

    await eventually(async () => (agent.holds(s.sandboxId) ? undefined : true), 5_000, "the agent to drop the sandbox");
    expect(agent.calls()).toContainEqual({ op: "delete", sandboxId: s.sandboxId });
    await eventually(async () => ((await count("cubicle_sandbox_writes_abandoned_total")) > abandonedBefore ? true : undefined), 5_000, "the abandoned metric");
    expect(await count("cubicle_sandbox_writes_abandoned_total")).toBe(abandonedBefore + 1);
    expect(await count("cubicle_sandbox_write_retries_total")).toBe(retriesBefore + 2);
    expect(await metric(api(), "cubicle_sandbox_pending_writes")).toBe(0);
    expect(await row(s.sandboxId)).toBeUndefined();
    expect(await rowsNamed(name)).toBe(0);
    expectErrorShape(await api().get(`/sandboxes/${s.sandboxId}`), 404, "sandbox_not_found");
  });

  test("fast: a read straight after the create waits for the failing write and answers 404", async () => {
    const r = await create({ templateId, name: unique("fail-write") });
    expect(r.status).toBe(201);
    expectErrorShape(await api().get(`/sandboxes/${r.body.sandboxId}`), 404, "sandbox_not_found");
    await eventually(async () => (agent.holds(r.body.sandboxId) ? undefined : true), 5_000, "the agent to drop the sandbox");
  });

  test("strong: a record that cannot be inserted → 500 internal_error revealing nothing, and the agent is never called", async () => {
    const callsBefore = agent.calls().length;
    const name = unique("fail-write");
    const r = await create({ templateId, mode: "strong", name });
    expectErrorShape(r, 500, "internal_error");
    expect(JSON.stringify(r.body)).not.toMatch(/trigger|fail-write/);
    expect(agent.calls().length).toBe(callsBefore);
    expect(await rowsNamed(name)).toBe(0);
  });

  test("strong: a placement that cannot be recorded (after retries) is removed from the agent and its record rolled back", async () => {
    const retriesBefore = await count("cubicle_sandbox_write_retries_total");
    const heldBefore = agent.ids();
    const name = unique("fail-place");
    const r = await create({ templateId, mode: "strong", name });
    expectErrorShape(r, 500, "internal_error");
    const tried = agent.calls().filter((c) => c.op === "create").at(-1)!.sandboxId;
    expect(tried).toMatch(UUID);
    expect(agent.calls()).toContainEqual({ op: "delete", sandboxId: tried });
    expect(agent.ids()).toEqual(heldBefore);
    expect(await rowsNamed(name)).toBe(0);
    expect(await count("cubicle_sandbox_write_retries_total")).toBe(retriesBefore + 2);
  });
});

describe("an agent slower than the deadline", () => {
  const slow = createTestNode();
  let master: TestMaster;
  beforeAll(async () => {
    slow.setDelay(1_000);
    master = await startTestMaster({ SANDBOX_AGENT_TIMEOUT_MS: "200" }, { node: slow });
  });
  afterAll(async () => {
    await master?.close();
  });

  test.each(["fast", "strong"] as const)("%s → 502 agent_error saying it did not answer; no record, and nothing left at the agent", async (mode) => {
    const name = unique(`slow-${mode}`);
    const createsBefore = slow.calls().filter((c) => c.op === "create").length;
    const r = await create({ templateId, mode, name }, master.api);
    expectErrorShape(r, 502, "agent_error");
    expect(r.body.message).toMatch(/did not answer within 200 ms/);
    expect(await rowsNamed(name)).toBe(0);
    expect(slow.ids()).toEqual([]);
    expect(slow.calls().filter((c) => c.op === "create").length - createsBefore).toBe(1);
  });

  test("GET of a sandbox the agent does not confirm in time answers from its record, in state unknown", async () => {
    const s = (await create({ templateId, mode: "strong" })).body as SandboxView;
    const r = await master.api.get(`/sandboxes/${s.sandboxId}`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ ...s, state: "unknown" });
    expect(await row(s.sandboxId)).toBeDefined();
  });
});

describe("expiry", () => {
  test("sandboxes (fast and strong) whose timeout is set to 1 s are removed from their agent and their records after their end", async () => {
    const expiredBefore = await count("cubicle_sandboxes_expired_total");
    // Made with a long timeout, so they are certainly still there when read; then shortened to 1 s.
    const replies = await Promise.all((["fast", "strong"] as const).map((mode) => create({ templateId, mode, timeout: 600 })));
    const made = replies.map((r) => {
      expect(r.status).toBe(201);
      return r.body as SandboxView;
    });
    for (const [i, s] of made.entries()) {
      expect(Date.parse(s.endAt) - Date.parse(s.startedAt)).toBe(600_000);
      expect((await api().get(`/sandboxes/${s.sandboxId}`)).status).toBe(200);
      const shortened = await api().post(`/sandboxes/${s.sandboxId}/timeout`, { timeout: 1 });
      expect(shortened.status).toBe(200);
      expect(shortened.body).toMatchObject({ sandboxId: s.sandboxId, timeout: 1 });
      expect(Date.parse(shortened.body.endAt)).toBeLessThan(Date.parse(s.endAt));
      made[i] = shortened.body as SandboxView;
    }

    for (const s of made) {
      await eventually(async () => ((await row(s.sandboxId)) ? undefined : true), 5_000, `the reaper to remove ${s.mode} sandbox ${s.sandboxId}`);
      expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(s.endAt));
      // The reaper stopped it at the agent before forgetting it.
      expect(agent.calls()).toContainEqual({ op: "delete", sandboxId: s.sandboxId });
      expect(agent.holds(s.sandboxId)).toBe(false);
      expectErrorShape(await api().get(`/sandboxes/${s.sandboxId}`), 404, "sandbox_not_found");
    }
    expect(await count("cubicle_sandboxes_expired_total")).toBeGreaterThanOrEqual(expiredBefore + 2);
    const listed = await api().get(`/sandboxes?templateId=${templateId}&limit=1000`);
    const listedIds = listed.body.sandboxes.map((x: SandboxView) => x.sandboxId);
    for (const s of made) expect(listedIds).not.toContain(s.sandboxId);
  });
});

describe("idempotency across masters", () => {
  test.each(["fast", "strong"] as const)("%s: two masters given the same requestId at once answer the same sandbox; one record, one at the agent", async (mode) => {
    // A second master on the same database and node agent, as replicas behind one gateway would be.
    const other = await startTestMaster({ SANDBOX_WRITE_RETRY_MS: "5" }, { agent: ctx.master.agent });
    try {
      for (let round = 0; round < 5; round++) {
        const requestId = unique(`cross-${mode}-${round}`);
        const body = { templateId, mode, requestId, metadata: { round: String(round) } };
        const heldBefore = new Set(agent.ids());
        const [a, b] = await Promise.all([create(body), create(body, other.api)]);
        expect([a.status, b.status]).toEqual([201, 201]);
        expect(b.body.sandboxId).toBe(a.body.sandboxId);
        expect([a.headers.get("idempotent-replayed"), b.headers.get("idempotent-replayed")].sort()).toEqual([null, "true"]);
        expect((await ctx.db.query("SELECT id FROM sandboxes WHERE request_id = $1", [requestId])).rows).toEqual([{ id: a.body.sandboxId }]);
        // The loser's own sandbox (if it made one) is gone from the agent.
        await eventually(async () => (agent.ids().filter((id) => !heldBefore.has(id)).length === 1 ? true : undefined), 2_000, "one new sandbox at the agent");
        expect(agent.holds(a.body.sandboxId)).toBe(true);
      }
    } finally {
      await other.close();
    }
  });
});

describe("a requestId whose sandbox has ended", () => {
  test("repeating it after the end (before any sweep) starts a new sandbox instead of answering the ended one", async () => {
    // A master that never sweeps within the test: the ended sandbox's record is still there.
    const lazy = await startTestMaster({ SANDBOX_SWEEP_MS: "600000" }, { agent: ctx.master.agent });
    try {
      const body = { templateId, mode: "fast", requestId: unique("ended"), timeout: 1 };
      const first = await create(body, lazy.api);
      expect(first.status).toBe(201);
      await eventually(async () => (Date.now() > Date.parse(first.body.endAt) + 50 ? true : undefined), 3_000, "the sandbox's end");
      const again = await create(body, lazy.api);
      expect(again.status).toBe(201);
      expect(again.headers.get("idempotent-replayed")).toBeNull();
      expect(again.body.sandboxId).not.toBe(first.body.sandboxId);
      expect(await row(first.body.sandboxId)).toBeUndefined();
      expect(agent.holds(again.body.sandboxId)).toBe(true);
    } finally {
      await lazy.close();
    }
  });
});
