import type { RequestHandler } from "express";
import { CubicleError } from "@cubicle/contracts";
import { sameToken } from "@cubicle/service-kit";

const OPEN = new Set(["/healthz", "/readyz"]);
const BEARER = /^bearer +(\S+) *$/i;

/** With a token configured, every call but the health probes needs `Authorization: Bearer <token>`. */
export function bearerAuth(token: string | undefined): RequestHandler {
  if (!token) return (_req, _res, next) => next();
  const expected = Buffer.from(token);
  return (req, res, next) => {
    if (OPEN.has(req.path)) return next();
    // The scheme is case-insensitive (RFC 9110 §11.1): "bearer", "BEARER" and "Bearer" alike.
    const given = BEARER.exec(req.headers.authorization ?? "")?.[1] ?? "";
    if (given && sameToken(given, expected)) return next();
    res.setHeader("WWW-Authenticate", 'Bearer realm="cubicle-master"');
    next(new CubicleError("unauthorized", given ? "the bearer token is not valid" : "missing bearer token: send Authorization: Bearer <MASTER_TOKEN>"));
  };
}
