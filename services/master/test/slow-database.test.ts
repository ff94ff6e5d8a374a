// Master with a database that stalls: a row held by another session answers a typed error in
// bounded time (DB_STATEMENT_TIMEOUT_MS), and a create whose caller gave up before the answer
// is undone unless it carried a requestId (then a retry finds it).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import pg from "pg";
import { holdWrites, templateInsertFinished } from "../../../test-support/held-writes.js";
import { eventually, expectErrorShape, holdCreates, startTestMaster, watchCallerLeaving, useTestMaster, waitForStatus, type TestMaster, createTestNode } from "./support.js";

// PGlite, the embedded database, has no statement timeout and serves one session at a time,
// so these run against a real PostgreSQL server (as CI does).
const onServer = process.env.CUBICLE_TEST_EMBEDDED !== "1";
const agent = createTestNode();
// A statement timeout no held insert (see holdWrites) runs into.
const ctx = useTestMaster({ node: agent, env: { DB_STATEMENT_TIMEOUT_MS: "60000" } });
const api = () => ctx.master.api;

async function readyTemplate(client = api()): Promise<string> {
  const r = await client.post("/templates", { displayName: `slow-${randomUUID().slice(0, 8)}`, image: "alpine:3.20" });
  await waitForStatus(client, r.body.templateId, ["ready"]);
  return r.body.templateId as string;
}

(onServer ? describe : describe.skip)("a template row locked by another session (DB_STATEMENT_TIMEOUT_MS=400)", () => {
  let locker: pg.Client;
  let master: TestMaster;
  beforeAll(async () => {
    master = await startTestMaster({ DB_STATEMENT_TIMEOUT_MS: "400" });
    locker = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await locker.connect();
  });
  afterAll(async () => {
    await locker?.end();
    await master?.close();
  });

  test("rename, rebuild and delete answer 503 service_unavailable with Retry-After instead of waiting; they work once it is released", async () => {
    // Only the calls meant to hit the lock go through the 400 ms master; set-up and the calls
    // after the release go through the file's master, whose statements have no such limit.
    const id = await readyTemplate();
    await locker.query("BEGIN");
    await locker.query("SELECT id FROM templates WHERE id = $1 FOR UPDATE", [id]);
    try {
      for (const [method, path, body] of [
        ["POST", "/display-name", { templateId: id, displayName: "slow-renamed" }],
        ["POST", `/templates/${id}/rebuild`, {}],
        ["DELETE", `/templates/${id}`, undefined],
      ] as const) {
        const r = await master.api.call(method, path, body);
        expectErrorShape(r, 503, "service_unavailable");
        expect(r.body.message).toBe("the database did not answer in time (a busy row or a slow query); try again shortly");
        expect(r.headers.get("retry-after")).toBe("1");
      }
    } finally {
      await locker.query("ROLLBACK");
    }
    expect((await api().post("/display-name", { templateId: id, displayName: "slow-renamed" })).status).toBe(200);
    expect((await api().delete(`/templates/${id}`)).status).toBe(204);
  });
});

/**
 * Posts, and gives up on the request once `reached` resolves (master is then writing, held
 * there by the test); lets the write go on once master has seen the caller leave.
 */
async function postAndGiveUp(path: string, body: unknown, hold: { reached(): Promise<void>; release(): unknown }): Promise<void> {
  const callerLeaving = await watchCallerLeaving(api());
  const caller = new AbortController();
  const answer = api().call("POST", path, body, {}, caller.signal);
  try {
    await hold.reached();
    caller.abort();
    await expect(answer).rejects.toThrow();
    await callerLeaving.seen();
  } finally {
    await hold.release();
  }
}

(onServer ? describe : describe.skip)("a create whose caller left before the answer", () => {
  test("without a requestId, the template is undone: its name is free again", async () => {
    const name = `left-${randomUUID().slice(0, 8)}`;
    const insert = await holdWrites(ctx.db, { table: "templates", on: "INSERT", where: `NEW.display_name = '${name}'` });
    try {
      await postAndGiveUp("/templates", { displayName: name, image: "alpine:3.20" }, insert);
      await templateInsertFinished(ctx.db);
      await eventually(async () => ((await ctx.db.query("SELECT id FROM templates WHERE name_key = $1", [name])).rowCount === 0 ? true : undefined), 5_000, "the template to be undone");
      // It had been written (the caller could not know): now it is gone, and the retry is a plain create.
      expect((await api().post("/templates", { displayName: name, image: "alpine:3.20" })).status).toBe(202);
    } finally {
      await insert.release();
    }
  });

  test("with a requestId, the template stays, and the retry is answered with it", async () => {
    const name = `kept-${randomUUID().slice(0, 8)}`;
    const requestId = `left-key-${randomUUID()}`;
    const insert = await holdWrites(ctx.db, { table: "templates", on: "INSERT", where: `NEW.display_name = '${name}'` });
    try {
      await postAndGiveUp("/templates", { displayName: name, image: "alpine:3.20", requestId }, insert);
      await eventually(async () => ((await ctx.db.query("SELECT id FROM templates WHERE request_id = $1", [requestId])).rowCount === 1 ? true : undefined), 5_000, "the create to land");
      const retry = await api().post("/templates", { displayName: name, image: "alpine:3.20", requestId });
      expect(retry.status).toBe(202);
      expect(retry.headers.get("idempotent-replayed")).toBe("true");
      expect((await ctx.db.query("SELECT id FROM templates WHERE name_key = $1", [name])).rowCount).toBe(1);
    } finally {
      await insert.release();
    }
  });

  test.each(["fast", "strong"] as const)("%s: without a requestId, the sandbox is stopped at its node and its record removed", async (mode) => {
    const templateId = await readyTemplate();
    const name = `left-${mode}-${randomUUID().slice(0, 6)}`;
    const held = agent.ids().length;
    await postAndGiveUp("/sandboxes", { templateId, mode, name }, holdCreates(agent));
    await eventually(async () => (agent.calls().some((c) => c.op === "delete") && agent.ids().length === held ? true : undefined), 5_000, "the sandbox to be stopped");
    await eventually(async () => ((await ctx.db.query("SELECT id FROM sandboxes WHERE name = $1", [name])).rowCount === 0 ? true : undefined), 5_000, "its record to go");
  });

  test("with a requestId, the sandbox stays and the retry gets it", async () => {
    const templateId = await readyTemplate();
    const requestId = `sb-left-${randomUUID()}`;
    await postAndGiveUp("/sandboxes", { templateId, requestId }, holdCreates(agent));
    const retry = await api().post("/sandboxes", { templateId, requestId });
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(agent.ids()).toContain(retry.body.sandboxId);
  });
});
