// The teams migration on data written before teams existed: every template, build and sandbox
// moves into the team `default` unchanged, the default team holds a quota slot per sandbox,
// and names and idempotency keys become unique per team. Each scenario runs on a scratch
// database of its own, migrated step by step with the plain SQL of prisma/migrations.
import { createHash, randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import pg from "pg";
import { withDatabase } from "../../../test-support/databases.js";

// PGlite, the embedded database, is a single database: it cannot create scratch ones.
const onServer = process.env.CUBICLE_TEST_EMBEDDED !== "1";

const TEAMS = "20261130072219_teams";
const migrationsDir = new URL("../../../prisma/migrations/", import.meta.url);
const migrations = readdirSync(migrationsDir, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();
const migrationSql = (name: string) => readFileSync(new URL(`${name}/migration.sql`, migrationsDir), "utf8");

async function applyMigrations(client: pg.Client, names: string[]): Promise<void> {
  for (const name of names) await client.query(migrationSql(name));
}

/** Scratch databases made by this file, dropped after it. */
const scratch: { name: string; client: pg.Client }[] = [];

/** A new, empty database on the test server, with a client connected to it. */
async function scratchDatabase(): Promise<pg.Client> {
  const name = `cubicle_mig_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const client = new pg.Client({ connectionString: withDatabase(process.env.DATABASE_URL!, name) });
  scratch.push({ name, client });
  await client.connect();
  return client;
}

afterAll(async () => {
  if (scratch.length === 0) return;
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  try {
    for (const { name, client } of scratch) {
      await client.end().catch(() => {});
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
});

const TABLES = ["templates", "builds", "sandboxes"] as const;
const snapshot = async (client: pg.Client, table: string) => (await client.query(`SELECT * FROM ${table} ORDER BY id`)).rows;
const without = (rows: Record<string, unknown>[], ...columns: string[]) =>
  rows.map((row) => Object.fromEntries(Object.entries(row).filter(([k]) => !columns.includes(k))));

const LEGACY = "tpl-aaaaaaaaaaaaaaaaaaaaaaaa";
const UNNAMED = "tpl-bbbbbbbbbbbbbbbbbbbbbbbb";
const LEGACY_BUILD = "11111111-1111-4111-8111-111111111111";
const UNNAMED_BUILD = "22222222-2222-4222-8222-222222222222";
const fastId = (name: string, namespace: string, ts: string) => createHash("md5").update(`${name}:${namespace}:${ts}`).digest("hex");
const SANDBOX_TS = ["1764460800000000001", "1764460800000000002"]; // nanoseconds: beyond a JS number
const SANDBOXES = [fastId("legacy-1", "default", SANDBOX_TS[0]!), fastId("legacy-2", "default", SANDBOX_TS[1]!)];

/** Rows as master wrote them before teams: a named ready template and an unnamed building one. */
async function insertPreTeamsData(client: pg.Client): Promise<void> {
  await client.query(
    `INSERT INTO templates (id, display_name, name_key, image, cpu_count, memory_mb, status, ready_build_id, request_id, request_hash, created_at, updated_at) VALUES
       ($1, 'Legacy-App', 'legacy-app', 'alpine:3.20', 2, 512, 'ready', $2, 'tpl-req-1', 'hash-t1', '2026-11-01T10:00:00Z', '2026-11-01T10:05:00Z'),
       ($3, NULL, NULL, 'busybox', 1, 256, 'building', NULL, NULL, NULL, '2026-11-02T10:00:00Z', '2026-11-02T10:00:00Z')`,
    [LEGACY, LEGACY_BUILD, UNNAMED],
  );
  await client.query(
    `INSERT INTO builds (id, template_id, status, image, cpu_count, memory_mb, phase, logs, attempts, request_id, request_hash, created_at, updated_at, started_at, finished_at) VALUES
       ($1, $2, 'ready', 'alpine:3.20', 2, 512, 'distributing', '[{"level":"info","message":"done"}]', 1, 'rebuild-req-1', 'hash-b1',
        '2026-11-01T10:00:00Z', '2026-11-01T10:05:00Z', '2026-11-01T10:01:00Z', '2026-11-01T10:05:00Z'),
       ($3, $4, 'waiting', 'busybox', 1, 256, NULL, '[]', 0, NULL, NULL, '2026-11-02T10:00:00Z', '2026-11-02T10:00:00Z', NULL, NULL)`,
    [LEGACY_BUILD, LEGACY, UNNAMED_BUILD, UNNAMED],
  );
  await client.query(
    `INSERT INTO sandboxes (id, mode, name, namespace, create_timestamp, template_id, build_id, cpu_count, memory_mb, disk_size_mb, metadata,
                            timeout_seconds, node, envd_version, request_id, request_hash, started_at, end_at) VALUES
       ($1, 'fast', 'legacy-1', 'default', $2, $5, $6, 2, 512, 1024, '{"owner":"ops"}', 300, 'node-a', '0.2.0', 'sbx-req-1', 'hash-s1',
        '2026-11-03T10:00:00Z', '2026-11-03T10:05:00Z'),
       ($3, 'fast', 'legacy-2', 'default', $4, $5, $6, 2, 512, 1024, '{}', 60, 'node-b', NULL, NULL, NULL, '2026-11-03T11:00:00Z', '2026-11-03T11:01:00Z')`,
    [SANDBOXES[0], SANDBOX_TS[0], SANDBOXES[1], SANDBOX_TS[1], LEGACY, LEGACY_BUILD],
  );
}

const insertTemplate = (client: pg.Client, id: string, team: string, name: string) =>
  client.query(
    `INSERT INTO templates (id, team_id, display_name, name_key, image, cpu_count, memory_mb, status, updated_at)
     VALUES ($1, $2, $3, lower($3), 'alpine', 1, 256, 'building', now())`,
    [id, team, name],
  );
const insertSandbox = (client: pg.Client, team: string, name: string, requestId: string) =>
  client.query(
    `INSERT INTO sandboxes (id, mode, team_id, name, namespace, create_timestamp, template_id, build_id, cpu_count, memory_mb, disk_size_mb,
                            timeout_seconds, request_id, started_at, end_at)
     VALUES ($1, 'fast', $2, $3, 'default', 1, $4, $5, 1, 256, 512, 60, $6, now(), now() + interval '1 minute')`,
    [fastId(name, "default", "1"), team, name, LEGACY, LEGACY_BUILD, requestId],
  );

(onServer ? describe : describe.skip)(`migration ${TEAMS} on a database with data from before teams`, () => {
  let db: pg.Client;
  const before: Record<string, Record<string, unknown>[]> = {};
  let defaultTeam: string;

  beforeAll(async () => {
    db = await scratchDatabase();
    await applyMigrations(db, migrations.filter((m) => m < TEAMS));
    await insertPreTeamsData(db);
    for (const table of TABLES) before[table] = await snapshot(db, table);
    await applyMigrations(db, [TEAMS]);
    defaultTeam = (await db.query("SELECT id FROM teams WHERE slug = 'default'")).rows[0]?.id;
  });

  test("it makes exactly one team, `default`, with no API keys", async () => {
    const teams = await db.query("SELECT slug, name, max_sandboxes, max_templates FROM teams");
    expect(teams.rows).toEqual([{ slug: "default", name: "Default team", max_sandboxes: null, max_templates: null }]);
    expect((await db.query("SELECT count(*)::int AS n FROM api_keys")).rows[0].n).toBe(0);
  });

  test("every template, build and sandbox is in the default team; templates are private", async () => {
    for (const table of TABLES) {
      const rows = await snapshot(db, table);
      expect(rows).toHaveLength(before[table]!.length);
      expect(rows.map((r) => r.team_id)).toEqual(rows.map(() => defaultTeam));
    }
    expect((await snapshot(db, "templates")).map((r) => r.public)).toEqual([false, false]);
  });

  test("the default team holds one sandbox slot per existing sandbox (2)", async () => {
    expect((await db.query("SELECT sandbox_slots FROM teams WHERE id = $1", [defaultTeam])).rows[0].sandbox_slots).toBe(2);
  });

  test("every other column of every row is unchanged", async () => {
    expect(before.templates).toHaveLength(2);
    expect(before.builds).toHaveLength(2);
    expect(before.sandboxes).toHaveLength(2);
    for (const table of TABLES) expect(without(await snapshot(db, table), "team_id", "public")).toEqual(before[table]);
  });

  // Runs last: it adds rows.
  test("a name and a sandbox requestId are unique in a team, and free to reuse in another team", async () => {
    const other = (await db.query("INSERT INTO teams (slug, name) VALUES ('other', 'Other') RETURNING id")).rows[0].id as string;

    await expect(insertTemplate(db, "tpl-cccccccccccccccccccccccc", defaultTeam, "LEGACY-app")).rejects.toMatchObject({
      code: "23505",
      constraint: "templates_team_name_key_key",
    });
    await insertTemplate(db, "tpl-dddddddddddddddddddddddd", other, "Legacy-App");

    await expect(insertSandbox(db, defaultTeam, "again-1", "sbx-req-1")).rejects.toMatchObject({
      code: "23505",
      constraint: "sandboxes_team_request_id_key",
    });
    await insertSandbox(db, other, "again-2", "sbx-req-1");

    const holders = await db.query(
      `SELECT t.slug, count(*)::int AS n FROM templates JOIN teams t ON t.id = team_id WHERE name_key = 'legacy-app' GROUP BY t.slug ORDER BY t.slug`,
    );
    expect(holders.rows).toEqual([{ slug: "default", n: 1 }, { slug: "other", n: 1 }]);
    expect((await db.query("SELECT count(*)::int AS n FROM sandboxes WHERE request_id = 'sbx-req-1'")).rows[0].n).toBe(2);
  });
});

(onServer ? describe : describe.skip)(`migration ${TEAMS} on an empty database`, () => {
  test("it applies and makes one default team with no sandbox slots", async () => {
    const db = await scratchDatabase();
    await applyMigrations(db, migrations.filter((m) => m <= TEAMS));
    const teams = await db.query("SELECT slug, sandbox_slots FROM teams");
    expect(teams.rows).toEqual([{ slug: "default", sandbox_slots: 0 }]);
  });
});
