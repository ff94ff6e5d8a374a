import type { IRouter, RequestHandler } from "express";
import {
  CubicleError,
  createTeamBodySchema,
  createValidator,
  gatewayAdminApiKeyParamsSchema,
  gatewayTeamParamsSchema,
  newApiKeyBodySchema,
  type CreateTeamRequest,
} from "@cubicle/contracts";
import type { MasterClient } from "@cubicle/master-client";
import { noSuchEndpoint, sameToken } from "@cubicle/service-kit";
import { throttled, type AuthThrottle } from "../middleware/auth-throttle.js";
import type { KeyResolver } from "../../../domain/api-keys.js";
import { callContext } from "../caller.js";
import { toE2bApiKey } from "../../../domain/e2b-keys.js";

const teamBody = createValidator<CreateTeamRequest>(createTeamBodySchema, "body");
const keyBody = createValidator<{ name: string }>(newApiKeyBodySchema, "body");
const teamParams = createValidator<{ teamID: string }>(gatewayTeamParamsSchema, "params");
const keyParams = createValidator<{ teamID: string; apiKeyID: string }>(gatewayAdminApiKeyParamsSchema, "params");

export interface AdminRouteDeps {
  master: MasterClient;
  keys: KeyResolver;
  /** `ADMIN_TOKEN`; without it every `/admin/…` path answers 404, as a path that does not exist. */
  token: string | undefined;
  throttle: AuthThrottle;
  limit: RequestHandler;
}

/**
 * The operator's surface (E2B's `X-Admin-Token`): make teams and give them keys. Wrong tokens
 * count against the client's address as wrong API keys do.
 */
export function adminRoutes(r: IRouter, { master, keys, token, throttle, limit }: AdminRouteDeps): void {
  const expected = token ? Buffer.from(token) : undefined;
  const guard: RequestHandler = (req, res, next) => {
    if (!expected) return next(noSuchEndpoint(req));
    const address = req.socket.remoteAddress ?? "unknown";
    const refused = throttled(throttle, address, res, "token");
    if (refused) return next(refused);
    const given = req.headers["x-admin-token"];
    if (typeof given === "string" && sameToken(given, expected)) {
      res.locals.apiKey = "admin";
      res.locals.logKey = "admin";
      return next();
    }
    throttle.failed(address);
    next(new CubicleError("unauthorized", given === undefined ? "missing admin token: send it in the X-Admin-Token header" : "the admin token is not valid"));
  };
  r.use("/admin", guard, limit);

  r.post("/admin/teams", async (req, res) => {
    const team = await master.createTeam(teamBody(req.body ?? {}), callContext(req));
    res.status(201).json({ teamID: team.teamId, slug: team.slug, name: team.name });
  });

  r.post("/admin/teams/:teamID/api-keys", async (req, res) => {
    const { teamID } = teamParams(req.params);
    const created = await master.createApiKey(teamID.toLowerCase(), keyBody(req.body ?? {}).name, callContext(req));
    res.status(201).json({ ...toE2bApiKey(created), key: created.key });
  });

  r.delete("/admin/teams/:teamID/api-keys/:apiKeyID", async (req, res) => {
    const p = keyParams(req.params);
    await master.revokeApiKey(p.teamID.toLowerCase(), p.apiKeyID.toLowerCase(), callContext(req));
    keys.forget(p.apiKeyID.toLowerCase());
    res.status(204).end();
  });
}
