import type { Db } from "./prisma.js";
import type { Build, Prisma, Template } from "../generated/prisma/client.js";
import { RequestIdTakenError, isUniqueViolation } from "./errors.js";
import type { HotQueries } from "./hot-queries.js";

export const NAME_INDEX = "templates_team_name_key_key";
export const TEMPLATE_REQUEST_ID_INDEX = "templates_team_request_id_key";
export const BUILD_REQUEST_ID_INDEX = "builds_team_request_id_key";

/** The first key of the advisory locks that serialize a team's template creates (the second is the team). */
export const TEMPLATE_CREATE_LOCK = 0x74706c; // "tpl"

/** Thrown when the unique index refuses a display name: another template holds it. */
export class NameTakenError extends Error {
  constructor(readonly key: string) {
    super(`name key '${key}' is held by another template`);
  }
}

/** Thrown when the team already has as many templates as its quota allows. */
export class TemplateQuotaError extends Error {
  constructor(readonly max: number) {
    super(`the team has ${max} templates, its quota`);
  }
}

/** Thrown when a write names a team that does not exist. */
export class TeamMissingError extends Error {
  constructor(readonly teamId: string) {
    super(`no team '${teamId}'`);
  }
}

export interface NewTemplate {
  id: string;
  teamId: string;
  displayName: string | null;
  nameKey: string | null;
  image: string;
  cpuCount: number;
  memoryMB: number;
  /** The create's idempotency key and the digest of its request, when it has one. */
  requestId: string | null;
  requestHash: string | null;
}

/** An E2B build (`POST /v3/templates`) waits for its spec, and carries the tags it takes when ready. */
export interface FirstBuild {
  awaitingSpec?: boolean;
  tags?: string[];
}

/** A rebuild's idempotency key and the digest of its request. */
export interface RequestKey {
  requestId: string;
  requestHash: string;
}

/** A build with what an answer about it needs of its template. */
export type BuildWithTemplate = Build & { template: Pick<Template, "displayName" | "status"> };

/** Who may see and change a template: its team, and whether other teams may read it. */
export type TemplateOwner = Pick<Template, "teamId" | "public">;

export interface BuildSpec {
  image: string;
  cpuCount: number;
  memoryMB: number;
}

/** A template with what a listing shows of its builds: the latest one and how many there are. */
export type TemplateWithLatest = Template & { latestBuildId: string | null; latestBuildStatus: Build["status"] | null; buildCount: number };

const newestFirst = [{ createdAt: "desc" as const }, { id: "desc" as const }];
const latestBuild = { orderBy: newestFirst, take: 1, select: { id: true, status: true } };
const withBuildSummary = { builds: latestBuild, _count: { select: { builds: true } } };

function withLatest(t: Template & { builds: { id: string; status: Build["status"] }[]; _count: { builds: number } }): TemplateWithLatest {
  const { builds, _count, ...template } = t;
  return { ...template, latestBuildId: builds[0]?.id ?? null, latestBuildStatus: builds[0]?.status ?? null, buildCount: _count.builds };
}

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export function createTemplateRepository(prisma: Db, hot: HotQueries) {
  return {
    /**
     * Inserts the template and its first build, if the team is under its template quota
     * (`defaultMax` unless it has its own; 0 = unlimited). The team's template creates take
     * turns (a transaction-scoped advisory lock per team) while its templates are counted,
     * so concurrent creates cannot both take the last place. Not a lock on the team's row:
     * that would make the team's sandbox creates (which update the row's slot counter) and
     * every insert checking its foreign key wait for the create. The unique index on (team,
     * name key) decides who gets a name: there is no check-then-insert window.
     */
    async createWithBuild(input: NewTemplate, defaultMax: number, first: FirstBuild = {}): Promise<{ template: Template; build: Build }> {
      try {
        const { builds, ...template } = await prisma.$transaction(async (tx) => {
          await tx.$queryRaw`SELECT pg_advisory_xact_lock(${TEMPLATE_CREATE_LOCK}::int, hashtext(${input.teamId}))::text`;
          const [team] = await tx.$queryRaw<{ max: number }[]>`
            SELECT coalesce(max_templates, ${defaultMax}::int) AS max FROM teams WHERE id = ${input.teamId}::uuid`;
          if (!team) throw new TeamMissingError(input.teamId);
          if (team.max > 0 && (await tx.template.count({ where: { teamId: input.teamId } })) >= team.max) throw new TemplateQuotaError(team.max);
          return tx.template.create({
            data: {
              ...input,
              status: "building",
              builds: { create: { teamId: input.teamId, status: "waiting", image: input.image, cpuCount: input.cpuCount, memoryMB: input.memoryMB, ...first } },
            },
            include: { builds: true },
          });
        });
        return { template, build: builds[0]! };
      } catch (err) {
        if (input.requestId && isUniqueViolation(err, TEMPLATE_REQUEST_ID_INDEX)) throw new RequestIdTakenError(input.requestId);
        if (input.nameKey && isUniqueViolation(err, NAME_INDEX)) throw new NameTakenError(input.nameKey);
        throw err;
      }
    },

    /** The template a create with this idempotency key made, with the build it started. */
    async findCreated(teamId: string, requestId: string): Promise<{ template: Template; build: Build } | null> {
      const t = await prisma.template.findUnique({ where: { teamId_requestId: { teamId, requestId } }, include: { builds: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: 1 } } });
      const build = t?.builds[0];
      if (!t || !build) return null;
      const { builds: _, ...template } = t;
      return { template, build };
    },

    /** The build a rebuild with this idempotency key started, with its template's name and state. */
    async findRebuild(teamId: string, requestId: string): Promise<BuildWithTemplate | null> {
      return prisma.build.findUnique({ where: { teamId_requestId: { teamId, requestId } }, include: { template: { select: { displayName: true, status: true } } } });
    },

    /**
     * Frees a name held by a failed template that never had a ready build: such a template
     * has nothing a user can start, so its name is free for others.
     */
    async releaseAbandonedName(teamId: string, key: string): Promise<boolean> {
      const { count } = await prisma.template.updateMany({
        where: { teamId, nameKey: key, status: "failed", readyBuildId: null },
        data: { displayName: null, nameKey: null },
      });
      return count > 0;
    },

    /** A template as a listing shows it (its latest build and how many it has). */
    async findSummary(id: string): Promise<TemplateWithLatest | null> {
      const row = await prisma.template.findUnique({ where: { id }, include: withBuildSummary });
      return row ? withLatest(row) : null;
    },

    /** The template's team and public flag; null when there is no such template. */
    owner: (id: string): Promise<TemplateOwner | null> => prisma.template.findUnique({ where: { id }, select: { teamId: true, public: true } }),

    async findWithBuilds(id: string): Promise<(Template & { builds: Build[] }) | null> {
      return prisma.template.findUnique({
        where: { id },
        include: { builds: { orderBy: newestFirst } },
      });
    },

    /**
     * Newest first, from after `after` (the previous page's last creation time and id): a
     * position, not a row, so it holds when that template has been deleted since.
     */
    async list(teamId: string, limit: number, after?: { at: Date; id: string }, nameContains?: string): Promise<TemplateWithLatest[]> {
      // Prisma passes `contains` to LIKE as it is: '_' and '%' must match only themselves.
      const team = nameContains === undefined ? { teamId } : { teamId, nameKey: { contains: nameContains.replace(/[\\%_]/g, "\\$&") } };
      const rows = await prisma.template.findMany({
        where: after ? { ...team, OR: [{ createdAt: { lt: after.at } }, { createdAt: after.at, id: { lt: after.id } }] } : team,
        orderBy: newestFirst,
        take: limit,
        include: withBuildSummary,
      });
      return rows.map(withLatest);
    },

    /** A lookup by name key: every uncached and fresh lookup runs it (see hot-queries.ts). */
    findByNameKey: hot.lookupByNameKey,
    /** The same answer for a template named by its id. */
    findLookupById: hot.lookupById,

    /** Makes the template public (other teams may read it and start sandboxes from it) or not; returns its name key. */
    async setPublic(id: string, isPublic: boolean): Promise<{ nameKey: string | null; template: TemplateWithLatest } | undefined> {
      const [t] = await prisma.$queryRaw<{ name_key: string | null }[]>`UPDATE templates SET public = ${isPublic}, updated_at = now() WHERE id = ${id} RETURNING name_key`;
      if (!t) return undefined;
      const row = await prisma.template.findUnique({ where: { id }, include: withBuildSummary });
      return row ? { nameKey: t.name_key, template: withLatest(row) } : undefined;
    },

    /**
     * Sets (or with nulls clears) a template's name. Returns the key the template held
     * before, or `undefined` when there is no such template.
     */
    async setName(id: string, displayName: string | null, nameKey: string | null): Promise<{ previousKey: string | null; template: TemplateWithLatest } | undefined> {
      try {
        return await prisma.$transaction(async (tx) => {
          // Read under the row's lock: a concurrent rename waits here, so the key returned
          // is the one this rename really replaces (the caches invalidate it), and a
          // concurrent delete either wins first (no row: undefined) or waits for this.
          const [before] = await tx.$queryRaw<{ name_key: string | null }[]>`SELECT name_key FROM templates WHERE id = ${id} FOR UPDATE`;
          if (!before) return undefined;
          const t = await tx.template.update({ where: { id }, data: { displayName, nameKey }, include: withBuildSummary });
          return { previousKey: before.name_key, template: withLatest(t) };
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
      key?: RequestKey,
      e2b?: FirstBuild,
    ): Promise<{ build: Build; nameKey: string | null; displayName: string | null; status: Template["status"] } | "not_found" | "in_progress"> {
      try {
        return await rebuildUnderLock(id, spec, key, e2b);
      } catch (err) {
        if (key && isUniqueViolation(err, BUILD_REQUEST_ID_INDEX)) throw new RequestIdTakenError(key.requestId);
        throw err;
      }
    },

    async findBuild(templateId: string, buildId: string): Promise<(Build & { template: TemplateOwner }) | null> {
      return prisma.build.findFirst({ where: { id: buildId, templateId }, include: { template: { select: { teamId: true, public: true } } } });
    },
  };

  /**
   * A rebuild of a template built from E2B's spec builds that spec again (its ready build's,
   * else its latest build's), with `image` as its base when one is given; a template built
   * from an image alone has no spec to carry.
   */
  async function carriedSpec(tx: Tx, id: string, readyBuildId: string | null, image: string | undefined): Promise<Prisma.InputJsonObject | undefined> {
    const [last] = await tx.$queryRaw<{ spec: Record<string, unknown> | null }[]>`
      SELECT spec FROM builds WHERE template_id = ${id} AND (${readyBuildId}::uuid IS NULL OR id = ${readyBuildId}::uuid)
       ORDER BY created_at DESC, id DESC LIMIT 1`;
    if (!last?.spec) return undefined;
    if (image === undefined) return last.spec as Prisma.InputJsonObject;
    const { fromTemplate: _base, ...rest } = last.spec;
    return { ...rest, fromImage: image } as Prisma.InputJsonObject;
  }

  /** The rebuild, in a transaction holding the template row's lock (two rebuilds cannot both start). */
  function rebuildUnderLock(id: string, spec: Partial<BuildSpec>, key: RequestKey | undefined, e2b: FirstBuild | undefined) {
    return prisma.$transaction(async (tx) => {
      const [current] = await tx.$queryRaw<
        {
          team_id: string;
          name_key: string | null;
          display_name: string | null;
          status: Template["status"];
          image: string;
          cpu_count: number;
          memory_mb: number;
          ready_build_id: string | null;
        }[]
      >`SELECT team_id::text AS team_id, name_key, display_name, status::text AS status, image, cpu_count, memory_mb, ready_build_id
          FROM templates WHERE id = ${id} FOR UPDATE`;
      if (!current) return "not_found" as const;
      const active = await tx.build.findFirst({ where: { templateId: id, status: { in: ["waiting", "building"] } }, select: { id: true, awaitingSpec: true } });
      if (active && !(e2b?.awaitingSpec && active.awaitingSpec)) return "in_progress" as const;
      const buildSpec: BuildSpec = {
        image: spec.image ?? current.image,
        cpuCount: spec.cpuCount ?? current.cpu_count,
        memoryMB: spec.memoryMB ?? current.memory_mb,
      };
      const carried = e2b?.awaitingSpec ? undefined : await carriedSpec(tx, id, current.ready_build_id, spec.image);
      const build = await tx.build.create({ data: { templateId: id, teamId: current.team_id, status: "waiting", ...buildSpec, ...key, ...e2b, ...(carried && { spec: carried }) } });
      // An E2B build that never got its spec (its client went away) gives way to the new one;
      // only that build ends: the template keeps its state and its name.
      if (active) {
        const note = JSON.stringify([{ timestamp: new Date().toISOString(), level: "error", message: `build failed: superseded by build ${build.id} before it was started` }]);
        await tx.$executeRaw`UPDATE builds SET status = 'failed', reason = ${`superseded by build ${build.id} before it was started`}, finished_at = now(),
                               updated_at = now(), awaiting_spec = false, logs = logs || ${note}::jsonb WHERE id = ${active.id}::uuid`;
      }
      // A ready template keeps serving (and showing) its last good build while the rebuild
      // runs; one that never had a ready build is building again, and shows the new spec.
      const named = { nameKey: current.name_key, displayName: current.display_name };
      if (current.ready_build_id !== null) return { build, ...named, status: current.status };
      await tx.template.update({ where: { id }, data: { status: "building", ...buildSpec } });
      return { build, ...named, status: "building" as const };
    });
  }
}

export type TemplateRepository = ReturnType<typeof createTemplateRepository>;
