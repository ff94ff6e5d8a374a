import type { IRouter } from "express";
import {
  assignTagsBodySchema,
  buildParamsSchema,
  buildSpecBodySchema,
  createValidator,
  fileParamsSchema,
  removeTagsBodySchema,
  requestBuildBodySchema,
  templateParamsSchema,
  uploadParamsSchema,
  type AssignTagsRequest,
  type BuildSpecRequest,
  type RequestBuildRequest,
} from "@cubicle/contracts";
import type { TemplateBuilds } from "../../../domain/template-builds.js";
import type { TemplateTags } from "../../../domain/template-tags.js";
import type { Uploads } from "../../../domain/uploads.js";
import { teamOf } from "../team-scope.js";

const requestBody = createValidator<RequestBuildRequest>(requestBuildBodySchema, "body");
const specBody = createValidator<BuildSpecRequest>(buildSpecBodySchema, "body");
const buildParams = createValidator<{ templateId: string; buildId: string }>(buildParamsSchema, "params");
const templateParams = createValidator<{ templateId: string }>(templateParamsSchema, "params");
const fileParams = createValidator<{ templateId: string; hash: string }>(fileParamsSchema, "params");
const uploadParams = createValidator<{ token: string }>(uploadParamsSchema, "params");
const assignBody = createValidator<AssignTagsRequest>(assignTagsBodySchema, "body");
const removeBody = createValidator<{ tags: string[] }>(removeTagsBodySchema, "body");

export interface TemplateBuildRouteDeps {
  builds: TemplateBuilds;
  tags: TemplateTags;
  uploads: Uploads;
}

/**
 * The upload itself: a raw body (no JSON), so it is registered before the JSON parser. The
 * link's token says whose file set it is; no team header is needed.
 */
export function uploadRoute(r: IRouter, { uploads }: Pick<TemplateBuildRouteDeps, "uploads">): void {
  r.put("/uploads/:token", async (req, res) => {
    const { token } = uploadParams(req.params);
    const length = req.headers["content-length"];
    const stored = await uploads.receive(token, req, length === undefined ? undefined : Number(length));
    res.status(stored.stored ? 201 : 200).json(stored);
  });
}

/** E2B's build flow, file links and tags, scoped to the caller's team. */
export function templateBuildRoutes(r: IRouter, { builds, tags, uploads }: TemplateBuildRouteDeps): void {
  r.post("/template-builds", async (req, res) => {
    res.status(202).json(await builds.request(teamOf(req), requestBody(req.body ?? {})));
  });

  r.post("/templates/:templateId/builds/:buildId/spec", async (req, res) => {
    const { templateId, buildId } = buildParams(req.params);
    res.status(202).json(await builds.start(teamOf(req), templateId, buildId, specBody(req.body ?? {})));
  });

  r.get("/templates/:templateId/files/:hash", async (req, res) => {
    const { templateId, hash } = fileParams(req.params);
    res.json(await uploads.link(teamOf(req), templateId, hash));
  });

  r.get("/templates/:templateId/tags", async (req, res) => {
    res.json(await tags.list(teamOf(req), templateParams(req.params).templateId));
  });

  r.post("/templates/:templateId/tags", async (req, res) => {
    const body = assignBody(req.body ?? {});
    res.status(201).json(await tags.assign(teamOf(req), templateParams(req.params).templateId, body.buildId.toLowerCase(), body.tags));
  });

  r.delete("/templates/:templateId/tags", async (req, res) => {
    await tags.remove(teamOf(req), templateParams(req.params).templateId, removeBody(req.body ?? {}).tags);
    res.status(204).end();
  });
}
