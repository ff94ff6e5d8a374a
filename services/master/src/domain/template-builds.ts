import {
  CubicleError,
  CPU_COUNT,
  MEMORY_MB,
  echo,
  generateTemplateId,
  parseDisplayName,
  type BuildSpecRequest,
  type LookupResponse,
  type RequestBuildRequest,
  type RequestBuildResponse,
  type StartedBuild,
} from "@cubicle/contracts";
import { NameTakenError, TeamMissingError, TemplateQuotaError, type TemplateRepository } from "../data-access/template-repository.js";
import type { SpecBuildRepository } from "../data-access/spec-builds.js";
import { STEP_ARGS, stepArgsProblem, type BuildSpec, type BuildStep } from "./builder.js";
import { requestDigest } from "./idempotency.js";
import type { NameInvalidation } from "./name-invalidation.js";
import { mustOwn, notFound } from "./template-service.js";
import { teamNotFound } from "./team-service.js";
import { toTemplateView } from "./views.js";

/**
 * E2B's build flow (its SDK's `Template.build`, its CLI's `template create`), in two steps.
 * `POST /v3/templates` names the template and makes a build that waits for its spec: a new
 * name is reserved exactly as Cubicle's create reserves it (the unique index decides, a
 * failed template's name is free again), while a name the team already holds gets a new
 * build of that template, as E2B's "create or rebuild" does. The client then uploads its
 * files and starts the build with its spec (`POST /v2/templates/{id}/builds/{buildID}`).
 */

export interface TemplateBuildsDeps {
  templates: TemplateRepository;
  specBuilds: SpecBuildRepository;
  invalidation: NameInvalidation;
  startBuild(buildId: string): void;
  /** Resolves a template reference (for `fromTemplate`) as a lookup does. */
  lookup(team: string, ref: string, fresh: boolean): Promise<LookupResponse>;
  defaultMaxTemplates: number;
}

const invalidSpec = (message: string) => new CubicleError("invalid_request", message, { in: "body" });

function checkSteps(steps: BuildSpecRequest["steps"] = []): BuildStep[] {
  return steps.map((step, i) => {
    const n = i + 1;
    if (!STEP_ARGS[step.type]) throw invalidSpec(`step ${n}: unknown type '${echo(step.type)}'; known types: ${Object.keys(STEP_ARGS).join(", ")}`);
    const args = step.args ?? [];
    const problem = stepArgsProblem(step.type, args, n);
    if (problem) throw invalidSpec(problem);
    if (step.type === "COPY" && !step.filesHash) throw invalidSpec(`step ${n}: COPY needs the 'filesHash' of its uploaded files`);
    return { type: step.type, args, ...(step.filesHash && { filesHash: step.filesHash.toLowerCase() }), ...(step.force && { force: true }) };
  });
}

export function createTemplateBuilds({ templates, specBuilds, invalidation, startBuild, lookup, defaultMaxTemplates }: TemplateBuildsDeps) {
  async function answer(templateId: string, buildId: string, tags: string[]): Promise<RequestBuildResponse> {
    const t = await templates.findSummary(templateId);
    if (!t) throw notFound(templateId);
    return { template: toTemplateView(t), buildId, tags };
  }

  /** A new build of the team's template that holds `key`; null when no template holds it (any more). */
  async function rebuildNamed(team: string, key: string, spec: { cpuCount?: number; memoryMB?: number }, tags: string[]) {
    const held = await templates.findByNameKey(team, key);
    if (!held) return null;
    const result = await templates.createRebuild(held.templateId, spec, undefined, { awaitingSpec: true, tags });
    if (result === "not_found") return null;
    if (result === "in_progress") {
      throw new CubicleError("build_in_progress", `template '${echo(held.displayName ?? held.templateId)}' already has a build in progress; wait for it to finish`);
    }
    invalidation.namesChanged(team, [key]);
    return answer(held.templateId, result.build.id, tags);
  }

  return {
    async request(team: string, req: RequestBuildRequest): Promise<RequestBuildResponse> {
      const tags = [...new Set(req.tags ?? [])];
      const name = req.displayName === null || req.displayName.trim() === "" ? null : parseDisplayName(req.displayName);
      const cpuCount = req.cpuCount ?? CPU_COUNT.default;
      const memoryMB = req.memoryMB ?? MEMORY_MB.default;
      const create = () =>
        templates.createWithBuild(
          { id: generateTemplateId(), teamId: team, displayName: name?.displayName ?? null, nameKey: name?.key ?? null, image: "", cpuCount, memoryMB, requestId: null, requestHash: null },
          defaultMaxTemplates,
          { awaitingSpec: true, tags },
        );
      // Twice at most: a template holding the name may be deleted, or a failed one's name released, in between.
      for (let attempt = 0; attempt < 2; attempt++) {
        if (name) {
          const rebuilt = await rebuildNamed(team, name.key, { ...(req.cpuCount && { cpuCount }), ...(req.memoryMB && { memoryMB }) }, tags);
          if (rebuilt) return rebuilt;
        }
        try {
          const { template, build } = await create();
          invalidation.namesChanged(team, [template.nameKey]);
          return answer(template.id, build.id, tags);
        } catch (err) {
          if (err instanceof TeamMissingError) throw teamNotFound(team);
          if (err instanceof TemplateQuotaError) {
            throw new CubicleError("quota_exceeded", `the team has ${err.max} templates, its quota: delete one first`, { quota: "templates", max: err.max });
          }
          if (!(err instanceof NameTakenError) || !name) throw err;
          // Held by a failed template that never had a ready build: free, as for a create.
          await templates.releaseAbandonedName(team, name.key);
        }
      }
      throw new CubicleError("name_taken", `display name '${echo(name!.displayName)}' is already taken`, { displayName: name!.displayName });
    },

    /** Gives a waiting build its spec and hands it to the runner. Sent again with the same spec it answers the same; with another, 409. */
    async start(team: string, templateId: string, buildId: string, req: BuildSpecRequest): Promise<StartedBuild> {
      mustOwn(team, await templates.owner(templateId), templateId);
      if (req.fromImage !== undefined && req.fromTemplate !== undefined) throw invalidSpec("give 'fromImage' or 'fromTemplate', not both");
      if (req.fromImage === undefined && req.fromTemplate === undefined) throw invalidSpec("give the base: 'fromImage' or 'fromTemplate'");
      const steps = checkSteps(req.steps);
      let spec: BuildSpec;
      let image: string;
      if (req.fromTemplate !== undefined) {
        const base = await lookup(team, req.fromTemplate, true);
        const build = base.buildId ? await templates.findBuild(base.templateId, base.buildId) : null;
        if (!build || build.status !== "ready") {
          throw new CubicleError("template_not_ready", `base template '${echo(req.fromTemplate)}' has no ready build to build from`, { templateId: base.templateId });
        }
        if (base.templateId === templateId) throw invalidSpec("a template cannot be built from itself");
        image = build.image;
        spec = { fromTemplate: { ref: req.fromTemplate, templateId: base.templateId, buildId: build.id, image }, steps };
      } else {
        image = req.fromImage!;
        spec = { fromImage: image, steps };
      }
      if (req.startCmd !== undefined) spec.startCmd = req.startCmd;
      if (req.readyCmd !== undefined) spec.readyCmd = req.readyCmd;
      if (req.force) spec.force = true;

      const result = await specBuilds.start(templateId, buildId, spec, image);
      if (result === "not_found") throw new CubicleError("build_not_found", `build '${echo(buildId)}' of template '${echo(templateId)}' not found`);
      if (result === "started") {
        startBuild(buildId);
        return { templateId, buildId, status: "waiting" };
      }
      const { spec: earlier, status, reason } = result.already;
      if (earlier && status !== "failed" && requestDigest({ ...earlier }) === requestDigest({ ...spec })) return { templateId, buildId, status: status as StartedBuild["status"] };
      // Never started, yet over: a newer request for the template took its place, or its spec came too late.
      const why = earlier === null && status === "failed" && reason ? `it ended before it was started (${reason})` : `it was already started (it is ${status})`;
      throw new CubicleError("build_already_started", `build '${echo(buildId)}' cannot be started: ${why}; request a new build to build again`, { status });
    },
  };
}

export type TemplateBuilds = ReturnType<typeof createTemplateBuilds>;
