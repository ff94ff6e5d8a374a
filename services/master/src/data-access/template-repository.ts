import type { Db } from "./prisma.js";
import type { Build, Template } from "../generated/prisma/client.js";
import { isUniqueViolation } from "./errors.js";

export const NAME_INDEX = "templates_name_key_key";

/** Thrown when the unique index refuses a display name: another template holds it. */
export class NameTakenError extends Error {
  constructor(readonly key: string) {
    super(`name key '${key}' is held by another template`);
  }
}

export interface NewTemplate {
  id: string;
  displayName: string | null;
  nameKey: string | null;
  image: string;
  cpuCount: number;
  memoryMB: number;
}

export interface BuildSpec {
  image: string;
  cpuCount: number;
  memoryMB: number;
}

/** A template with what a listing shows of its builds: the latest one and how many there are. */
export type TemplateWithLatest = Template & { latestBuildId: string | null; latestBuildStatus: Build["status"] | null; buildCount: number };

export interface LookupRow {
  templateId: string;
  displayName: string;
  status: Template["status"];
  buildId: string | null;
}

const newestFirst = [{ createdAt: "desc" as const }, { id: "desc" as const }];
const latestBuild = { orderBy: newestFirst, take: 1, select: { id: true, status: true } };
const withBuildSummary = { builds: latestBuild, _count: { select: { builds: true } } };

function withLatest(t: Template & { builds: { id: string; status: Build["status"] }[]; _count: { builds: number } }): TemplateWithLatest {
  const { builds, _count, ...template } = t;
  return { ...template, latestBuildId: builds[0]?.id ?? null, latestBuildStatus: builds[0]?.status ?? null, buildCount: _count.builds };
}

export function createTemplateRepository(prisma: Db) {
  return {
    /**
     * Inserts the template and its first build in one statement. The unique index on the
     * name key decides who gets a name: there is no check-then-insert window.
     */
    async createWithBuild(input: NewTemplate): Promise<{ template: Template; build: Build }> {
      try {
        const { builds, ...template } = await prisma.template.create({
          data: {
            ...input,
            status: "building",
            builds: { create: { status: "waiting", image: input.image, cpuCount: input.cpuCount, memoryMB: input.memoryMB } },
          },
          include: { builds: true },
        });
        return { template, build: builds[0]! };
      } catch (err) {
        if (input.nameKey && isUniqueViolation(err, NAME_INDEX)) throw new NameTakenError(input.nameKey);
        throw err;
      }
    },

    /**
     * Frees a name held by a failed template that never had a ready build: such a template
     * has nothing a user can start, so its name is free for others.
     */
    async releaseAbandonedName(key: string): Promise<boolean> {
      const { count } = await prisma.template.updateMany({
        where: { nameKey: key, status: "failed", readyBuildId: null },
        data: { displayName: null, nameKey: null },
      });
      return count > 0;
    },

    async findWithBuilds(id: string): Promise<(Template & { builds: Build[] }) | null> {
      return prisma.template.findUnique({
        where: { id },
        include: { builds: { orderBy: newestFirst } },
      });
    },

    /** Newest first; `after` is the last id of the previous page. */
    async list(limit: number, after?: string): Promise<TemplateWithLatest[]> {
      const rows = await prisma.template.findMany({
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: limit,
        ...(after ? { cursor: { id: after }, skip: 1 } : {}),
        include: withBuildSummary,
      });
      return rows.map(withLatest);
    },

    async findByNameKey(key: string): Promise<LookupRow | null> {
      const t = await prisma.template.findUnique({
        where: { nameKey: key },
        select: { id: true, displayName: true, status: true, readyBuildId: true, builds: latestBuild },
      });
      if (!t || t.displayName === null) return null;
      return { templateId: t.id, displayName: t.displayName, status: t.status, buildId: t.readyBuildId ?? t.builds[0]?.id ?? null };
    },

    /**
     * Sets (or with nulls clears) a template's name. Returns the key the template held
     * before, or `undefined` when there is no such template.
     */
    async setName(id: string, displayName: string | null, nameKey: string | null): Promise<{ previousKey: string | null; template: TemplateWithLatest } | undefined> {
      try {
        return await prisma.$transaction(async (tx) => {
          const before = await tx.template.findUnique({ where: { id }, select: { nameKey: true } });
          if (!before) return undefined;
          const t = await tx.template.update({ where: { id }, data: { displayName, nameKey }, include: withBuildSummary });
          return { previousKey: before.nameKey, template: withLatest(t) };
        });
      } catch (err) {
        if (nameKey && isUniqueViolation(err, NAME_INDEX)) throw new NameTakenError(nameKey);
        throw err;
      }
    },

    /** Deletes a template and its builds; returns the name key it held, or `undefined` if unknown. */
    async delete(id: string): Promise<{ nameKey: string | null } | undefined> {
      const rows = await prisma.$queryRaw<{ name_key: string | null }[]>`DELETE FROM templates WHERE id = ${id} RETURNING name_key`;
      return rows[0] ? { nameKey: rows[0].name_key } : undefined;
    },

    /**
     * Starts a new build of an existing template, unless one is already waiting or running.
     * The template row is locked so two concurrent rebuilds cannot both start.
     */
    async createRebuild(
      id: string,
      spec: Partial<BuildSpec>,
    ): Promise<{ build: Build; nameKey: string | null; displayName: string | null; status: Template["status"] } | "not_found" | "in_progress"> {
      return prisma.$transaction(async (tx) => {
        const [current] = await tx.$queryRaw<
          { name_key: string | null; display_name: string | null; status: Template["status"]; image: string; cpu_count: number; memory_mb: number; ready_build_id: string | null }[]
        >`SELECT name_key, display_name, status::text AS status, image, cpu_count, memory_mb, ready_build_id FROM templates WHERE id = ${id} FOR UPDATE`;
        if (!current) return "not_found" as const;
        const active = await tx.build.findFirst({ where: { templateId: id, status: { in: ["waiting", "building"] } }, select: { id: true } });
        if (active) return "in_progress" as const;
        const buildSpec: BuildSpec = {
          image: spec.image ?? current.image,
          cpuCount: spec.cpuCount ?? current.cpu_count,
          memoryMB: spec.memoryMB ?? current.memory_mb,
        };
        const build = await tx.build.create({ data: { templateId: id, status: "waiting", ...buildSpec } });
        // A ready template keeps serving (and showing) its last good build while the rebuild
        // runs; one that never had a ready build is building again, and shows the new spec.
        const named = { nameKey: current.name_key, displayName: current.display_name };
        if (current.ready_build_id !== null) return { build, ...named, status: current.status };
        await tx.template.update({ where: { id }, data: { status: "building", ...buildSpec } });
        return { build, ...named, status: "building" as const };
      });
    },

    async findBuild(templateId: string, buildId: string): Promise<Build | null> {
      return prisma.build.findFirst({ where: { id: buildId, templateId } });
    },
  };
}

export type TemplateRepository = ReturnType<typeof createTemplateRepository>;
