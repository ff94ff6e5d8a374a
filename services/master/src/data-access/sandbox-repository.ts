import type { Db } from "./prisma.js";
import type { Prisma, Sandbox } from "../generated/prisma/client.js";
import { RequestIdTakenError, isUniqueViolation } from "./errors.js";
import type { HotQueries, NewSandbox, TemplateForSandbox } from "./hot-queries.js";

export const REQUEST_ID_INDEX = "sandboxes_request_id_key";

export type { NewSandbox, TemplateForSandbox };

export interface SandboxListFilter {
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

export function createSandboxRepository(prisma: Db, hot: HotQueries) {
  return {
    findTemplate: hot.templateForSandbox,

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

    async findByRequestId(requestId: string): Promise<Sandbox | null> {
      return prisma.sandbox.findUnique({ where: { requestId } });
    },

    async findVisible(id: string): Promise<Sandbox | null> {
      return prisma.sandbox.findFirst({ where: { id, ...visible() } });
    },

    async list(f: SandboxListFilter): Promise<Sandbox[]> {
      const after = f.after
        ? f.order === "desc"
          ? { OR: [{ startedAt: { lt: f.after.at } }, { startedAt: f.after.at, id: { lt: f.after.id } }] }
          : { OR: [{ startedAt: { gt: f.after.at } }, { startedAt: f.after.at, id: { gt: f.after.id } }] }
        : {};
      return prisma.sandbox.findMany({
        where: {
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

    /** Deletes the record; false when there was none. */
    async delete(id: string): Promise<boolean> {
      const { count } = await prisma.sandbox.deleteMany({ where: { id } });
      return count > 0;
    },

    /**
     * Sandboxes to remove: past their end, and records of strong-mode creates whose master
     * went away before the agent answered (older than `abandonedBefore`).
     */
    async findExpired(limit: number, abandonedBefore: Date): Promise<{ id: string; endAt: Date }[]> {
      return prisma.sandbox.findMany({
        where: { OR: [{ endAt: { lte: new Date() } }, { node: null, createdAt: { lt: abandonedBefore } }] },
        select: { id: true, endAt: true },
        orderBy: { endAt: "asc" },
        take: limit,
      });
    },
  };
}

export type SandboxRepository = ReturnType<typeof createSandboxRepository>;
