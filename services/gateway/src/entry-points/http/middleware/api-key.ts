import type { RequestHandler } from "express";
import { CubicleError } from "@cubicle/contracts";
import type { ApiKeys } from "../../../domain/api-keys.js";

/** Paths anyone may read: probes and the API's description. */
const OPEN = new Set(["/healthz", "/readyz", "/openapi.json"]);

/**
 * E2B's `X-API-Key` header (any letter case: E2B's SDK sends `X-API-KEY`). The key's
 * position in `API_KEYS` is kept in `res.locals.apiKey` for rate limits and logs, and its
 * fingerprint in `res.locals.apiKeyFingerprint` to keep callers' idempotency keys apart.
 */
export function apiKeyAuth(keys: ApiKeys): RequestHandler {
  return (req, res, next) => {
    if (OPEN.has(req.path)) return next();
    const given = req.headers["x-api-key"];
    if (typeof given !== "string" || given === "") {
      return next(new CubicleError("unauthorized", "missing API key: send it in the X-API-Key header"));
    }
    const index = keys.find(given);
    if (index < 0) return next(new CubicleError("unauthorized", "the API key is not valid"));
    res.locals.apiKey = `key-${index}`;
    res.locals.apiKeyFingerprint = keys.fingerprint(index);
    next();
  };
}
