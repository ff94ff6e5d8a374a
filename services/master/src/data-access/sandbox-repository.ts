import type pg from "pg";
import type { Db } from "./prisma.js";
import type { Prisma, Sandbox } from "../generated/prisma/client.js";
import { RequestIdTakenError, isUniqueViolation } from "./errors.js";
import { SANDBOX_COLUMNS, toSandbox, type HotQueries, type NewSandbox, type TemplateForSandbox } from "./hot-queries.js";

export const REQUEST_ID_INDEX = "sandboxes_team_request_id_key";

export type { NewSandbox, TemplateForSandbox };

export interface SandboxListFilter {
  teamId: string;
  limit: number;
  /** Start after this position (start time, id) in the list's order. */
  after?: { at: Date; id: string } | undefined;
  order: "asc" | "desc";
  templateId?: string | undefined;
  metadata?: Record<string, string> | undefined;
  startedAfter?: Date | undefined;
  state?: Sandbox["state"][] | undefined;
}

/**
 * Sandboxes a caller can see: placed on a node and not yet past their end, or running past
 * their end with `onTimeout: pause` (the sweep is about to pause them, and keeps them).
 */
const visible = (): Prisma.SandboxWhereInput => ({
  node: { not: null },
  OR: [{ endAt: { gt: new Date() } }, { state: "running", onTimeout: "pause" }],
});

// A record goes, and with it the slot of its team's sandbox quota that it held; a note of it
// stays a while, so that its logs (kept by its node) can still be asked for by its team.
const DELETE_RELEASING_SLOT = `
  WITH d AS (DELETE FROM sandboxes WHERE id = $1 RETURNING id, team_id, node),
  ended AS (INSERT INTO ended_sandboxes (id, team_id, node) SELECT id, team_id, node FROM d
            ON CONFLICT (id) DO UPDATE SET ended_at = now(), node = excluded.node)
  UPDATE teams SET sandbox_slots = greatest(sandbox_slots - 1, 0) FROM d WHERE teams.id = d.team_id RETURNING 1`;

/** A sandbox's state as its node reports it, for `sync`. */
export interface ObservedState {
  state: Sandbox["state"];
  endAt: Date;
  pausedAt: Date | null;
}

/** A sandbox past its end: removed, or (running with `onTimeout: pause`) paused. */
export type ExpiredSandbox = Pick<Sandbox, "id" | "node" | "state" | "onTimeout" | "endAt">;

async function one(pool: pg.Pool, text: string, values: unknown[]): Promise<Sandbox | null> {
  const r = (await pool.query<Record<string, unknown>>(text, values)).rows[0];
  return r ? toSandbox(r) : null;
}

export function createSandboxRepository(prisma: Db, pool: pg.Pool, hot: HotQueries) {
  return {
    findTemplate: hot.templateForSandbox,

    /** Takes a slot of the team's concurrent-sandbox quota; false when none is free. */
    takeSlot: hot.takeSandboxSlot,
    /** Gives back a slot taken for a create that recorded no sandbox. */
    releaseSlot: hot.releaseSandboxSlot,

    /** The team's concurrent-sandbox quota (its own, else `defaultMax`); null when there is no such team. */
    async sandboxQuota(teamId: string, defaultMax: number): Promise<number | null> {
      const r = await pool.query<{ max: number }>("SELECT coalesce(max_sandboxes, $2::int) AS max FROM teams WHERE id = $1::uuid", [teamId, defaultMax]);
      return r.rows[0]?.max ?? null;
    },

    /** Current display names of these templates (a deleted or unnamed template has none). */
    async displayNames(templateIds: string[]): Promise<Map<string, string>> {
      if (templateIds.length === 0) return new Map();
      const rows = await prisma.template.findMany({ where: { id: { in: templateIds }, displayName: { not: null } }, select: { id: true, displayName: true } });
      return new Map(rows.map((r) => [r.id, r.displayName!]));
    },

    /** Writes a sandbox's record; returns it with its id (generated here in strong mode). */
    async insert(input: NewSandbox): Promise<Sandbox> {
      try {
        return await hot.insertSandbox(input);
      } catch (err) {
        if (input.requestId && isUniqueViolation(err, REQUEST_ID_INDEX)) throw new RequestIdTakenError(input.requestId);
        throw err;
      }
    },

    /** Records where the agent placed a strong-mode sandbox; null when the record went meanwhile. */
    markPlaced: hot.markPlaced,

    async findByRequestId(teamId: string, requestId: string): Promise<Sandbox | null> {
      return prisma.sandbox.findUnique({ where: { teamId_requestId: { teamId, requestId } } });
    },

    /** The team's sandbox with this id, if it is placed and not past its end. */
    async findVisible(teamId: string, id: string): Promise<Sandbox | null> {
      return prisma.sandbox.findFirst({ where: { id, teamId, ...visible() } });
    },

    /** The team's visible sandboxes among these ids. */
    async findVisibleMany(teamId: string, ids: string[]): Promise<Sandbox[]> {
      if (ids.length === 0) return [];
      return prisma.sandbox.findMany({ where: { id: { in: ids }, teamId, ...visible() } });
    },

    async list(f: SandboxListFilter): Promise<Sandbox[]> {
      const after: Prisma.SandboxWhereInput[] = f.after
        ? f.order === "desc"
          ? [{ OR: [{ startedAt: { lt: f.after.at } }, { startedAt: f.after.at, id: { lt: f.after.id } }] }]
          : [{ OR: [{ startedAt: { gt: f.after.at } }, { startedAt: f.after.at, id: { gt: f.after.id } }] }]
        : [];
      return prisma.sandbox.findMany({
        where: {
          teamId: f.teamId,
          // Each condition its own clause: two of them are ORs.
          AND: [
            visible(),
            ...after,
            // The metadata holds every given pair.
            ...Object.entries(f.metadata ?? {}).map(([key, value]) => ({ metadata: { path: [key], equals: value } })),
          ],
          ...(f.templateId && { templateId: f.templateId }),
          ...(f.startedAfter && { startedAt: { gte: f.startedAfter } }),
          ...(f.state && f.state.length > 0 && { state: { in: f.state } }),
        },
        orderBy: [{ startedAt: f.order }, { id: f.order }],
        take: f.limit,
      });
    },

    /** A running sandbox's new end (and the timeout asked for); null when it is not running (or gone). */
    async setEnd(id: string, endAt: Date, timeoutSeconds: number): Promise<Sandbox | null> {
      return one(pool, `UPDATE sandboxes SET end_at = $2, timeout_seconds = $3 WHERE id = $1 AND state = 'running' RETURNING ${SANDBOX_COLUMNS}`, [id, endAt, timeoutSeconds]);
    },

    /** Records a pause (kept until `keepUntil`); null when it was not running (or is gone). */
    async markPaused(id: string, pausedAt: Date, keepUntil: Date): Promise<Sandbox | null> {
      return one(pool, `UPDATE sandboxes SET state = 'paused', paused_at = $2, end_at = $3 WHERE id = $1 AND state = 'running' RETURNING ${SANDBOX_COLUMNS}`, [id, pausedAt, keepUntil]);
    },

    /** Records that its node paused it at its timeout, unless its end has moved since (`timedOutAt`); null then (or when gone). */
    async markTimedOut(id: string, timedOutAt: Date, pausedAt: Date, keepUntil: Date): Promise<Sandbox | null> {
      return one(pool, `UPDATE sandboxes SET state = 'paused', paused_at = $3, end_at = $4 WHERE id = $1 AND state = 'running' AND end_at = $2 RETURNING ${SANDBOX_COLUMNS}`, [
        id,
        timedOutAt,
        pausedAt,
        keepUntil,
      ]);
    },

    /** Records that its node resumed it (or moved a running one's end): it runs until `endAt`; null when gone. */
    async markRunning(id: string, endAt: Date, timeoutSeconds: number): Promise<Sandbox | null> {
      return one(pool, `UPDATE sandboxes SET state = 'running', end_at = $2, timeout_seconds = $3 WHERE id = $1 RETURNING ${SANDBOX_COLUMNS}`, [id, endAt, timeoutSeconds]);
    },

    /** Takes the node's word for the sandbox's state and times (it paused it at its timeout, say); null when gone. */
    async sync(id: string, seen: ObservedState): Promise<Sandbox | null> {
      return one(pool, `UPDATE sandboxes SET state = $2, end_at = $3, paused_at = $4 WHERE id = $1 RETURNING ${SANDBOX_COLUMNS}`, [id, seen.state, seen.endAt, seen.pausedAt]);
    },

    /** The node of the team's sandbox that ended a short while ago (see DELETE_RELEASING_SLOT); undefined when there is none. */
    async findEnded(teamId: string, id: string): Promise<{ node: string | null } | undefined> {
      return (await pool.query<{ node: string | null }>("SELECT node FROM ended_sandboxes WHERE id = $1 AND team_id = $2::uuid", [id, teamId])).rows[0];
    },

    /** Forgets sandboxes that ended before `before`; how many. */
    async pruneEnded(before: Date, limit: number): Promise<number> {
      const r = await pool.query("DELETE FROM ended_sandboxes WHERE id IN (SELECT id FROM ended_sandboxes WHERE ended_at < $1 LIMIT $2)", [before, limit]);
      return r.rowCount ?? 0;
    },

    /** Ends the sandbox now (its record stays until its node has stopped it); false when there was none. */
    async end(id: string): Promise<boolean> {
      return ((await pool.query("UPDATE sandboxes SET end_at = now() WHERE id = $1 AND end_at > now()", [id])).rowCount ?? 0) > 0;
    },

    /** The placed sandboxes recorded on this node (for reconciliation). */
    async idsOnNode(node: string): Promise<{ id: string; endAt: Date; state: Sandbox["state"] }[]> {
      const rows = (await pool.query<{ id: string; end_at: Date; state: Sandbox["state"] }>("SELECT id, end_at, state FROM sandboxes WHERE node = $1", [node])).rows;
      return rows.map((r) => ({ id: r.id, endAt: r.end_at, state: r.state }));
    },

    /** Whether any record (placed or not) has this id. */
    async exists(id: string): Promise<boolean> {
      return ((await pool.query("SELECT 1 FROM sandboxes WHERE id = $1", [id])).rowCount ?? 0) > 0;
    },

    /** Deletes the record (freeing its team's slot); false when there was none. */
    async delete(id: string): Promise<boolean> {
      return ((await pool.query(DELETE_RELEASING_SLOT, [id])).rowCount ?? 0) > 0;
    },

    /**
     * Sandboxes to remove: past their end, and records of strong-mode creates whose master
     * went away before the agent answered (older than `abandonedBefore`). Sandboxes on the
     * `skipNodes` (down) are left until their node is back.
     */
    async findExpired(limit: number, abandonedBefore: Date, skipNodes: string[]): Promise<ExpiredSandbox[]> {
      return prisma.sandbox.findMany({
        where: {
          AND: [
            { OR: [{ endAt: { lte: new Date() } }, { node: null, createdAt: { lt: abandonedBefore } }] },
            ...(skipNodes.length > 0 ? [{ OR: [{ node: null }, { node: { notIn: skipNodes } }] }] : []),
          ],
        },
        select: { id: true, node: true, state: true, onTimeout: true, endAt: true },
        orderBy: { endAt: "asc" },
        take: limit,
      });
    },
  };
}

export type SandboxRepository = ReturnType<typeof createSandboxRepository>;
