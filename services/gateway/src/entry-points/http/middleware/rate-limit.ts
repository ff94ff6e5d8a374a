import type { RequestHandler } from "express";
import { rateLimit, type Store } from "express-rate-limit";
import { CubicleError } from "@cubicle/contracts";
import { reportedByStore } from "./rate-limit-store.js";

/** express-rate-limit's console logging, less the store failures the store logs itself (once per outage). */
const logger = {
  warn: (error: unknown, message?: string) => console.warn(...(message === undefined ? [error] : [message, error])),
  error: (error: unknown, message?: string) => {
    if (!reportedByStore(error)) console.error(...(message === undefined ? [error] : [message, error]));
  },
};

/**
 * A limit of `limit` requests per `windowMs` for each API key, counted in `store` (Redis,
 * shared by the gateways: see rate-limit-store.ts) or else in this gateway's memory. Past it:
 * 429 `rate_limited` with `Retry-After`. A limit of 0 means none. A store that fails lets the
 * request through: an unreachable Redis must not make the gateway answer 500.
 */
export function perKeyLimit(what: string, limit: number, windowMs: number, store?: Store): RequestHandler {
  if (limit === 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs,
    limit,
    ...(store && { store }),
    passOnStoreError: true,
    logger,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    // Runs after authentication, which names the key; keys are per client, not per address.
    keyGenerator: (_req, res) => String(res.locals.apiKey),
    // Client addresses play no part, so proxies' X-Forwarded-For headers are no concern here.
    validate: { xForwardedForHeader: false },
    handler: (_req, _res, next) => {
      next(new CubicleError("rate_limited", `too many ${what} for this API key: at most ${limit} every ${Math.round(windowMs / 1000)} s; retry after the time in Retry-After`));
    },
  });
}
