import type { RequestHandler } from "express";
import { CubicleError } from "@cubicle/contracts";
import { sameToken } from "./secrets.js";

const OPEN = new Set(["/healthz", "/readyz"]);
const BEARER = /^bearer +(\S+) *$/i;

/**
 * With a token configured, every call but the health probes needs `Authorization: Bearer
 * <token>` (master's MASTER_TOKEN, a node agent's AGENT_TOKEN). `realm` names the service
 * and `setting` the variable holding the token, for the caller's error message.
 */
export function bearerAuth(token: string | undefined, realm: string, setting: string): RequestHandler {
  if (!token) return (_req, _res, next) => next();
  const expected = Buffer.from(token);
  return (req, res, next) => {
    if (OPEN.has(req.path)) return next();
    // The scheme is case-insensitive (RFC 9110 §11.1): "bearer", "BEARER" and "Bearer" alike.
    const given = BEARER.exec(req.headers.authorization ?? "")?.[1] ?? "";
    if (given && sameToken(given, expected)) return next();
    res.setHeader("WWW-Authenticate", `Bearer realm="${realm}"`);
    next(new CubicleError("unauthorized", given ? "the bearer token is not valid" : `missing bearer token: send Authorization: Bearer <${setting}>`));
  };
}
