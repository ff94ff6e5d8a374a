import type { IRouter } from "express";
import {
  CubicleError,
  SANDBOX_LIST_LIMIT,
  connectSandboxBodySchema,
  createSandboxBodySchema,
  refreshSandboxBodySchema,
  setSandboxTimeoutBodySchema,
  createValidator,
  sandboxIdsOf,
  listSandboxesQuerySchema,
  sandboxMetadata,
  sandboxParamsSchema,
  type ConnectSandboxRequest,
  type CreateSandboxRequest,
  type RefreshSandboxRequest,
  type SetSandboxTimeoutRequest,
} from "@cubicle/contracts";
import type { SandboxService } from "../../../domain/sandbox-service.js";
import type { AnswerWrite } from "../answer-write.js";
import { teamOf } from "../team-scope.js";

const createBody = createValidator<CreateSandboxRequest>(createSandboxBodySchema, "body");
const sandboxParams = createValidator<{ sandboxId: string }>(sandboxParamsSchema, "params");
const timeoutBody = createValidator<SetSandboxTimeoutRequest>(setSandboxTimeoutBodySchema, "body");
const refreshBody = createValidator<RefreshSandboxRequest>(refreshSandboxBodySchema, "body");
const connectBody = createValidator<ConnectSandboxRequest>(connectSandboxBodySchema, "body");
const listQuery = createValidator<{ limit?: string; cursor?: string; templateId?: string; metadata?: string; order?: "asc" | "desc"; startedAfter?: string; state?: string }>(
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

const idOf = (req: { params: unknown }) => sandboxParams(req.params).sandboxId.toLowerCase();

/** Master's sandbox API, scoped to the caller's team. */
export function sandboxRoutes(r: IRouter, service: SandboxService, answerWrite: AnswerWrite): void {
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
        state: q.state === undefined ? undefined : ([...new Set(q.state.split(","))] as ("running" | "paused")[]),
      }),
    );
  });

  // Before `/sandboxes/:sandboxId`-shaped routes could ever take it: a path of its own.
  r.get("/sandbox-metrics", async (req, res) => {
    res.json(await service.metricsOf(teamOf(req), sandboxIdsOf(req.query)));
  });

  r.get("/sandboxes/:sandboxId", async (req, res) => {
    res.json(await service.get(teamOf(req), idOf(req)));
  });

  r.delete("/sandboxes/:sandboxId", async (req, res) => {
    await service.remove(teamOf(req), idOf(req));
    res.status(204).end();
  });

  r.post("/sandboxes/:sandboxId/timeout", async (req, res) => {
    const team = teamOf(req);
    const id = idOf(req);
    res.json(await service.setTimeout(team, id, timeoutBody(req.body ?? {}).timeout));
  });

  r.post("/sandboxes/:sandboxId/refreshes", async (req, res) => {
    const team = teamOf(req);
    const id = idOf(req);
    res.json(await service.refresh(team, id, refreshBody(req.body ?? {}).duration));
  });

  r.post("/sandboxes/:sandboxId/pause", async (req, res) => {
    res.json(await service.pause(teamOf(req), idOf(req)));
  });

  r.post("/sandboxes/:sandboxId/connect", async (req, res) => {
    const team = teamOf(req);
    const id = idOf(req);
    const connected = await service.connect(team, id, connectBody(req.body ?? {}));
    res.status(connected.resumed ? 201 : 200).json(connected);
  });

  r.get("/sandboxes/:sandboxId/metrics", async (req, res) => {
    res.json(await service.metrics(teamOf(req), idOf(req)));
  });

  r.get("/sandboxes/:sandboxId/logs", async (req, res) => {
    res.json({ logs: await service.logs(teamOf(req), idOf(req)) });
  });
}
