import { CubicleError, DEFAULT_TAG, TAGS_PER_TEMPLATE_MAX, echo, type AssignedTags, type TemplateTagView } from "@cubicle/contracts";
import type { TagRepository } from "../data-access/tag-repository.js";
import type { TemplateRepository } from "../data-access/template-repository.js";
import type { NameInvalidation } from "./name-invalidation.js";
import { canRead, mustOwn, notFound } from "./template-service.js";

/**
 * E2B's tags: a tag names one ready build of a template; `my-app:v1` starts that build.
 * Only the owning team assigns and removes them; whoever may read the template lists them.
 * `default` is the template's ready build: assigning it moves the template to that build,
 * and it cannot be removed (a template with a ready build always has one to start).
 */

export interface TemplateTagsDeps {
  templates: Pick<TemplateRepository, "owner">;
  tags: TagRepository;
  invalidation: NameInvalidation;
}

export function createTemplateTags({ templates, tags, invalidation }: TemplateTagsDeps) {
  return {
    async list(team: string, templateId: string): Promise<TemplateTagView[]> {
      if (!canRead(team, await templates.owner(templateId))) throw notFound(templateId);
      return (await tags.list(templateId)).map((t) => ({ tag: t.tag, buildId: t.buildId, createdAt: t.createdAt.toISOString() }));
    },

    async assign(team: string, templateId: string, buildId: string, wanted: string[]): Promise<AssignedTags> {
      mustOwn(team, await templates.owner(templateId), templateId);
      const result = await tags.assign(templateId, buildId, wanted, TAGS_PER_TEMPLATE_MAX);
      if ("notReady" in result) {
        throw new CubicleError("build_not_found", `build '${echo(buildId)}' of template '${echo(templateId)}' is not a ready build: only ready builds can be tagged`);
      }
      if ("tooMany" in result) {
        throw new CubicleError("invalid_request", `a template holds at most ${TAGS_PER_TEMPLATE_MAX} tags; with these it would hold ${result.tooMany}: remove some first`, { max: TAGS_PER_TEMPLATE_MAX });
      }
      invalidation.namesChanged(team, [result.nameKey]);
      return { buildId, tags: result.tags };
    },

    async remove(team: string, templateId: string, unwanted: string[]): Promise<void> {
      if (unwanted.includes(DEFAULT_TAG)) {
        throw new CubicleError("invalid_request", `the '${DEFAULT_TAG}' tag cannot be removed: it is the template's ready build (assign it to another build to move it)`);
      }
      mustOwn(team, await templates.owner(templateId), templateId);
      const { nameKey, missing } = await tags.remove(templateId, unwanted);
      if (missing.length > 0) {
        throw new CubicleError("tag_not_found", `template '${echo(templateId)}' has no tag ${missing.map((t) => `'${echo(t)}'`).join(", ")}; nothing was removed`, { tags: missing });
      }
      invalidation.namesChanged(team, [nameKey]);
    },
  };
}

export type TemplateTags = ReturnType<typeof createTemplateTags>;
