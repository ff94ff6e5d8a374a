import type { RequestHandler } from "express";
import { CubicleError } from "@cubicle/contracts";
import type { ApiKeys } from "../../../domain/api-keys.js";
import type { AuthThrottle } from "./auth-throttle.js";

/** Paths anyone may read: probes and the API's description. */
const OPEN = new Set(["/health", "/healthz", "/readyz", "/openapi.json"]);

/**
 * E2B's `X-API-Key` header (any letter case: E2B's SDK sends `X-API-KEY`). The key's
 * position in `API_KEYS` is kept in `res.locals.apiKey` for rate limits and logs, and its
 * fingerprint in `res.locals.apiKeyFingerprint` to keep callers' idempotency keys apart.
 * Missing and wrong keys count against the client's address (`throttle`).
 */
export function apiKeyAuth(keys: ApiKeys, throttle: AuthThrottle): RequestHandler {
  return (req, res, next) => {
    if (OPEN.has(req.path)) return next();
    const address = req.socket.remoteAddress ?? "unknown";
    const wait = throttle.retryAfter(address);
    if (wait > 0) {
      res.setHeader("Retry-After", String(wait));
      return next(new CubicleError("rate_limited", `too many requests with a missing or wrong API key from this address; retry after ${wait} s`));
    }
    const given = req.headers["x-api-key"];
    if (typeof given !== "string" || given === "") {
      throttle.failed(address);
      return next(new CubicleError("unauthorized", "missing API key: send it in the X-API-Key header"));
    }
    const index = keys.find(given);
    if (index < 0) {
      throttle.failed(address);
      return next(new CubicleError("unauthorized", "the API key is not valid"));
    }
    res.locals.apiKey = `key-${index}`;
    res.locals.apiKeyFingerprint = keys.fingerprint(index);
    next();
  };
}
