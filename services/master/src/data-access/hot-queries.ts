import type pg from "pg";
import type { Sandbox } from "../generated/prisma/client.js";

/**
 * The queries on master's hot paths, as SQL on the `pg` pool that Prisma's driver adapter
 * already holds: a lookup by name key (every uncached and `fresh=true` lookup), the template
 * check of a sandbox create, the team's quota slot it takes, and a sandbox's insert and
 * placement.
 *
 * Why they bypass Prisma's query builder: Prisma 6's engine-free client compiles every query
 * in WebAssembly, about 1 ms of CPU each, several times the round trip to PostgreSQL. These
 * run once per request on paths that must keep up with traffic; everything else (and
 * every schema change) stays with Prisma. They are named prepared statements unless
 * DB_PREPARED_STATEMENTS is off (see below). Column names follow `prisma/schema.prisma`; the
 * API tests exercise every one of them against real PostgreSQL and the embedded one.
 */

export interface LookupRow {
  templateId: string;
  teamId: string;
  /** Null only for a template found by id that has no name. */
  displayName: string | null;
  status: "building" | "ready" | "failed";
  buildId: string | null;
  /** Other teams may start sandboxes from it and read it. */
  public: boolean;
  /** Tag → the build it names. */
  tags: Record<string, string>;
}

/** What a template offers a new sandbox. */
export interface TemplateForSandbox {
  id: string;
  teamId: string;
  public: boolean;
  displayName: string | null;
  status: "building" | "ready" | "failed";
  readyBuildId: string | null;
  image: string;
  cpuCount: number;
  memoryMB: number;
  /** What the ready build made (0 and "" before one is ready). */
  diskSizeMB: number;
  envdVersion: string;
}

export interface NewSandbox {
  /** Fast mode gives the id; strong mode leaves it to the database. */
  id?: string;
  mode: Sandbox["mode"];
  teamId: string;
  name: string;
  namespace: string;
  createTimestamp: bigint;
  templateId: string;
  buildId: string;
  cpuCount: number;
  memoryMB: number;
  diskSizeMB: number;
  metadata: Record<string, string>;
  timeoutSeconds: number;
  onTimeout: Sandbox["onTimeout"];
  node: string | null;
  envdVersion: string | null;
  requestId: string | null;
  requestHash: string | null;
  startedAt: Date;
  endAt: Date;
}

// The build a lookup names: the ready one, else the latest (as the template's view does);
// and every tag with the build it names (at most TAGS_PER_TEMPLATE_MAX), so one cached
// answer serves the name with any of its tags, and one invalidation of the name drops them all.
const LOOKUP_COLUMNS = `t.id, t.team_id::text AS team_id, t.display_name, t.status, t.public,
         coalesce(t.ready_build_id, (SELECT b.id FROM builds b WHERE b.template_id = t.id
                                     ORDER BY b.created_at DESC, b.id DESC LIMIT 1))::text AS build_id,
         (SELECT coalesce(jsonb_object_agg(g.tag, g.build_id::text), '{}'::jsonb) FROM template_tags g WHERE g.template_id = t.id) AS tags`;

const LOOKUP_BY_NAME_KEY = `SELECT ${LOOKUP_COLUMNS} FROM templates t WHERE t.team_id = $1::uuid AND t.name_key = $2`;

const LOOKUP_BY_ID = `SELECT ${LOOKUP_COLUMNS} FROM templates t WHERE t.id = $1`;

// The template and the build a sandbox starts from: its ready build, or (`$2`) a ready build
// of it that a tag named. A build that is not a ready build of the template answers no build.
const TEMPLATE_FOR_SANDBOX = `
  SELECT t.id, t.team_id::text AS team_id, t.public, t.display_name, t.status,
         (CASE WHEN $2::uuid IS NULL THEN t.ready_build_id ELSE b.id END)::text AS ready_build_id,
         CASE WHEN $2::uuid IS NULL THEN t.image ELSE b.image END AS image,
         CASE WHEN $2::uuid IS NULL THEN t.cpu_count ELSE b.cpu_count END AS cpu_count,
         CASE WHEN $2::uuid IS NULL THEN t.memory_mb ELSE b.memory_mb END AS memory_mb,
         CASE WHEN $2::uuid IS NULL THEN t.disk_size_mb ELSE coalesce(b.disk_size_mb, t.disk_size_mb) END AS disk_size_mb,
         CASE WHEN $2::uuid IS NULL THEN t.envd_version ELSE coalesce(b.envd_version, t.envd_version) END AS envd_version
    FROM templates t LEFT JOIN builds b ON b.id = $2::uuid AND b.template_id = t.id AND b.status = 'ready'
   WHERE t.id = $1`;

// A slot of the team's sandbox quota, taken only while one is free: the update re-checks the
// condition on the row as it is when its lock is granted, so concurrent creates cannot both
// take the last slot. `$2` is the configured default for a team without a quota of its own;
// 0 means unlimited.
const TAKE_SANDBOX_SLOT = `
  UPDATE teams SET sandbox_slots = sandbox_slots + 1, slot_taken_at = now()
   WHERE id = $1::uuid AND (coalesce(max_sandboxes, $2) = 0 OR sandbox_slots < coalesce(max_sandboxes, $2))
  RETURNING sandbox_slots`;

const RELEASE_SANDBOX_SLOT = `UPDATE teams SET sandbox_slots = greatest(sandbox_slots - 1, 0) WHERE id = $1::uuid`;

const SANDBOX_COLUMNS = `id, mode, team_id::text AS team_id, name, namespace, create_timestamp::text AS create_timestamp, template_id,
  build_id::text AS build_id, cpu_count, memory_mb, disk_size_mb, metadata, timeout_seconds, state, on_timeout, paused_at, node,
  envd_version, request_id, request_hash, started_at, end_at, created_at`;

// The record, and in the same statement its template's spawn count once the sandbox is placed
// (fast mode inserts placed sandboxes; strong mode counts in MARK_PLACED). A write that
// fails counts nothing; the template row is locked only for the statement.
const INSERT_SANDBOX = `
  WITH s AS (
    INSERT INTO sandboxes (id, mode, name, namespace, create_timestamp, template_id, build_id, cpu_count,
                           memory_mb, disk_size_mb, metadata, timeout_seconds, node, envd_version,
                           request_id, request_hash, started_at, end_at, team_id, on_timeout)
    VALUES (coalesce($1, gen_random_uuid()::text), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19::uuid, $20)
    RETURNING ${SANDBOX_COLUMNS}),
  spawned AS (
    UPDATE templates t SET spawn_count = t.spawn_count + 1, last_spawned_at = greatest(t.last_spawned_at, s.started_at)
      FROM s WHERE t.id = s.template_id AND s.node IS NOT NULL)
  SELECT * FROM s`;

const MARK_PLACED = `
  WITH s AS (UPDATE sandboxes SET node = $2, envd_version = $3, disk_size_mb = $4 WHERE id = $1
             RETURNING ${SANDBOX_COLUMNS}),
  spawned AS (
    UPDATE templates t SET spawn_count = t.spawn_count + 1, last_spawned_at = greatest(t.last_spawned_at, s.started_at)
      FROM s WHERE t.id = s.template_id)
  SELECT * FROM s`;

type Row = Record<string, unknown>;

function toSandbox(r: Row): Sandbox {
  return {
    id: r.id as string,
    mode: r.mode as Sandbox["mode"],
    teamId: r.team_id as string,
    name: r.name as string,
    namespace: r.namespace as string,
    createTimestamp: BigInt(r.create_timestamp as string),
    templateId: r.template_id as string,
    buildId: r.build_id as string,
    cpuCount: r.cpu_count as number,
    memoryMB: r.memory_mb as number,
    diskSizeMB: r.disk_size_mb as number,
    metadata: r.metadata as Sandbox["metadata"],
    timeoutSeconds: r.timeout_seconds as number,
    state: r.state as Sandbox["state"],
    onTimeout: r.on_timeout as Sandbox["onTimeout"],
    pausedAt: r.paused_at as Date | null,
    node: r.node as string | null,
    envdVersion: r.envd_version as string | null,
    requestId: r.request_id as string | null,
    requestHash: r.request_hash as string | null,
    startedAt: r.started_at as Date,
    endAt: r.end_at as Date,
    createdAt: r.created_at as Date,
  };
}

function toLookupRow(r: Row): LookupRow {
  return {
    templateId: r.id as string,
    teamId: r.team_id as string,
    displayName: r.display_name as string | null,
    status: r.status as LookupRow["status"],
    buildId: r.build_id as string | null,
    public: r.public as boolean,
    tags: r.tags as Record<string, string>,
  };
}

export { SANDBOX_COLUMNS, toSandbox };

export function createHotQueries(pool: pg.Pool, options: { prepared: boolean }) {
  const { prepared } = options;
  // A named statement is prepared once per session, which saves the database parsing and
  // planning it on every call; but it needs sessions of its own. Where they are shared (the
  // embedded PGlite serves every connection from one backend, as a transaction-mode pooler
  // does), a second client preparing the same name fails with "already exists": unnamed there.
  const one = async (name: string, text: string, values: unknown[]): Promise<Row | undefined> =>
    (await pool.query<Row>(prepared ? { name, text, values } : { text, values })).rows[0];

  return {
    async lookupByNameKey(teamId: string, key: string): Promise<LookupRow | null> {
      const r = await one("cubicle_lookup_by_name_key", LOOKUP_BY_NAME_KEY, [teamId, key]);
      return r && r.display_name !== null ? toLookupRow(r) : null;
    },

    /** What a lookup answers, for a template named by its id (`tpl-…:v1`, `Template.exists(id)`). */
    async lookupById(templateId: string): Promise<LookupRow | null> {
      const r = await one("cubicle_lookup_by_id", LOOKUP_BY_ID, [templateId]);
      return r ? toLookupRow(r) : null;
    },

    /** Takes a slot of the team's sandbox quota; false when none is free (or there is no such team). */
    async takeSandboxSlot(teamId: string, defaultMax: number): Promise<boolean> {
      return (await one("cubicle_take_sandbox_slot", TAKE_SANDBOX_SLOT, [teamId, defaultMax])) !== undefined;
    },

    async releaseSandboxSlot(teamId: string): Promise<void> {
      await one("cubicle_release_sandbox_slot", RELEASE_SANDBOX_SLOT, [teamId]);
    },

    async templateForSandbox(templateId: string, buildId?: string): Promise<TemplateForSandbox | null> {
      const r = await one("cubicle_template_for_sandbox", TEMPLATE_FOR_SANDBOX, [templateId, buildId ?? null]);
      if (!r) return null;
      return {
        id: r.id as string,
        teamId: r.team_id as string,
        public: r.public as boolean,
        displayName: r.display_name as string | null,
        status: r.status as TemplateForSandbox["status"],
        readyBuildId: r.ready_build_id as string | null,
        image: r.image as string,
        cpuCount: r.cpu_count as number,
        memoryMB: r.memory_mb as number,
        diskSizeMB: r.disk_size_mb as number,
        envdVersion: r.envd_version as string,
      };
    },

    async insertSandbox(s: NewSandbox): Promise<Sandbox> {
      const values = [
        s.id ?? null, s.mode, s.name, s.namespace, s.createTimestamp.toString(), s.templateId, s.buildId, s.cpuCount,
        s.memoryMB, s.diskSizeMB, JSON.stringify(s.metadata), s.timeoutSeconds, s.node, s.envdVersion,
        s.requestId, s.requestHash, s.startedAt, s.endAt, s.teamId, s.onTimeout,
      ];
      return toSandbox((await one("cubicle_insert_sandbox", INSERT_SANDBOX, values))!);
    },

    /** Records where the agent placed a sandbox; null when its record has gone meanwhile. */
    async markPlaced(id: string, placed: { node: string; envdVersion: string; diskSizeMB: number }): Promise<Sandbox | null> {
      const r = await one("cubicle_mark_sandbox_placed", MARK_PLACED, [id, placed.node, placed.envdVersion, placed.diskSizeMB]);
      return r ? toSandbox(r) : null;
    },
  };
}

export type HotQueries = ReturnType<typeof createHotQueries>;
