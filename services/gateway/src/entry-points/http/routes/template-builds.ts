import type { IRouter, Request } from "express";
import {
  BUILD_LOG_LIMIT,
  CubicleError,
  assignTemplateTagsBodySchema,
  buildLogsQuerySchema,
  createValidator,
  deleteTemplateTagsBodySchema,
  templateBuildParamsSchema,
  templateBuildRequestV2Schema,
  templateBuildRequestV3Schema,
  templateBuildStartSchema,
  templateFileParamsSchema,
  templateRefParamsSchema,
  uploadTokenParamsSchema,
  type BuildSpecRequest,
  type GatewayTemplateBuildRequest,
} from "@cubicle/contracts";
import type { MasterClient } from "@cubicle/master-client";
import type { TemplateRefs } from "../../../domain/template-refs.js";
import { e2bBuildLogs, requestedBuild, toE2bRequestResponseV3, toE2bTemplateLegacy, type BuildLogsQuery } from "../../../domain/e2b-template-builds.js";
import { callContext } from "../caller.js";
import type { TemplateLimits } from "./templates.js";
import { throttled, type AuthThrottle } from "../middleware/auth-throttle.js";

const v3Body = createValidator<GatewayTemplateBuildRequest>(templateBuildRequestV3Schema, "body");
const v2Body = createValidator<GatewayTemplateBuildRequest>(templateBuildRequestV2Schema, "body");
const startBody = createValidator<BuildSpecRequest>(templateBuildStartSchema, "body");
const buildParams = createValidator<{ ref: string; buildID: string }>(templateBuildParamsSchema, "params");
const refParams = createValidator<{ ref: string }>(templateRefParamsSchema, "params");
const fileParams = createValidator<{ ref: string; hash: string }>(templateFileParamsSchema, "params");
const tokenParams = createValidator<{ token: string }>(uploadTokenParamsSchema, "params");
const logsQuery = createValidator<{ cursor?: string; limit?: string; direction?: "forward" | "backward"; level?: BuildLogsQuery["level"] }>(buildLogsQuerySchema, "query");
const assignBody = createValidator<{ target: string; tags: string[] }>(assignTemplateTagsBodySchema, "body");
const deleteBody = createValidator<{ name: string; tags: string[] }>(deleteTemplateTagsBodySchema, "body");

export interface TemplateBuildRouteDeps {
  master: MasterClient;
  refs: TemplateRefs;
  limits: TemplateLimits;
  /** The origin upload links point at; unset, the origin the request came to. */
  publicUrl: string | undefined;
}

const READ = { fresh: false };
const WRITE = { fresh: true };

/**
 * The upload an upload link points at. No API key: the link's token is the credential (E2B's
 * SDK sends only the file), so this is registered before authentication and the JSON parser,
 * and master decides whose file set the token stands for. The body is streamed through.
 * Tokens that are no good count against the client's address like wrong API keys.
 */
export function uploadRoute(r: IRouter, { master, throttle }: { master: MasterClient; throttle: AuthThrottle }): void {
  r.put("/uploads/:token", async (req, res) => {
    // A token that is no good counts as a wrong API key does, against the client's address.
    const address = req.socket.remoteAddress ?? "unknown";
    const refused = throttled(throttle, address, res, "upload link");
    if (refused) throw refused;
    const { token } = tokenParams(req.params);
    const length = req.headers["content-length"];
    try {
      const stored = await master.upload(token, req, length === undefined ? undefined : Number(length), { requestId: String(req.id), trace: req.traceContext });
      res.status(stored.stored ? 201 : 200).json({ hash: stored.hash, bytes: stored.bytes });
    } catch (err) {
      if (err instanceof CubicleError && err.code === "upload_link_invalid") throttle.failed(address);
      throw err;
    }
  });
}

const originOf = (req: Request, publicUrl: string | undefined) => publicUrl ?? `${req.protocol}://${req.get("host")}`;

/**
 * E2B's build flow (its SDK's `Template.build`, its CLI's `template create`) and its tags.
 * Registered before the template routes: `/templates/tags` is not a template named "tags".
 */
export function templateBuildRoutes(r: IRouter, { master, refs, limits, publicUrl }: TemplateBuildRouteDeps): void {
  const request = async (req: Request, body: GatewayTemplateBuildRequest) => {
    const { name, tags } = requestedBuild(body);
    return master.requestTemplateBuild({ displayName: refs.displayName(name), tags, cpuCount: body.cpuCount, memoryMB: body.memoryMB }, callContext(req));
  };
  r.post("/v3/templates", limits.creates, async (req, res) => {
    res.status(202).json(toE2bRequestResponseV3(await request(req, v3Body(req.body ?? {}))));
  });
  r.post("/v2/templates", limits.creates, async (req, res) => {
    res.status(202).json(toE2bTemplateLegacy(await request(req, v2Body(req.body ?? {}))));
  });

  r.get("/templates/:ref/files/:hash", limits.writes, async (req, res) => {
    const p = fileParams(req.params);
    const id = await refs.resolveForChange(p.ref, callContext(req));
    const link = await master.getFileUploadLink(id, p.hash.toLowerCase(), callContext(req));
    res.status(201).json(link.present ? { present: true } : { present: false, url: `${originOf(req, publicUrl)}/uploads/${link.token}` });
  });

  r.post("/v2/templates/:ref/builds/:buildID", limits.writes, async (req, res) => {
    const p = buildParams(req.params);
    const spec = startBody(req.body ?? {});
    const id = await refs.resolveForChange(p.ref, callContext(req));
    const started = await master.startTemplateBuild(id, p.buildID.toLowerCase(), spec, callContext(req));
    res.status(202).json({ templateID: started.templateId, buildID: started.buildId, status: started.status });
  });

  r.get("/templates/:ref/builds/:buildID/logs", limits.reads, async (req, res) => {
    const p = buildParams(req.params);
    const q = logsQuery(req.query);
    const id = await refs.resolve(p.ref, READ, callContext(req));
    const build = await master.getBuild(id, p.buildID.toLowerCase(), callContext(req));
    res.json(
      e2bBuildLogs(build, {
        ...(q.cursor !== undefined && { cursor: Number(q.cursor) }),
        limit: q.limit === undefined ? BUILD_LOG_LIMIT.default : Number(q.limit),
        direction: q.direction ?? "forward",
        ...(q.level && { level: q.level }),
      }),
    );
  });

  r.post("/templates/tags", limits.writes, async (req, res) => {
    const body = assignBody(req.body ?? {});
    const target = await refs.lookup(body.target, WRITE, callContext(req));
    // Without a tag the target is the template's ready build: one still building (or failed) has none.
    if (target.buildId === null || (target.tag === null && target.status !== "ready")) {
      throw new CubicleError("template_not_ready", `template '${body.target.trim()}' has no ready build to tag`, { templateId: target.templateId, status: target.status });
    }
    const assigned = await master.assignTemplateTags(target.templateId, { buildId: target.buildId, tags: body.tags }, callContext(req));
    res.status(201).json({ tags: assigned.tags, buildID: assigned.buildId });
  });

  r.delete("/templates/tags", limits.writes, async (req, res) => {
    const body = deleteBody(req.body ?? {});
    const id = await refs.resolveForChange(body.name, callContext(req));
    await master.removeTemplateTags(id, body.tags, callContext(req));
    res.status(204).end();
  });

  r.get("/templates/:ref/tags", limits.reads, async (req, res) => {
    const id = await refs.resolve(refParams(req.params).ref, READ, callContext(req));
    const tags = await master.listTemplateTags(id, callContext(req));
    res.json(tags.map((t) => ({ tag: t.tag, buildID: t.buildId, createdAt: t.createdAt })));
  });
}
