/**
 * Database writes held on demand, for tests that must act while master is still writing (a
 * caller giving up, a shutdown, a page showing a build between phases): the write waits until
 * the test lets it go, so it cannot finish first, however slow the machine.
 */
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { eventually } from "./http.js";
import { TEMPLATE_CREATE_LOCK } from "../services/master/src/data-access/template-repository.js";

export interface HeldWrites {
  /** Resolves once a write waits at the hold. */
  reached(): Promise<void>;
  /** Lets held writes go on and removes the hold (later writes do not wait); safe to call again. */
  release(): Promise<void>;
}

/**
 * Makes `on` writes to `table` of rows matching `where` (SQL over `NEW`, and `OLD` for an
 * update) wait, inside their transaction, for an advisory lock this holds until `release()`.
 * Held writes do not wait for each other. The master must not cancel them: its statement
 * timeout (DB_STATEMENT_TIMEOUT_MS) has to outlast the hold. Not on the embedded database.
 */
export async function holdWrites(db: pg.Pool, hold: { table: "templates" | "sandboxes" | "builds"; on: "INSERT" | "UPDATE"; where: string }): Promise<HeldWrites> {
  if (process.env.CUBICLE_TEST_EMBEDDED === "1") {
    throw new Error("holdWrites needs a PostgreSQL server: the embedded database is one session, in which no lock makes a write wait");
  }
  const { table, on, where } = hold;
  const tag = `hold_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
  const lock = Math.floor(Math.random() * 2 ** 31);
  await db.query(`CREATE FUNCTION ${tag}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN IF ${where} THEN PERFORM pg_advisory_xact_lock_shared(${lock}); END IF; RETURN NEW; END $$`);
  await db.query(`CREATE TRIGGER ${tag} BEFORE ${on} ON ${table} FOR EACH ROW EXECUTE FUNCTION ${tag}()`);
  const holder = await db.connect();
  await holder.query("SELECT pg_advisory_lock($1)", [lock]);
  let released: Promise<void> | undefined;
  return {
    async reached() {
      // A one-key advisory lock shows in pg_locks as objsubid 1 with the key in objid.
      const waiting = "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 1 AND objid = $1 AND NOT granted";
      await eventually(async () => ((await db.query(waiting, [lock])).rowCount ? true : undefined), 10_000, `a write to ${table} to wait at the hold`);
    },
    release: () =>
      (released ??= (async () => {
        try {
          await holder.query("SELECT pg_advisory_unlock($1)", [lock]);
        } finally {
          holder.release();
        }
        await db.query(`DROP TRIGGER ${tag} ON ${table}`);
        await db.query(`DROP FUNCTION ${tag}()`);
      })()),
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
