// Fast-mode sandboxes are answered before their record is written. A master told to stop must
// finish those writes first, so no sandbox a caller was told about goes unrecorded.
import { afterAll, afterEach, beforeAll, expect, test } from "@jest/globals";
import pg from "pg";
import { holdWrites, type HeldWrites } from "../test-support/held-writes.js";
import { eventually, isListening, startAgentProcess, startMasterProcess, stopAllServices, truncateTables, waitForStatus } from "./support.js";

let db: pg.Pool;
/** The record writes of sandboxes named held-write-*, held while the test says. */
let held: HeldWrites | undefined;
// The embedded database is one session, in which no write can be held (see holdWrites): there
// the test checks only that every answered sandbox is recorded by the time master exits.
const onServer = process.env.CUBICLE_TEST_EMBEDDED !== "1";

beforeAll(async () => {
  db = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 3 });
  await truncateTables();
});

afterEach(async () => {
  await held?.release(); // if a failed test left them held
  await stopAllServices();
});

afterAll(async () => {
  await db.end();
});

test("SIGTERM right after fast-mode creates: the master writes every answered sandbox's record before it exits", async () => {
  // A held write waits on the hold, not on a statement timeout that would cancel it.
  const master = await startMasterProcess({ BUILD_PHASE_DELAY_MS: "20", DB_STATEMENT_TIMEOUT_MS: "60000" });
  await startAgentProcess(master.url);
  const template = await master.api.post("/templates", { displayName: "shutdown-box", image: "alpine:3.20" });
  await waitForStatus(master.api, template.body.templateId, ["ready"]);

  if (onServer) held = await holdWrites(db, { table: "sandboxes", on: "INSERT", where: "NEW.name LIKE 'held-write-%'" });
  const answers = await Promise.all(
    Array.from({ length: 5 }, (_, i) => master.api.post("/sandboxes", { templateId: template.body.templateId, mode: "fast", name: `held-write-${i}` })),
  );
  expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
  const ids = answers.map((a) => a.body.sandboxId as string).sort();

  // Told to stop while every record is still being written: it stops listening, and waits.
  const exit = master.stop("SIGTERM");
  if (held) {
    await eventually(async () => ((await isListening(master.port)) ? undefined : true), 10_000, "the master to stop listening");
    const written = (await db.query("SELECT count(*)::int AS n FROM sandboxes")).rows[0].n as number;
    expect({ written, exited: master.process.exitCode ?? master.process.signalCode }).toEqual({ written: 0, exited: null });
    await held.release();
  }
  expect((await exit).code).toBe(0);

  const rows = await db.query<{ id: string }>("SELECT id FROM sandboxes ORDER BY id");
  expect(rows.rows.map((r) => r.id)).toEqual(ids);
});
