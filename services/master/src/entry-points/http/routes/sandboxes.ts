import type { IRouter } from "express";
import {
  CubicleError,
  SANDBOX_LIST_LIMIT,
  createSandboxBodySchema,
  createValidator,
  listSandboxesQuerySchema,
  sandboxMetadata,
  sandboxParamsSchema,
  type CreateSandboxRequest,
} from "@cubicle/contracts";
import type { SandboxService } from "../../../domain/sandbox-service.js";
import { answerWrite } from "../answer-write.js";
import { teamOf } from "../team-scope.js";

const createBody = createValidator<CreateSandboxRequest>(createSandboxBodySchema, "body");
const sandboxParams = createValidator<{ sandboxId: string }>(sandboxParamsSchema, "params");
const listQuery = createValidator<{ limit?: string; cursor?: string; templateId?: string; metadata?: string; order?: "asc" | "desc"; startedAfter?: string }>(
  listSandboxesQuerySchema,
  "query",
);
const metadataFilter = createValidator<Record<string, string>>(sandboxMetadata, "query");

function parseMetadata(text: string | undefined): Record<string, string> | undefined {
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CubicleError("invalid_request", "query.metadata must be a JSON object of string pairs", { in: "query" });
  }
  return metadataFilter(parsed);
}

/** Master's sandbox API, scoped to the caller's team. */
export function sandboxRoutes(r: IRouter, service: SandboxService): void {
  r.post("/sandboxes", async (req, res) => {
    const team = teamOf(req);
    const body = createBody(req.body);
    await answerWrite(req, res, 201, body.requestId, () => service.create(team, body), (created) => service.remove(team, created.sandboxId));
  });

  r.get("/sandboxes", async (req, res) => {
    const team = teamOf(req);
    const q = listQuery(req.query);
    res.json(
      await service.list(team, {
        limit: q.limit ? Number(q.limit) : SANDBOX_LIST_LIMIT.default,
        cursor: q.cursor,
        templateId: q.templateId,
        metadata: parseMetadata(q.metadata),
        order: q.order,
        startedAfter: q.startedAfter,
      }),
    );
  });

  r.get("/sandboxes/:sandboxId", async (req, res) => {
    res.json(await service.get(teamOf(req), sandboxParams(req.params).sandboxId.toLowerCase()));
  });

  r.delete("/sandboxes/:sandboxId", async (req, res) => {
    await service.remove(teamOf(req), sandboxParams(req.params).sandboxId.toLowerCase());
    res.status(204).end();
  });
}
