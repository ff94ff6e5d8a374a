import { type IRouter, type Request, type RequestHandler } from "express";
import {
  REPLAYED_HEADER,
  BUILD_LOG_LIMIT,
  CubicleError,
  LIST_LIMIT,
  aliasParamsSchema,
  buildStatusQuerySchema,
  createValidator,
  gatewayCreateTemplateBodySchema,
  gatewayListTemplatesQuerySchema,
  gatewayRebuildBodySchema,
  gatewayUpdateTemplateBodySchema,
  gatewayUpdateTemplateV2BodySchema,
  nameQuerySchema,
  templateBuildParamsSchema,
  templateRefParamsSchema,
  type GatewayCreateTemplateRequest,
  type GatewayRebuildRequest,
} from "@cubicle/contracts";
import type { CallContext, MasterClient } from "@cubicle/master-client";
import type { TemplateRefs } from "../../../domain/template-refs.js";
import { e2bStatus, namesOf, toE2bBuildStatus, toE2bSubmitted, toE2bTemplate, toE2bTemplateWithBuilds } from "../../../domain/e2b-views.js";
import { requestIdOf } from "../idempotency.js";
import { callContext, untilCallerLeaves } from "../caller.js";

const createBody = createValidator<GatewayCreateTemplateRequest>(gatewayCreateTemplateBodySchema, "body");
const rebuildBody = createValidator<GatewayRebuildRequest>(gatewayRebuildBodySchema, "body");
const updateBody = createValidator<{ name?: string | null; public?: boolean }>(gatewayUpdateTemplateBodySchema, "body");
const updateV2Body = createValidator<{ public: boolean }>(gatewayUpdateTemplateV2BodySchema, "body");
const refParams = createValidator<{ ref: string }>(templateRefParamsSchema, "params");
const buildParams = createValidator<{ ref: string; buildID: string }>(templateBuildParamsSchema, "params");
const aliasParams = createValidator<{ alias: string }>(aliasParamsSchema, "params");
const nameQuery = createValidator<{ name: string }>(nameQuerySchema, "query");
const listQuery = createValidator<{ limit?: string; nextToken?: string; name?: string }>(gatewayListTemplatesQuerySchema, "query");
const statusQuery = createValidator<{ logsOffset?: string; limit?: string; level?: "debug" | "info" | "warn" | "error" }>(buildStatusQuerySchema, "query");

/** Per-key rate limits: each route that reaches master counts against one of them. */
export interface TemplateLimits {
  lookups: RequestHandler;
  creates: RequestHandler;
  reads: RequestHandler;
  writes: RequestHandler;
}

export interface TemplateRouteDeps {
  master: MasterClient;
  refs: TemplateRefs;
  limits: TemplateLimits;
}

/** Reads may be answered from master's cached lookup; changes resolve fresh (`refs.resolveForChange`). */
const READ = { fresh: false };

/** `name` and E2B's older `alias` mean the same; both may be given only when they agree. */
function requestedName(body: GatewayCreateTemplateRequest): string | undefined {
  if (body.name !== undefined && body.alias !== undefined && body.name !== body.alias) {
    throw new CubicleError("invalid_request", "body has both 'name' and 'alias' with different values: give one ('alias' is E2B's older word for 'name')");
  }
  return body.name ?? body.alias;
}

/** The hot path, registered before everything else: express tries routes in order. */
export function templateLookupRoute(r: IRouter, { refs, limits }: Pick<TemplateRouteDeps, "refs" | "limits">): void {
  r.get("/templates/lookup", limits.lookups, async (req, res) => {
    const found = await refs.lookup(nameQuery(req.query).name, READ, callContext(req));
    // A tag names a ready build; without one, the template's state speaks for its build.
    res.json({ templateID: found.templateId, buildID: found.buildId, names: namesOf(found.displayName), buildStatus: found.tag === null ? e2bStatus(found.status) : "ready" });
  });
}

/**
 * E2B's template API. Each handler validates, resolves the template reference once (fresh
 * when it changes something) and makes the one call to master that does the work.
 */
export function templateRoutes(r: IRouter, { master, refs, limits }: TemplateRouteDeps): void {
  const list: RequestHandler = async (req, res) => {
    const q = listQuery(req.query);
    const page = await master.listTemplates({ limit: q.limit ? Number(q.limit) : LIST_LIMIT.max, cursor: q.nextToken, name: q.name }, callContext(req));
    if (page.nextCursor) res.setHeader("x-next-token", page.nextCursor);
    res.json(page.templates.map(toE2bTemplate));
  };
  r.get("/templates", limits.reads, list);
  r.get("/v2/templates", limits.reads, list);

  r.post("/templates", limits.creates, async (req, res) => {
    const body = createBody(req.body ?? {});
    const requestId = requestIdOf(req, String(res.locals.apiKeyFingerprint));
    const name = requestedName(body);
    const displayName = name === undefined ? null : refs.displayName(name);
    const { template, replayed } = await master.createTemplate(
      { displayName, image: body.image, cpuCount: body.cpuCount, memoryMB: body.memoryMB, ...(requestId && { requestId }) },
      { ...callContext(req), signal: untilCallerLeaves(res) },
    );
    if (replayed) res.setHeader(REPLAYED_HEADER, "true");
    res.status(202).json(toE2bSubmitted(template.templateId, template.displayName, template));
  });

  // E2B SDK's `Template.exists(name)`: 200 when the name is held, 404 when not.
  r.get("/templates/aliases/:alias", limits.lookups, async (req, res) => {
    const found = await refs.lookup(aliasParams(req.params).alias, READ, callContext(req));
    res.json({ templateID: found.templateId, public: found.public });
  });

  r.get("/templates/:ref", limits.lookups, async (req, res) => {
    const id = await refs.resolve(refParams(req.params).ref, READ, callContext(req));
    res.json(toE2bTemplateWithBuilds(await master.getTemplate(id, callContext(req))));
  });

  // Cubicle's rename (`name`) and E2B's publish (`public`), alone or together: the name first.
  r.patch("/templates/:ref", limits.writes, async (req, res) => {
    const { ref } = refParams(req.params);
    const body = updateBody(req.body ?? {});
    if (body.name === undefined && body.public === undefined) {
      throw new CubicleError("invalid_request", "body must give 'name' (the new display name, or null to clear it), 'public', or both", { in: "body" });
    }
    const displayName = body.name === undefined || body.name === null ? body.name : refs.displayName(body.name);
    const id = await refs.resolveForChange(ref, callContext(req));
    let updated = displayName === undefined ? undefined : await master.setDisplayName(id, displayName, callContext(req));
    if (body.public !== undefined) updated = await master.setTemplatePublic(id, body.public, callContext(req));
    res.json({ templateID: updated!.templateId, names: namesOf(updated!.displayName) });
  });

  // E2B's `e2b template publish` / `unpublish`.
  r.patch("/v2/templates/:ref", limits.writes, async (req, res) => {
    const { ref } = refParams(req.params);
    const body = updateV2Body(req.body ?? {});
    const id = await refs.resolveForChange(ref, callContext(req));
    const updated = await master.setTemplatePublic(id, body.public, callContext(req));
    res.json({ names: namesOf(updated.displayName) });
  });

  r.delete("/templates/:ref", limits.writes, async (req, res) => {
    const id = await refs.resolveForChange(refParams(req.params).ref, callContext(req));
    await master.deleteTemplate(id, callContext(req));
    res.status(204).end();
  });

  // Rebuild: a new build of the template, optionally with a changed image or size.
  r.post("/templates/:ref", limits.creates, async (req, res) => {
    const { ref } = refParams(req.params);
    const body = rebuildBody(req.body ?? {});
    const requestId = requestIdOf(req, String(res.locals.apiKeyFingerprint));
    const id = await refs.resolveForChange(ref, callContext(req));
    const { build, replayed } = await master.rebuild(id, { ...body, ...(requestId && { requestId }) }, { ...callContext(req), signal: untilCallerLeaves(res) });
    if (replayed) res.setHeader(REPLAYED_HEADER, "true");
    res.status(202).json(toE2bSubmitted(build.templateId, build.displayName, build));
  });

  // E2B's "start build". Cubicle starts every build when it is submitted, so this confirms
  // that the build exists and is started, and reports where it is.
  r.post("/templates/:ref/builds/:buildID", limits.writes, async (req, res) => {
    const p = buildParams(req.params);
    const id = await refs.resolveForChange(p.ref, callContext(req));
    const build = await master.getBuild(id, p.buildID.toLowerCase(), callContext(req));
    res.status(202).json({ templateID: build.templateId, buildID: build.buildId, status: e2bStatus(build.status) });
  });

  r.get("/templates/:ref/builds/:buildID/status", limits.reads, async (req, res) => {
    const p = buildParams(req.params);
    const q = statusQuery(req.query);
    const id = await refs.resolve(p.ref, READ, callContext(req));
    const build = await master.getBuild(id, p.buildID.toLowerCase(), callContext(req));
    const window = {
      offset: q.logsOffset ? Number(q.logsOffset) : 0,
      limit: q.limit ? Number(q.limit) : BUILD_LOG_LIMIT.default,
      ...(q.level && { level: q.level }),
    };
    res.json(toE2bBuildStatus(build, window));
  });
}
