import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import pg from "pg";
import { eventually, expectErrorShape, metric, startTestMaster, testDb, waitForStatus, type TestMaster } from "./support.js";
import { truncateTables } from "../../../test-support/templates.js";

// Two masters on one database, each with its own name cache: a change made through one is
// heard by the other through PostgreSQL's LISTEN/NOTIFY (embedded PGlite cannot relay it).
const embedded = process.env.CUBICLE_TEST_EMBEDDED === "1";
const describeReplicas = embedded ? describe.skip : describe;

describeReplicas("two masters on one database", () => {
  let a: TestMaster;
  let b: TestMaster;
  let db: pg.Pool;
  beforeAll(async () => {
    await truncateTables();
    db = testDb();
    a = await startTestMaster();
    b = await startTestMaster();
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.end();
  });

  const lookupOnB = (name: string) => b.api.get(`/lookup?name=${name}`);
  /** Polls B until `check` holds for its answer (B is not told directly; only the database tells it). */
  const onB = (name: string, check: (r: { status: number; body: any }) => boolean, what: string) =>
    eventually(async () => {
      const r = await lookupOnB(name);
      return check(r) ? r : undefined;
    }, 2_000, what);

  test("a name created, renamed, cleared and deleted through A is answered by B as it is now, though B had cached it", async () => {
    expectErrorShape(await lookupOnB("rep-new"), 404, "template_not_found");
    const { body } = await a.api.post("/templates", { displayName: "rep-new", image: "alpine" });
    await onB("rep-new", (r) => r.status === 200 && r.body.templateId === body.templateId, "B to find the new name");
    await waitForStatus(a.api, body.templateId, ["ready"]);
    await onB("rep-new", (r) => r.body.status === "ready", "B to see the build finish");

    await a.api.post("/display-name", { templateId: body.templateId, displayName: "rep-renamed" });
    await onB("rep-new", (r) => r.status === 404, "B to forget the old name");
    await onB("rep-renamed", (r) => r.body.templateId === body.templateId, "B to find the new name");

    await a.api.post("/display-name", { templateId: body.templateId, displayName: null });
    await onB("rep-renamed", (r) => r.status === 404, "B to forget the cleared name");

    await a.api.post("/display-name", { templateId: body.templateId, displayName: "rep-doomed" });
    await onB("rep-doomed", (r) => r.status === 200, "B to find the name");
    expect((await a.api.delete(`/templates/${body.templateId}`)).status).toBe(204);
    await onB("rep-doomed", (r) => r.status === 404, "B to forget the deleted template");
  });

  test("B keeps answering from its cache between changes (no database query per lookup)", async () => {
    const { body } = await a.api.post("/templates", { displayName: "rep-steady", image: "alpine" });
    await waitForStatus(a.api, body.templateId, ["ready"]);
    await onB("rep-steady", (r) => r.body.status === "ready", "B to find it ready");
    const before = await metric(b.api, "cubicle_name_lookup_db_queries_total");
    for (let i = 0; i < 5; i++) expect((await lookupOnB("rep-steady")).status).toBe(200);
    expect((await metric(b.api, "cubicle_name_lookup_db_queries_total")) - before).toBe(0);
  });

  test("the database publishes a committed change once and a rolled-back change never", async () => {
    const listener = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await listener.connect();
    const heard: string[] = [];
    listener.on("notification", (n) => heard.push(n.payload ?? ""));
    await listener.query("LISTEN cubicle_names");
    try {
      const { body } = await a.api.post("/templates", { displayName: "rep-tx", image: "alpine" });
      await waitForStatus(a.api, body.templateId, ["ready"]);
      await eventually(async () => (heard.length > 0 ? true : undefined), 2_000, "the create's notification");
      const team = a.team;
      heard.length = 0;

      const tx = await db.connect();
      try {
        await tx.query("BEGIN");
        await tx.query("UPDATE templates SET display_name = 'rep-rolled', name_key = 'rep-rolled' WHERE id = $1", [body.templateId]);
        await tx.query("ROLLBACK");
        await tx.query("BEGIN");
        await tx.query("UPDATE templates SET display_name = 'rep-tx2', name_key = 'rep-tx2' WHERE id = $1", [body.templateId]);
        await tx.query("UPDATE templates SET public = true WHERE id = $1", [body.templateId]);
        await tx.query("COMMIT");
      } finally {
        tx.release();
      }
      await eventually(async () => (heard.length >= 2 ? true : undefined), 2_000, "the commit's notifications");
      await new Promise((r) => setTimeout(r, 100));
      expect(heard.sort()).toEqual([`${team}:rep-tx`, `${team}:rep-tx2`]);
      await onB("rep-tx2", (r) => r.status === 200 && r.body.public === true, "B to see the change made in SQL");
    } finally {
      await listener.end();
    }
  });

  test("when B's listening connection is cut, B answers from the database until it listens again, and misses nothing", async () => {
    const { body } = await a.api.post("/templates", { displayName: "rep-cut", image: "alpine" });
    await onB("rep-cut", (r) => r.status === 200, "B to find it");
    // Cut every master's listening connection; changes made now reach nobody's listener.
    const cut = await db.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'cubicle-master-names' AND datname = current_database()");
    expect(cut.rowCount).toBeGreaterThanOrEqual(2);
    await db.query("UPDATE templates SET display_name = 'rep-cut-sql', name_key = 'rep-cut-sql' WHERE id = $1", [body.templateId]);
    // No notification reached B for that change, yet B must not answer its cached entry.
    await onB("rep-cut", (r) => r.status === 404, "B to stop answering the stale entry");
    expect((await lookupOnB("rep-cut-sql")).body.templateId).toBe(body.templateId);
    // B listens again and caches again.
    await eventually(async () => {
      const r = await db.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'cubicle-master-names' AND datname = current_database()");
      return r.rows[0].n >= 2 ? true : undefined;
    }, 5_000, "both masters to listen again");
    await a.api.post("/display-name", { templateId: body.templateId, displayName: "rep-cut-back" });
    await onB("rep-cut-back", (r) => r.status === 200, "B to hear the next change");
    await onB("rep-cut-sql", (r) => r.status === 404, "B to forget the name it read while cut off");
  });
});
