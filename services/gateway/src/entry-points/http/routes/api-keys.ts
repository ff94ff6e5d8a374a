import type { IRouter, RequestHandler } from "express";
import { createValidator, gatewayApiKeyParamsSchema, newApiKeyBodySchema, updateApiKeyBodySchema } from "@cubicle/contracts";
import type { MasterClient } from "@cubicle/master-client";
import type { KeyResolver } from "../../../domain/api-keys.js";
import { toE2bApiKey } from "../../../domain/e2b-keys.js";
import { callContext, teamOf } from "../caller.js";

const newBody = createValidator<{ name: string }>(newApiKeyBodySchema, "body");
const updateBody = createValidator<{ name: string }>(updateApiKeyBodySchema, "body");
const keyParams = createValidator<{ apiKeyID: string }>(gatewayApiKeyParamsSchema, "params");

/**
 * E2B's key management: a team lists, makes, renames and revokes its own keys with any of
 * them. A key revoked here stops working on this gateway at once (on others within their
 * cache's lifetime, AUTH_CACHE_TTL_MS).
 */
export function apiKeyRoutes(
  r: IRouter,
  { master, keys, limits }: { master: MasterClient; keys: KeyResolver; limits: { reads: RequestHandler; writes: RequestHandler } },
): void {
  r.get("/api-keys", limits.reads, async (req, res) => {
    res.json((await master.listApiKeys(teamOf(res), callContext(req))).map(toE2bApiKey));
  });

  r.post("/api-keys", limits.writes, async (req, res) => {
    const created = await master.createApiKey(teamOf(res), newBody(req.body ?? {}).name, callContext(req));
    res.status(201).json({ ...toE2bApiKey(created), key: created.key });
  });

  r.patch("/api-keys/:apiKeyID", limits.writes, async (req, res) => {
    const id = keyParams(req.params).apiKeyID.toLowerCase();
    res.json(toE2bApiKey(await master.renameApiKey(teamOf(res), id, updateBody(req.body ?? {}).name, callContext(req))));
  });

  r.delete("/api-keys/:apiKeyID", limits.writes, async (req, res) => {
    const id = keyParams(req.params).apiKeyID.toLowerCase();
    await master.revokeApiKey(teamOf(res), id, callContext(req));
    keys.forget(id);
    res.status(204).end();
  });
}
