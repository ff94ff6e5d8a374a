import {
  CubicleError,
  checkDisplayName,
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
import { NameTakenError, type TemplateRepository } from "../data-access/template-repository.js";
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

const notFound = (what: string) => new CubicleError("template_not_found", `template '${what}' not found`);

/** Quotes user input in a message without echoing kilobytes of it back. */
const shown = (s: string) => (s.length > 80 ? `${s.slice(0, 77)}...` : s);

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
      throw new CubicleError("name_taken", `display name '${shown(displayName)}' is already taken`, { displayName });
    }
  }

  return {
    async create(req: CreateTemplateRequest): Promise<CreateTemplateResponse> {
      const trimmed = req.displayName?.trim() ?? "";
      const name = trimmed === "" ? null : parseDisplayName(trimmed);
      const input = {
        displayName: name?.displayName ?? null,
        nameKey: name?.key ?? null,
        image: req.image,
        cpuCount: req.cpuCount ?? CPU_COUNT.default,
        memoryMB: req.memoryMB ?? MEMORY_MB.default,
      };
      const create = () => templates.createWithBuild({ id: generateTemplateId(), ...input });
      const { template, build } = name ? await withName(name.key, name.displayName, create) : await create();
      invalidation.namesChanged([template.nameKey]);
      startBuild(build.id);
      return { templateId: template.id, displayName: template.displayName, status: template.status, ...submitted(build) };
    },

    async list(limit: number, after?: string): Promise<{ templates: TemplateView[]; nextCursor: string | null }> {
      const rows = await templates.list(limit + 1, after);
      const page = rows.slice(0, limit);
      return { templates: page.map(toTemplateView), nextCursor: rows.length > limit ? page[page.length - 1]!.id : null };
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

    async rebuild(templateId: string, spec: RebuildRequest = {}): Promise<RebuildResponse> {
      const result = await templates.createRebuild(templateId, spec);
      if (result === "not_found") throw notFound(templateId);
      if (result === "in_progress") {
        throw new CubicleError("build_in_progress", `template '${templateId}' already has a build in progress; wait for it to finish`);
      }
      invalidation.namesChanged([result.nameKey]);
      startBuild(result.build.id);
      return { templateId, displayName: result.displayName, status: result.status, ...submitted(result.build) };
    },

    async getBuild(templateId: string, buildId: string): Promise<BuildView> {
      const b = await templates.findBuild(templateId, buildId);
      if (!b) throw new CubicleError("build_not_found", `build '${buildId}' of template '${templateId}' not found`);
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
      if (!check.valid) throw notFound(shown(rawName.trim()));
      const found = fresh ? await names.getFresh(check.key) : await names.get(check.key);
      if (!found) throw notFound(shown(check.displayName));
      return found;
    },
  };
}

export type TemplateService = ReturnType<typeof createTemplateService>;
