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
  LIST_LIMIT,
  type CreateTemplateRequest,
  type SetDisplayNameRequest,
} from "@cubicle/contracts";
import type { TemplateService } from "../../../domain/template-service.js";
import { answerWrite } from "../answer-write.js";

const createBody = createValidator<CreateTemplateRequest>(createTemplateBodySchema, "body");
const rebuildBody = createValidator<RebuildRequest>(rebuildBodySchema, "body");
const setNameBody = createValidator<SetDisplayNameRequest>(setDisplayNameBodySchema, "body");
const templateParams = createValidator<{ templateId: string }>(templateParamsSchema, "params");
const buildParams = createValidator<{ templateId: string; buildId: string }>(buildParamsSchema, "params");
const listQuery = createValidator<{ limit?: string; cursor?: string }>(listTemplatesQuerySchema, "query");
const lookupQuery = createValidator<{ name: string; fresh?: string }>(lookupQuerySchema, "query");

/** Master's template API. Handlers only validate, call the service and shape the status. */
export function templateRoutes(r: IRouter, service: TemplateService): void {
  // The hot path first: express tries routes in order.
  r.get("/lookup", async (req, res) => {
    const q = lookupQuery(req.query);
    res.json(await service.lookup(q.name, q.fresh === "true" || q.fresh === "1"));
  });
  r.post("/templates", async (req, res) => {
    const body = createBody(req.body);
    await answerWrite(req, res, 202, body.requestId, () => service.create(body), (created) => service.remove(created.templateId));
  });

  r.get("/templates", async (req, res) => {
    const q = listQuery(req.query);
    res.json(await service.list(q.limit ? Number(q.limit) : LIST_LIMIT.default, q.cursor));
  });

  r.get("/templates/:templateId", async (req, res) => {
    res.json(await service.get(templateParams(req.params).templateId));
  });

  r.delete("/templates/:templateId", async (req, res) => {
    await service.remove(templateParams(req.params).templateId);
    res.status(204).end();
  });

  // A rebuild whose caller left is kept: it changes nothing the template serves until it is ready.
  r.post("/templates/:templateId/rebuild", async (req, res) => {
    const { templateId } = templateParams(req.params);
    const body = rebuildBody(req.body ?? {});
    await answerWrite(req, res, 202, body.requestId, () => service.rebuild(templateId, body));
  });

  r.get("/templates/:templateId/builds/:buildId", async (req, res) => {
    const p = buildParams(req.params);
    res.json(await service.getBuild(p.templateId, p.buildId.toLowerCase()));
  });

  r.post("/display-name", async (req, res) => {
    const body = setNameBody(req.body);
    res.json(await service.setDisplayName(body.templateId, body.displayName));
  });
}
