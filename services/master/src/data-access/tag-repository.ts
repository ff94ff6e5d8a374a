import type { Db } from "./prisma.js";
import { DEFAULT_TAG } from "@cubicle/contracts";

/**
 * Template tags (E2B's `name:tag`): each names one ready build of its template. `default`
 * is the template's ready build, so assigning it moves the template to that build in the
 * same transaction; the tag rows change under the template row's lock, as builds finishing
 * do, so a tag and the ready build never disagree. A trigger publishes every change to
 * the masters' name caches.
 */

export interface TagRow {
  tag: string;
  buildId: string;
  createdAt: Date;
}

/** Every answer carries the template's name key, for this master's own cache (null: no such template). */
export type AssignResult = { nameKey: string | null } & ({ tags: string[] } | { notReady: true } | { tooMany: number });

const lockTemplate = (tx: Tx, templateId: string) =>
  tx.$queryRaw<{ name_key: string | null }[]>`SELECT name_key FROM templates WHERE id = ${templateId} FOR UPDATE`;
type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export function createTagRepository(prisma: Db) {
  return {
    async list(templateId: string): Promise<TagRow[]> {
      const rows = await prisma.$queryRaw<{ tag: string; build_id: string; created_at: Date }[]>`
        SELECT tag, build_id::text AS build_id, created_at FROM template_tags WHERE template_id = ${templateId} ORDER BY tag`;
      return rows.map((r) => ({ tag: r.tag, buildId: r.build_id, createdAt: r.created_at }));
    },

    /** Points `tags` at a ready build of the template; a template may hold at most `max` tags. */
    async assign(templateId: string, buildId: string, tags: string[], max: number): Promise<AssignResult> {
      return prisma.$transaction(async (tx) => {
        const [t] = await lockTemplate(tx, templateId);
        const nameKey = t?.name_key ?? null;
        const [build] = await tx.$queryRaw<{ id: string }[]>`
          SELECT id::text FROM builds WHERE id = ${buildId}::uuid AND template_id = ${templateId} AND status = 'ready'`;
        if (!build) return { nameKey, notReady: true as const };
        const [count] = await tx.$queryRaw<{ n: number }[]>`
          SELECT count(DISTINCT tag)::int AS n FROM (SELECT tag FROM template_tags WHERE template_id = ${templateId} UNION SELECT unnest(${tags}::text[])) all_tags`;
        if (count!.n > max) return { nameKey, tooMany: count!.n };
        await tx.$executeRaw`
          INSERT INTO template_tags (template_id, tag, build_id) SELECT DISTINCT ${templateId}, unnest(${tags}::text[]), ${buildId}::uuid
          ON CONFLICT (template_id, tag) DO UPDATE SET build_id = EXCLUDED.build_id, created_at = now()`;
        if (tags.includes(DEFAULT_TAG)) {
          await tx.$executeRaw`
            UPDATE templates t SET status = 'ready', ready_build_id = b.id, image = b.image, cpu_count = b.cpu_count, memory_mb = b.memory_mb,
                   disk_size_mb = coalesce(b.disk_size_mb, t.disk_size_mb), envd_version = coalesce(b.envd_version, t.envd_version), updated_at = now()
              FROM builds b WHERE t.id = ${templateId} AND b.id = ${buildId}::uuid`;
        }
        return { nameKey, tags: [...new Set(tags)] };
      });
    },

    /** Removes the tags, all or none: answers the ones the template does not hold (nothing removed then). */
    async remove(templateId: string, tags: string[]): Promise<{ nameKey: string | null; missing: string[] }> {
      return prisma.$transaction(async (tx) => {
        const [t] = await lockTemplate(tx, templateId);
        const nameKey = t?.name_key ?? null;
        const held = await tx.$queryRaw<{ tag: string }[]>`SELECT tag FROM template_tags WHERE template_id = ${templateId} AND tag = ANY(${tags}::text[])`;
        const heldSet = new Set(held.map((r) => r.tag));
        const missing = [...new Set(tags)].filter((t) => !heldSet.has(t));
        if (missing.length > 0) return { nameKey, missing };
        await tx.$executeRaw`DELETE FROM template_tags WHERE template_id = ${templateId} AND tag = ANY(${tags}::text[])`;
        return { nameKey, missing: [] };
      });
    },
  };
}

export type TagRepository = ReturnType<typeof createTagRepository>;
