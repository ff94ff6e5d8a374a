import {
  CubicleError,
  checkDisplayName,
  echo,
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
import { NameTakenError, type BuildWithTemplate, type TemplateRepository } from "../data-access/template-repository.js";
import { RequestIdTakenError } from "../data-access/errors.js";
import type { Build, Template } from "../generated/prisma/client.js";
import { requestDigest, type Keyed } from "./idempotency.js";
import { decodePageCursor, encodePageCursor } from "./page-cursor.js";
import type { NameCache } from "./name-cache.js";
import type { NameInvalidation } from "./name-invalidation.js";
import { submitted, toBuildView, toTemplateView } from "./views.js";

export interface TemplateServiceDeps {
  templates: TemplateRepository;
  names: NameCache<LookupResponse>;
  invalidation: NameInvalidation;
  /** Hands a new build to the runner. */
  startBuild(buildId: string): void;
}

const notFound = (what: string) => new CubicleError("template_not_found", `template '${echo(what)}' not found`);

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

export function createTemplateService({ templates, names, invalidation, startBuild }: TemplateServiceDeps) {
  /**
   * Runs a write that takes a name. If the unique index refuses it because a failed
   * template that never had a ready build still holds the name, that name is free:
   * release it and try once more.
   */
  async function withName<T>(key: string, displayName: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (err) {
      if (!(err instanceof NameTakenError)) throw err;
      if (await templates.releaseAbandonedName(key)) {
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
    async create(req: CreateTemplateRequest): Promise<Keyed<CreateTemplateResponse>> {
      const trimmed = req.displayName?.trim() ?? "";
      const name = trimmed === "" ? null : parseDisplayName(trimmed);
      const spec = { image: req.image, cpuCount: req.cpuCount ?? CPU_COUNT.default, memoryMB: req.memoryMB ?? MEMORY_MB.default };
      const requestId = req.requestId ?? null;
      const digest = requestId ? requestDigest({ displayName: name?.displayName ?? null, ...spec }) : null;
      const earlier = async () => {
        const found = requestId ? await templates.findCreated(requestId) : null;
        if (!found) return undefined;
        sameRequest(found.template.requestHash, digest!, "template create");
        return { response: createdAnswer(found.template, found.build), replayed: true };
      };
      const replay = await earlier();
      if (replay) return replay;

      const input = { displayName: name?.displayName ?? null, nameKey: name?.key ?? null, ...spec, requestId, requestHash: digest };
      const insert = () => templates.createWithBuild({ id: generateTemplateId(), ...input });
      let created: { template: Template; build: Build };
      try {
        created = name ? await withName(name.key, name.displayName, insert) : await insert();
      } catch (err) {
        // A concurrent create with the same key won (and may hold the name too): answer its template.
        const isRace = err instanceof RequestIdTakenError || (err instanceof CubicleError && err.code === "name_taken");
        const winner = requestId && isRace ? await earlier() : undefined;
        if (winner) return winner;
        throw err;
      }
      invalidation.namesChanged([created.template.nameKey]);
      startBuild(created.build.id);
      return { response: createdAnswer(created.template, created.build), replayed: false };
    },

    async list(limit: number, cursor?: string): Promise<{ templates: TemplateView[]; nextCursor: string | null }> {
      const rows = await templates.list(limit + 1, cursor ? decodePageCursor(cursor, TEMPLATE_ID) : undefined);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return { templates: page.map(toTemplateView), nextCursor: rows.length > limit && last ? encodePageCursor({ at: last.createdAt, id: last.id }) : null };
    },

    async get(templateId: string): Promise<TemplateWithBuildsView> {
      const t = await templates.findWithBuilds(templateId);
      if (!t) throw notFound(templateId);
      const { builds, ...template } = t;
      return { ...toTemplateView({ ...template, latestBuildId: builds[0]?.id ?? null, latestBuildStatus: builds[0]?.status ?? null, buildCount: builds.length }), builds: builds.map(toBuildView) };
    },

    async remove(templateId: string): Promise<void> {
      const deleted = await templates.delete(templateId);
      if (!deleted) throw notFound(templateId);
      invalidation.namesChanged([deleted.nameKey]);
    },

    /** A new build of the template; with a `requestId`, a repeat answers the build the first one started. */
    async rebuild(templateId: string, req: RebuildRequest = {}): Promise<Keyed<RebuildResponse>> {
      const { requestId, ...spec } = req;
      const digest = requestId ? requestDigest({ templateId, image: spec.image ?? null, cpuCount: spec.cpuCount ?? null, memoryMB: spec.memoryMB ?? null }) : null;
      const earlier = async () => {
        const found = requestId ? await templates.findRebuild(requestId) : null;
        if (!found) return undefined;
        sameRequest(found.requestHash, digest!, "rebuild");
        return { response: rebuildAnswer(found), replayed: true };
      };
      const replay = await earlier();
      if (replay) return replay;

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
      invalidation.namesChanged([result.nameKey]);
      startBuild(result.build.id);
      return { response: { templateId, displayName: result.displayName, status: result.status, ...submitted(result.build) }, replayed: false };
    },

    async getBuild(templateId: string, buildId: string): Promise<BuildView> {
      const b = await templates.findBuild(templateId, buildId);
      if (!b) throw new CubicleError("build_not_found", `build '${echo(buildId)}' of template '${echo(templateId)}' not found`);
      return toBuildView(b);
    },

    async setDisplayName(templateId: string, displayName: string | null): Promise<TemplateView> {
      const name = displayName === null ? null : parseDisplayName(displayName);
      const write = () => templates.setName(templateId, name?.displayName ?? null, name?.key ?? null);
      const result = name ? await withName(name.key, name.displayName, write) : await write();
      if (!result) throw notFound(templateId);
      invalidation.namesChanged([result.previousKey, name?.key]);
      return toTemplateView(result.template);
    },

    /**
     * Resolves a display name. Unknown and syntactically invalid names both answer 404, so
     * the lookup does not tell which names are merely invalid.
     */
    async lookup(rawName: string, fresh: boolean): Promise<LookupResponse> {
      const check = checkDisplayName(rawName);
      if (!check.valid) throw notFound(rawName.trim());
      const found = fresh ? await names.getFresh(check.key) : await names.get(check.key);
      if (!found) throw notFound(check.displayName);
      return found;
    },
  };
}

export type TemplateService = ReturnType<typeof createTemplateService>;
