import {
  CubicleError,
  checkDisplayName,
  nameKey,
  echo,
  isTemplateId,
  looksLikeTemplateId,
  splitReference,
  withTag,
  TEMPLATE_ID_PATTERN,
  parseDisplayName,
  generateTemplateId,
  CPU_COUNT,
  MEMORY_MB,
  type CreateTemplateRequest,
  type CreateTemplateResponse,
  type LookupResponse,
  type TemplateView,
  type TemplateWithBuildsView,
  type BuildView,
  type RebuildRequest,
  type RebuildResponse,
} from "@cubicle/contracts";
import {
  NameTakenError,
  TeamMissingError,
  TemplateQuotaError,
  type BuildWithTemplate,
  type TemplateOwner,
  type TemplateRepository,
} from "../data-access/template-repository.js";
import { RequestIdTakenError } from "../data-access/errors.js";
import type { LookupRow } from "../data-access/hot-queries.js";
import type { Build, Template } from "../generated/prisma/client.js";
import { requestDigest, type Keyed } from "./idempotency.js";
import { decodePageCursor, encodePageCursor } from "./page-cursor.js";
import type { NameCache } from "./name-cache.js";
import { nameCacheKey, type NameInvalidation } from "./name-invalidation.js";
import { submitted, toBuildView, toTemplateView } from "./views.js";
import { teamNotFound } from "./team-service.js";

export interface TemplateServiceDeps {
  templates: TemplateRepository;
  names: NameCache<LookupRow>;
  invalidation: NameInvalidation;
  /** Hands a new build to the runner. */
  startBuild(buildId: string): void;
  /** The id of the team with a slug (for `slug/name` references), or null. */
  teamIdOfSlug(slug: string): Promise<string | null>;
  /** Templates per team unless the team has its own quota (0 = unlimited). */
  defaultMaxTemplates: number;
}

export const notFound = (what: string) => new CubicleError("template_not_found", `template '${echo(what)}' not found`);

/**
 * Tenancy, in one place. A team reads its own templates and other teams' public ones, and
 * changes only its own. Another team's private template answers exactly what a missing one
 * does (404, same body, one query either way), so nobody can learn what other teams hold; a
 * public one (already readable) refuses changes with 403.
 */
export function canRead(team: string, owner: TemplateOwner | null | undefined): owner is TemplateOwner {
  return !!owner && (owner.teamId === team || owner.public);
}

export function mustOwn(team: string, owner: TemplateOwner | null | undefined, ref: string): void {
  if (owner?.teamId === team) return;
  if (owner?.public) {
    throw new CubicleError("forbidden", `template '${echo(ref)}' belongs to another team: it is public, so you may read it and start sandboxes from it, but not change it`);
  }
  throw notFound(ref);
}

const TEMPLATE_ID = new RegExp(TEMPLATE_ID_PATTERN);

/** A repeat of an earlier keyed write must be the same request; another one is refused. */
function sameRequest(storedHash: string | null, digest: string, what: string): void {
  if (storedHash !== digest) {
    throw new CubicleError("idempotency_conflict", `this idempotency key was already used for a different ${what}; use a new key for a new one`);
  }
}

const createdAnswer = (template: Template, build: Build): CreateTemplateResponse => ({
  templateId: template.id,
  displayName: template.displayName,
  status: template.status,
  ...submitted(build),
});

const rebuildAnswer = (build: BuildWithTemplate): RebuildResponse => ({
  templateId: build.templateId,
  displayName: build.template.displayName,
  status: build.template.status,
  ...submitted(build),
});

export function createTemplateService({ templates, names, invalidation, startBuild, teamIdOfSlug, defaultMaxTemplates }: TemplateServiceDeps) {
  /**
   * Runs a write that takes a name in `team`. If the unique index refuses it because a
   * failed template that never had a ready build still holds the name, that name is free:
   * release it and try once more.
   */
  async function withName<T>(team: string, key: string, displayName: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (err) {
      if (!(err instanceof NameTakenError)) throw err;
      if (await templates.releaseAbandonedName(team, key)) {
        try {
          return await write();
        } catch (retryErr) {
          if (!(retryErr instanceof NameTakenError)) throw retryErr;
        }
      }
      throw new CubicleError("name_taken", `display name '${echo(displayName)}' is already taken`, { displayName });
    }
  }

  return {
    /**
     * A new template and its first build. With a `requestId`, a repeat of the same request
     * answers the template the first one made (`replayed`), even when the two race: the
     * unique key in the database decides, and the loser answers the winner's template.
     */
    async create(team: string, req: CreateTemplateRequest): Promise<Keyed<CreateTemplateResponse>> {
      const trimmed = req.displayName?.trim() ?? "";
      const name = trimmed === "" ? null : parseDisplayName(trimmed);
      const spec = { image: req.image, cpuCount: req.cpuCount ?? CPU_COUNT.default, memoryMB: req.memoryMB ?? MEMORY_MB.default };
      const requestId = req.requestId ?? null;
      const digest = requestId ? requestDigest({ displayName: name?.displayName ?? null, ...spec }) : null;
      const earlier = async () => {
        const found = requestId ? await templates.findCreated(team, requestId) : null;
        if (!found) return undefined;
        sameRequest(found.template.requestHash, digest!, "template create");
        return { response: createdAnswer(found.template, found.build), replayed: true };
      };
      const replay = await earlier();
      if (replay) return replay;

      const input = { teamId: team, displayName: name?.displayName ?? null, nameKey: name?.key ?? null, ...spec, requestId, requestHash: digest };
      const insert = () => templates.createWithBuild({ id: generateTemplateId(), ...input }, defaultMaxTemplates);
      let created: { template: Template; build: Build };
      try {
        created = name ? await withName(team, name.key, name.displayName, insert) : await insert();
      } catch (err) {
        if (err instanceof TeamMissingError) throw teamNotFound(team);
        if (err instanceof TemplateQuotaError) {
          throw new CubicleError("quota_exceeded", `the team has ${err.max} templates, its quota: delete one first`, { quota: "templates", max: err.max });
        }
        // A concurrent create with the same key won (and may hold the name too): answer its template.
        const isRace = err instanceof RequestIdTakenError || (err instanceof CubicleError && err.code === "name_taken");
        const winner = requestId && isRace ? await earlier() : undefined;
        if (winner) return winner;
        throw err;
      }
      invalidation.namesChanged(team, [created.template.nameKey]);
      startBuild(created.build.id);
      return { response: createdAnswer(created.template, created.build), replayed: false };
    },

    /** A page of the team's templates, newest first; with `name`, those whose name key contains its key (a search). */
    async list(team: string, limit: number, cursor?: string, name?: string): Promise<{ templates: TemplateView[]; nextCursor: string | null }> {
      const search = name === undefined ? undefined : nameKey(name.trim());
      const rows = await templates.list(team, limit + 1, cursor ? decodePageCursor(cursor, TEMPLATE_ID) : undefined, search || undefined);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return { templates: page.map(toTemplateView), nextCursor: rows.length > limit && last ? encodePageCursor({ at: last.createdAt, id: last.id }) : null };
    },

    async get(team: string, templateId: string): Promise<TemplateWithBuildsView> {
      // Who may read it first, in one small query: another team's private template costs what
      // an unknown id does, however many builds it has.
      if (!canRead(team, await templates.owner(templateId))) throw notFound(templateId);
      const t = await templates.findWithBuilds(templateId);
      if (!t) throw notFound(templateId);
      const { builds, ...template } = t;
      return { ...toTemplateView({ ...template, latestBuildId: builds[0]?.id ?? null, latestBuildStatus: builds[0]?.status ?? null, buildCount: builds.length }), builds: builds.map(toBuildView) };
    },

    async remove(team: string, templateId: string): Promise<void> {
      mustOwn(team, await templates.owner(templateId), templateId);
      const deleted = await templates.delete(templateId);
      if (!deleted) throw notFound(templateId);
      invalidation.namesChanged(team, [deleted.nameKey]);
    },

    /** Makes a template of the team public or private again. */
    async setPublic(team: string, templateId: string, isPublic: boolean): Promise<TemplateView> {
      mustOwn(team, await templates.owner(templateId), templateId);
      const updated = await templates.setPublic(templateId, isPublic);
      if (!updated) throw notFound(templateId);
      invalidation.namesChanged(team, [updated.nameKey]);
      return toTemplateView(updated.template);
    },

    /** A new build of the template; with a `requestId`, a repeat answers the build the first one started. */
    async rebuild(team: string, templateId: string, req: RebuildRequest = {}): Promise<Keyed<RebuildResponse>> {
      const { requestId, ...spec } = req;
      const digest = requestId ? requestDigest({ templateId, image: spec.image ?? null, cpuCount: spec.cpuCount ?? null, memoryMB: spec.memoryMB ?? null }) : null;
      const earlier = async () => {
        const found = requestId ? await templates.findRebuild(team, requestId) : null;
        if (!found) return undefined;
        sameRequest(found.requestHash, digest!, "rebuild");
        return { response: rebuildAnswer(found), replayed: true };
      };
      const replay = await earlier();
      if (replay) return replay;
      mustOwn(team, await templates.owner(templateId), templateId);

      let result: Awaited<ReturnType<TemplateRepository["createRebuild"]>>;
      try {
        result = await templates.createRebuild(templateId, spec, requestId ? { requestId, requestHash: digest! } : undefined);
      } catch (err) {
        const winner = err instanceof RequestIdTakenError ? await earlier() : undefined;
        if (winner) return winner;
        throw err;
      }
      if (result === "not_found") throw notFound(templateId);
      if (result === "in_progress") {
        // The build in progress may be a concurrent repeat of this very rebuild.
        const winner = await earlier();
        if (winner) return winner;
        throw new CubicleError("build_in_progress", `template '${templateId}' already has a build in progress; wait for it to finish`);
      }
      invalidation.namesChanged(team, [result.nameKey]);
      startBuild(result.build.id);
      return { response: { templateId, displayName: result.displayName, status: result.status, ...submitted(result.build) }, replayed: false };
    },

    async getBuild(team: string, templateId: string, buildId: string): Promise<BuildView> {
      const b = await templates.findBuild(templateId, buildId);
      if (!b || !canRead(team, b.template)) throw new CubicleError("build_not_found", `build '${echo(buildId)}' of template '${echo(templateId)}' not found`);
      return toBuildView(b);
    },

    async setDisplayName(team: string, templateId: string, displayName: string | null): Promise<TemplateView> {
      const name = displayName === null ? null : parseDisplayName(displayName);
      mustOwn(team, await templates.owner(templateId), templateId);
      const write = () => templates.setName(templateId, name?.displayName ?? null, name?.key ?? null);
      const result = name ? await withName(team, name.key, name.displayName, write) : await write();
      if (!result) throw notFound(templateId);
      invalidation.namesChanged(team, [result.previousKey, name?.key]);
      return toTemplateView(result.template);
    },

    /**
     * Resolves a display name in the caller's team, `team-slug/name` in that team (where
     * only a public template, or one of the caller's own, is found), or a template id; each
     * may end in `:tag`, which names one build (no tag: the ready build). Unknown, invalid
     * and other teams' private names all answer the same 404, so the lookup tells nothing
     * about what it does not show. Ids are not cached: an id needs no resolving, only the tag.
     */
    async lookup(team: string, rawRef: string, fresh: boolean): Promise<LookupResponse> {
      const { name: ref, tag } = splitReference(rawRef);
      let found: LookupRow | null;
      let shown: string;
      if (looksLikeTemplateId(ref)) {
        const id = ref.toLowerCase();
        shown = id;
        found = isTemplateId(id) ? await templates.findLookupById(id) : null;
      } else {
        const slash = ref.indexOf("/");
        const owner = slash < 0 ? team : await teamIdOfSlug(ref.slice(0, slash));
        const check = checkDisplayName(slash < 0 ? ref : ref.slice(slash + 1));
        if (!owner || !check.valid) throw notFound(withTag(ref, tag));
        shown = slash < 0 ? check.displayName : ref;
        const key = nameCacheKey(owner, check.key);
        found = fresh ? await names.getFresh(key) : await names.get(key);
      }
      if (!found || (found.teamId !== team && !found.public)) throw notFound(withTag(shown, tag));
      const buildId = tag === null ? found.buildId : found.tags[tag];
      if (buildId === undefined) throw new CubicleError("tag_not_found", `template '${echo(shown)}' has no build tagged '${echo(tag!)}'`, { tag });
      return { templateId: found.templateId, displayName: found.displayName, status: found.status, buildId, public: found.public, tag };
    },
  };
}

export type TemplateService = ReturnType<typeof createTemplateService>;
