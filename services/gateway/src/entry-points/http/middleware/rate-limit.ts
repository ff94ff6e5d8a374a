import type { RequestHandler } from "express";
import { rateLimit } from "express-rate-limit";
import { CubicleError } from "@cubicle/contracts";

/**
 * A limit of `limit` requests per `windowMs` for each API key (counted in this gateway's
 * memory). Past it: 429 `rate_limited` with `Retry-After`. A limit of 0 means none.
 */
export function perKeyLimit(what: string, limit: number, windowMs: number): RequestHandler {
  if (limit === 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs,
    limit,
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
