import type { IRouter } from "express";
import {
  createValidator,
  createTemplateBodySchema,
  templateParamsSchema,
  buildParamsSchema,
  listTemplatesQuerySchema,
  setDisplayNameBodySchema,
  rebuildBodySchema,
  type RebuildRequest,
  lookupQuerySchema,
  setPublicBodySchema,
  LIST_LIMIT,
  type CreateTemplateRequest,
  type SetDisplayNameRequest,
} from "@cubicle/contracts";
import type { TemplateService } from "../../../domain/template-service.js";
import type { AnswerWrite } from "../answer-write.js";
import { teamOf } from "../team-scope.js";

const createBody = createValidator<CreateTemplateRequest>(createTemplateBodySchema, "body");
const rebuildBody = createValidator<RebuildRequest>(rebuildBodySchema, "body");
const setNameBody = createValidator<SetDisplayNameRequest>(setDisplayNameBodySchema, "body");
const templateParams = createValidator<{ templateId: string }>(templateParamsSchema, "params");
const buildParams = createValidator<{ templateId: string; buildId: string }>(buildParamsSchema, "params");
const listQuery = createValidator<{ limit?: string; cursor?: string; name?: string }>(listTemplatesQuerySchema, "query");
const lookupQuery = createValidator<{ name: string; fresh?: string }>(lookupQuerySchema, "query");
const setPublicBody = createValidator<{ public: boolean }>(setPublicBodySchema, "body");

/** Master's template API, scoped to the caller's team. Handlers only validate, call the service and shape the status. */
export function templateRoutes(r: IRouter, service: TemplateService, answerWrite: AnswerWrite): void {
  // The hot path first: express tries routes in order.
  r.get("/lookup", async (req, res) => {
    const q = lookupQuery(req.query);
    res.json(await service.lookup(teamOf(req), q.name, q.fresh === "true" || q.fresh === "1"));
  });
  r.post("/templates", async (req, res) => {
    const team = teamOf(req);
    const body = createBody(req.body);
    await answerWrite(req, res, 202, body.requestId, () => service.create(team, body), (created) => service.remove(team, created.templateId));
  });

  r.get("/templates", async (req, res) => {
    const q = listQuery(req.query);
    res.json(await service.list(teamOf(req), q.limit ? Number(q.limit) : LIST_LIMIT.default, q.cursor, q.name));
  });

  r.get("/templates/:templateId", async (req, res) => {
    res.json(await service.get(teamOf(req), templateParams(req.params).templateId));
  });

  r.patch("/templates/:templateId", async (req, res) => {
    const team = teamOf(req);
    const { templateId } = templateParams(req.params);
    res.json(await service.setPublic(team, templateId, setPublicBody(req.body ?? {}).public));
  });

  r.delete("/templates/:templateId", async (req, res) => {
    await service.remove(teamOf(req), templateParams(req.params).templateId);
    res.status(204).end();
  });

  // A rebuild whose caller left is kept: it changes nothing the template serves until it is ready.
  r.post("/templates/:templateId/rebuild", async (req, res) => {
    const team = teamOf(req);
    const { templateId } = templateParams(req.params);
    const body = rebuildBody(req.body ?? {});
    await answerWrite(req, res, 202, body.requestId, () => service.rebuild(team, templateId, body));
  });

  r.get("/templates/:templateId/builds/:buildId", async (req, res) => {
    const p = buildParams(req.params);
    res.json(await service.getBuild(teamOf(req), p.templateId, p.buildId.toLowerCase()));
  });

  r.post("/display-name", async (req, res) => {
    const body = setNameBody(req.body);
    res.json(await service.setDisplayName(teamOf(req), body.templateId, body.displayName));
  });
}
