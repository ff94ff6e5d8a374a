/**
 * Slow database writes on demand, for the tests of callers that give up (or time out) while
 * master is still writing.
 */
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { TEMPLATE_CREATE_LOCK } from "../services/master/src/data-access/template-repository.js";

/**
 * Makes the next insert into `table` of a row matching `where` (SQL over `NEW`) sleep
 * `seconds`, once; later inserts do not. Returns what removes the trigger.
 */
export async function slowNextInsert(db: pg.Pool, table: "templates" | "sandboxes", where: string, seconds: number): Promise<() => Promise<void>> {
  const tag = `t${randomUUID().replace(/-/g, "").slice(0, 12)}`;
  await db.query(`CREATE SEQUENCE ${tag}_seq`);
  await db.query(`CREATE FUNCTION ${tag}_fn() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN IF ${where} AND nextval('${tag}_seq') = 1 THEN PERFORM pg_sleep(${seconds}); END IF; RETURN NEW; END $$`);
  await db.query(`CREATE TRIGGER ${tag} BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION ${tag}_fn()`);
  return async () => {
    await db.query(`DROP TRIGGER ${tag} ON ${table}`);
    await db.query(`DROP FUNCTION ${tag}_fn()`);
    await db.query(`DROP SEQUENCE ${tag}_seq`);
  };
}

/**
 * Returns once a template create in the default team still in progress has committed or
 * rolled back: it holds its team's template-create lock (see `createWithBuild`) until then,
 * and this waits for that lock. A caller that gave up can be answered before master's insert
 * has even committed; "no row yet" then says nothing about whether master undid it.
 */
export async function templateInsertFinished(db: pg.Pool): Promise<void> {
  const probe = await db.connect();
  try {
    await probe.query("BEGIN");
    await probe.query("SELECT pg_advisory_xact_lock($1::int, hashtext((SELECT id::text FROM teams WHERE slug = 'default')))", [TEMPLATE_CREATE_LOCK]);
  } finally {
    await probe.query("ROLLBACK");
    probe.release();
  }
}
