// Fast-mode sandboxes are answered before their record is written. A master told to stop must
// finish those writes first, so no sandbox a caller was told about goes unrecorded.
import { afterAll, afterEach, beforeAll, expect, test } from "@jest/globals";
import pg from "pg";
import { startAgentProcess, startMasterProcess, stopAllServices, truncateTables, waitForStatus } from "./support.js";

let db: pg.Pool;

beforeAll(async () => {
  db = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
  await truncateTables();
  // Slows down the record writes of sandboxes named slow-write-*: they are still pending when
  // the master is told to stop.
  await db.query(`
    CREATE OR REPLACE FUNCTION e2e_slow_sandbox_write() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.name LIKE 'slow-write-%' THEN PERFORM pg_sleep(0.5); END IF;
      RETURN NEW;
    END $$`);
  await db.query(`CREATE TRIGGER e2e_slow_sandbox_write BEFORE INSERT ON sandboxes FOR EACH ROW EXECUTE FUNCTION e2e_slow_sandbox_write()`);
});

afterEach(async () => {
  await stopAllServices();
});

afterAll(async () => {
  await db.query("DROP TRIGGER IF EXISTS e2e_slow_sandbox_write ON sandboxes");
  await db.query("DROP FUNCTION IF EXISTS e2e_slow_sandbox_write()");
  await db.end();
});

test("SIGTERM right after fast-mode creates: the master writes every answered sandbox's record before it exits", async () => {
  // One connection: the writes queue behind each other, as they would on a busy pool.
  const master = await startMasterProcess({ BUILD_PHASE_DELAY_MS: "20", DB_POOL_MAX: "1" });
  await startAgentProcess(master.url);
  const template = await master.api.post("/templates", { displayName: "shutdown-box", image: "alpine:3.20" });
  await waitForStatus(master.api, template.body.templateId, ["ready"]);

  const answers = await Promise.all(
    Array.from({ length: 5 }, (_, i) => master.api.post("/sandboxes", { templateId: template.body.templateId, mode: "fast", name: `slow-write-${i}` })),
  );
  expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
  const ids = answers.map((a) => a.body.sandboxId as string).sort();

  // The records are still being written (each takes 0.5 s) when the signal arrives.
  const pendingBefore = (await db.query("SELECT count(*)::int AS n FROM sandboxes")).rows[0].n as number;
  expect(pendingBefore).toBeLessThan(5);
  const exit = await master.stop("SIGTERM");
  expect(exit.code).toBe(0);

  const rows = await db.query<{ id: string }>("SELECT id FROM sandboxes ORDER BY id");
  expect(rows.rows.map((r) => r.id)).toEqual(ids);
});
