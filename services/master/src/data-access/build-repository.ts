import type { Db } from "./prisma.js";
import { DEFAULT_TAG, type BuildLogEntry } from "@cubicle/contracts";
import type { BuildSpec } from "../domain/builder.js";

/**
 * Builds are run by whichever master holds their lease. Every write a runner makes is
 * fenced by `runner_id`, so a master that lost its lease (paused, partitioned, restarted)
 * can never overwrite the work of the one that took over. Times come from the database's
 * clock, so replicas with skewed clocks agree on when a lease expires.
 */

export interface ClaimedBuild {
  buildId: string;
  templateId: string;
  teamId: string;
  /** E2B's build spec, as stored when the build was started; null for a Cubicle build. */
  spec: BuildSpec | null;
  phase: string | null;
  attempts: number;
  image: string;
  cpuCount: number;
  memoryMB: number;
}

/** A ready build records what it made (its root filesystem's size, its envd version). */
export type BuildOutcome = { status: "ready"; artifact: { diskSizeMB: number; envdVersion: string } } | { status: "failed"; reason: string };

export interface FinishedBuild {
  templateId: string;
  teamId: string;
  /** The name key the template had before finishing (to invalidate lookups of it). */
  nameKey: string | null;
  /** True when the failure released the template's name. */
  nameReleased: boolean;
}

const ACTIVE = `('waiting', 'building')`;
/** Builds a runner may take: active, and not waiting for their spec. */
const RUNNABLE = `status IN ${ACTIVE} AND NOT awaiting_spec`;

type TemplateOfBuild = { template_id: string; team_id: string; name_key: string | null; ready_build_id: string | null };
type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/**
 * The build's template, its row locked first, as a delete or a rebuild locks it: locking the
 * build first would deadlock with a delete of the template (which cascades to its builds).
 */
async function lockTemplateOf(tx: Tx, buildId: string): Promise<TemplateOfBuild | undefined> {
  const [t] = await tx.$queryRawUnsafe<TemplateOfBuild[]>(
    `SELECT t.id AS template_id, t.team_id::text AS team_id, t.name_key, t.ready_build_id FROM templates t JOIN builds b ON b.template_id = t.id
     WHERE b.id = $1::uuid FOR UPDATE OF t`,
    buildId,
  );
  return t;
}

/** After a failed build: a template that never had a ready build is failed and its name released at once; one with a ready build keeps it. */
async function failTemplate(tx: Tx, t: TemplateOfBuild): Promise<FinishedBuild> {
  const { template_id: templateId, team_id: teamId } = t;
  if (t.ready_build_id === null) {
    await tx.$executeRawUnsafe(`UPDATE templates SET status = 'failed', display_name = NULL, name_key = NULL, updated_at = now() WHERE id = $1`, templateId);
    return { templateId, teamId, nameKey: t.name_key, nameReleased: t.name_key !== null };
  }
  return { templateId, teamId, nameKey: t.name_key, nameReleased: false };
}

export function createBuildRepository(prisma: Db) {
  return {
    /** Builds nobody holds a live lease on: new ones, and those of a master that went away. */
    async findClaimable(limit: number): Promise<string[]> {
      const rows = await prisma.$queryRawUnsafe<{ id: string }[]>(
        `SELECT id FROM builds WHERE ${RUNNABLE} AND (lease_expires_at IS NULL OR lease_expires_at < now())
         ORDER BY created_at LIMIT $1`,
        limit,
      );
      return rows.map((r) => r.id);
    },

    /** Takes the lease on a build if it is free; null when someone else holds it or it is done. */
    async claim(buildId: string, runnerId: string, leaseMs: number): Promise<ClaimedBuild | null> {
      const rows = await prisma.$queryRawUnsafe<
        { id: string; template_id: string; team_id: string; spec: BuildSpec | null; phase: string | null; attempts: number; image: string; cpu_count: number; memory_mb: number }[]
      >(
        `UPDATE builds SET runner_id = $2, lease_expires_at = now() + ($3::int * interval '1 millisecond'),
           attempts = attempts + 1, status = 'building', started_at = COALESCE(started_at, now()), updated_at = now()
         WHERE id = $1::uuid AND ${RUNNABLE} AND (lease_expires_at IS NULL OR lease_expires_at < now())
         RETURNING id, template_id, team_id::text AS team_id, spec, phase, attempts, image, cpu_count, memory_mb`,
        buildId,
        runnerId,
        leaseMs,
      );
      const r = rows[0];
      return r
        ? { buildId: r.id, templateId: r.template_id, teamId: r.team_id, spec: r.spec, phase: r.phase, attempts: r.attempts, image: r.image, cpuCount: r.cpu_count, memoryMB: r.memory_mb }
        : null;
    },

    /** Extends this runner's leases; returns the ids it still holds. */
    async renew(runnerId: string, buildIds: string[], leaseMs: number): Promise<Set<string>> {
      if (buildIds.length === 0) return new Set();
      const rows = await prisma.$queryRawUnsafe<{ id: string }[]>(
        `UPDATE builds SET lease_expires_at = now() + ($3::int * interval '1 millisecond')
         WHERE runner_id = $1 AND id = ANY($2::uuid[]) AND status = 'building' RETURNING id`,
        runnerId,
        buildIds,
        leaseMs,
      );
      return new Set(rows.map((r) => r.id));
    },

    /** Records the phase a build entered, with a log line. False when the lease was lost. */
    async recordPhase(buildId: string, runnerId: string, phase: string, entry: BuildLogEntry): Promise<boolean> {
      const n = await prisma.$executeRawUnsafe(
        `UPDATE builds SET phase = $3, logs = logs || $4::jsonb, updated_at = now()
         WHERE id = $1::uuid AND runner_id = $2 AND status = 'building'`,
        buildId,
        runnerId,
        phase,
        JSON.stringify([entry]),
      );
      return n > 0;
    },

    async appendLog(buildId: string, runnerId: string, entry: BuildLogEntry): Promise<boolean> {
      const n = await prisma.$executeRawUnsafe(
        `UPDATE builds SET logs = logs || $3::jsonb, updated_at = now()
         WHERE id = $1::uuid AND runner_id = $2 AND status = 'building'`,
        buildId,
        runnerId,
        JSON.stringify([entry]),
      );
      return n > 0;
    },

    /**
     * Ends a build and applies its outcome to the template in one transaction:
     * ready → the template is ready on this build and shows its spec; failed → a template that never had a
     * ready build becomes failed and its name is released at once, while a template with a
     * ready build stays ready on it and keeps its name. Null when the lease was lost.
     */
    async finish(buildId: string, runnerId: string, outcome: BuildOutcome, entry: BuildLogEntry): Promise<FinishedBuild | null> {
      return prisma.$transaction(async (tx) => {
        const t = await lockTemplateOf(tx, buildId);
        if (!t) return null;
        const { template_id: templateId, team_id: teamId } = t;
        const artifact = outcome.status === "ready" ? outcome.artifact : null;
        const builds = await tx.$queryRawUnsafe<{ template_id: string }[]>(
          `UPDATE builds SET status = $3::"BuildStatus", reason = $4, finished_at = now(), updated_at = now(),
             lease_expires_at = NULL, logs = logs || $5::jsonb, disk_size_mb = $6, envd_version = $7
           WHERE id = $1::uuid AND runner_id = $2 AND status = 'building' RETURNING template_id`,
          buildId,
          runnerId,
          outcome.status,
          outcome.status === "failed" ? outcome.reason : null,
          JSON.stringify([entry]),
          artifact?.diskSizeMB ?? null,
          artifact?.envdVersion ?? null,
        );
        if (builds.length === 0) return null;
        if (outcome.status === "ready") {
          await tx.$executeRawUnsafe(
            `UPDATE templates t SET status = 'ready', ready_build_id = b.id, image = b.image, cpu_count = b.cpu_count,
               memory_mb = b.memory_mb, disk_size_mb = b.disk_size_mb, envd_version = b.envd_version, updated_at = now()
             FROM builds b WHERE t.id = $1 AND b.id = $2::uuid`,
            templateId,
            buildId,
          );
          // Every ready build is its template's `default` build, and takes the tags it was asked for.
          await tx.$executeRawUnsafe(
            `INSERT INTO template_tags (template_id, tag, build_id)
               SELECT DISTINCT $1, tag, $2::uuid FROM builds b, unnest(ARRAY[$3]::text[] || coalesce(b.tags, '{}')) AS tag WHERE b.id = $2::uuid
             ON CONFLICT (template_id, tag) DO UPDATE SET build_id = EXCLUDED.build_id, created_at = now()`,
            templateId,
            buildId,
            DEFAULT_TAG,
          );
          return { templateId, teamId, nameKey: t.name_key, nameReleased: false };
        }
        return failTemplate(tx, t);
      });
    },

    /** E2B builds that waited longer than `olderThanMs` for their spec: their client is gone. */
    async findUnstarted(olderThanMs: number, limit: number): Promise<string[]> {
      const rows = await prisma.$queryRawUnsafe<{ id: string }[]>(
        `SELECT id FROM builds WHERE status = 'waiting' AND awaiting_spec AND created_at < now() - ($1::int * interval '1 millisecond')
         ORDER BY created_at LIMIT $2`,
        olderThanMs,
        limit,
      );
      return rows.map((r) => r.id);
    },

    /** Fails a build still waiting for its spec, as a failed build is failed (the name of a template with no ready build is released). Null when it has started meanwhile. */
    async failUnstarted(buildId: string, entry: BuildLogEntry): Promise<FinishedBuild | null> {
      return prisma.$transaction(async (tx) => {
        const t = await lockTemplateOf(tx, buildId);
        if (!t) return null;
        const n = await tx.$executeRawUnsafe(
          `UPDATE builds SET status = 'failed', reason = $2, finished_at = now(), updated_at = now(), awaiting_spec = false, logs = logs || $3::jsonb
           WHERE id = $1::uuid AND status = 'waiting' AND awaiting_spec`,
          buildId,
          entry.message.replace(/^build failed: /, ""),
          JSON.stringify([entry]),
        );
        return n > 0 ? failTemplate(tx, t) : null;
      });
    },

    /** On shutdown: hands this runner's builds back at once, so a restart resumes them without waiting. */
    async releaseLeases(runnerId: string): Promise<number> {
      return prisma.$executeRawUnsafe(
        `UPDATE builds SET runner_id = NULL, lease_expires_at = NULL WHERE runner_id = $1 AND status IN ${ACTIVE}`,
        runnerId,
      );
    },
  };
}

export type BuildRepository = ReturnType<typeof createBuildRepository>;
