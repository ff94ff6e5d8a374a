import type { IRouter } from "express";
import {
  apiKeyParamsSchema,
  createTeamBodySchema,
  createValidator,
  newApiKeyBodySchema,
  teamParamsSchema,
  updateApiKeyBodySchema,
  verifyApiKeyBodySchema,
  type CreateTeamRequest,
  type VerifyApiKeyRequest,
} from "@cubicle/contracts";
import type { TeamService } from "../../../domain/team-service.js";

const createTeamBody = createValidator<CreateTeamRequest>(createTeamBodySchema, "body");
const newKeyBody = createValidator<{ name: string }>(newApiKeyBodySchema, "body");
const updateKeyBody = createValidator<{ name: string }>(updateApiKeyBodySchema, "body");
const verifyBody = createValidator<VerifyApiKeyRequest>(verifyApiKeyBodySchema, "body");
const teamParams = createValidator<{ teamId: string }>(teamParamsSchema, "params");
const keyParams = createValidator<{ teamId: string; apiKeyId: string }>(apiKeyParamsSchema, "params");

const lower = (p: { teamId: string; apiKeyId?: string }) => ({ teamId: p.teamId.toLowerCase(), apiKeyId: p.apiKeyId?.toLowerCase() ?? "" });

/** Master's team and API-key API: for the gateway's admin and key routes, and internal services. */
export function teamRoutes(r: IRouter, service: TeamService): void {
  // A gateway asking whose a key is: the digest travels in the body, never in a URL or a log.
  r.post("/api-keys/verify", async (req, res) => {
    res.json(await service.verify(verifyBody(req.body)));
  });

  r.post("/teams", async (req, res) => {
    res.status(201).json(await service.create(createTeamBody(req.body)));
  });

  r.get("/teams/:teamId", async (req, res) => {
    res.json(await service.get(lower(teamParams(req.params)).teamId));
  });

  r.post("/teams/:teamId/api-keys", async (req, res) => {
    const { teamId } = lower(teamParams(req.params));
    res.status(201).json(await service.createKey(teamId, newKeyBody(req.body).name));
  });

  r.get("/teams/:teamId/api-keys", async (req, res) => {
    res.json(await service.listKeys(lower(teamParams(req.params)).teamId));
  });

  r.patch("/teams/:teamId/api-keys/:apiKeyId", async (req, res) => {
    const { teamId, apiKeyId } = lower(keyParams(req.params));
    res.json(await service.renameKey(teamId, apiKeyId, updateKeyBody(req.body).name));
  });

  r.delete("/teams/:teamId/api-keys/:apiKeyId", async (req, res) => {
    const { teamId, apiKeyId } = lower(keyParams(req.params));
    await service.revokeKey(teamId, apiKeyId);
    res.status(204).end();
  });
}
