import type pg from "pg";
import type { Db } from "./prisma.js";
import type { Prisma, Sandbox } from "../generated/prisma/client.js";
import { RequestIdTakenError, isUniqueViolation } from "./errors.js";
import type { HotQueries, NewSandbox, TemplateForSandbox } from "./hot-queries.js";

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
}

/** Sandboxes a caller can see: placed on a node and not yet past their end. */
const visible = (): Prisma.SandboxWhereInput => ({ node: { not: null }, endAt: { gt: new Date() } });

// A record goes, and with it the slot of its team's sandbox quota that it held.
const DELETE_RELEASING_SLOT = `
  WITH d AS (DELETE FROM sandboxes WHERE id = $1 RETURNING team_id)
  UPDATE teams SET sandbox_slots = greatest(sandbox_slots - 1, 0) FROM d WHERE teams.id = d.team_id RETURNING 1`;

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

    async list(f: SandboxListFilter): Promise<Sandbox[]> {
      const after = f.after
        ? f.order === "desc"
          ? { OR: [{ startedAt: { lt: f.after.at } }, { startedAt: f.after.at, id: { lt: f.after.id } }] }
          : { OR: [{ startedAt: { gt: f.after.at } }, { startedAt: f.after.at, id: { gt: f.after.id } }] }
        : {};
      return prisma.sandbox.findMany({
        where: {
          teamId: f.teamId,
          ...visible(),
          ...after,
          ...(f.templateId && { templateId: f.templateId }),
          // The metadata holds every given pair.
          AND: Object.entries(f.metadata ?? {}).map(([key, value]) => ({ metadata: { path: [key], equals: value } })),
          ...(f.startedAfter && { startedAt: { gte: f.startedAfter } }),
        },
        orderBy: [{ startedAt: f.order }, { id: f.order }],
        take: f.limit,
      });
    },

    /** Ends the sandbox now (its record stays until its node has stopped it); false when there was none. */
    async end(id: string): Promise<boolean> {
      return ((await pool.query("UPDATE sandboxes SET end_at = now() WHERE id = $1 AND end_at > now()", [id])).rowCount ?? 0) > 0;
    },

    /** The placed sandboxes recorded on this node (for reconciliation). */
    async idsOnNode(node: string): Promise<{ id: string; endAt: Date }[]> {
      return (await pool.query<{ id: string; end_at: Date }>("SELECT id, end_at FROM sandboxes WHERE node = $1", [node])).rows.map((r) => ({ id: r.id, endAt: r.end_at }));
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
    async findExpired(limit: number, abandonedBefore: Date, skipNodes: string[]): Promise<{ id: string; node: string | null }[]> {
      return prisma.sandbox.findMany({
        where: {
          AND: [
            { OR: [{ endAt: { lte: new Date() } }, { node: null, createdAt: { lt: abandonedBefore } }] },
            ...(skipNodes.length > 0 ? [{ OR: [{ node: null }, { node: { notIn: skipNodes } }] }] : []),
          ],
        },
        select: { id: true, node: true },
        orderBy: { endAt: "asc" },
        take: limit,
      });
    },
  };
}

export type SandboxRepository = ReturnType<typeof createSandboxRepository>;
