/**
 * Slow database writes on demand, for the tests of callers that give up (or time out) while
 * master is still writing.
 */
import { randomUUID } from "node:crypto";
import type pg from "pg";

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
 * Returns once a template insert of display name `name` (in the default team) still in progress
 * has committed or rolled back: a probe insert of the same name key waits on it, then is rolled back. A caller
 * that gave up can be answered before master's insert has even committed; "no row yet" then
 * says nothing about whether master undid it.
 */
export async function templateInsertFinished(db: pg.Pool, name: string): Promise<void> {
  const probe = await db.connect();
  try {
    await probe.query("BEGIN");
    await probe.query(
      `INSERT INTO templates (id, team_id, display_name, name_key, image, cpu_count, memory_mb, status, updated_at)
       VALUES ($1, (SELECT id FROM teams WHERE slug = 'default'), $2, lower($2), 'probe', 1, 512, 'building', now())
       ON CONFLICT (team_id, name_key) DO NOTHING`,
      [`tpl-${randomUUID().replace(/-/g, "").slice(0, 24)}`, name],
    );
  } finally {
    await probe.query("ROLLBACK");
    probe.release();
  }
}
