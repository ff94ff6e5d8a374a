import type { NextFunction, Request, RequestHandler, Response } from "express";
import { CubicleError, apiKeyDigest } from "@cubicle/contracts";
import type { Caller, KeyResolver } from "../../../domain/api-keys.js";
import { throttled, type AuthThrottle } from "./auth-throttle.js";

/** Paths anyone may read: probes and the API's description. */
const OPEN = new Set(["/health", "/healthz", "/readyz", "/openapi.json"]);
/** The operator's paths, in any letter case (as express routes them): their own token, see admin.ts. */
const ADMIN = /^\/admin(\/|$)/i;
/** The web console's and the API docs' pages (see console.ts, docs.ts), in any letter case: they ask for a key themselves. */
const PAGES = /^\/(console|docs)(\/|$)/i;

declare global {
  namespace Express {
    interface Locals {
      /** Whose API key the request carries (set by `apiKeyAuth`). */
      caller?: Caller;
    }
  }
}

/** What the rest of the request knows of its caller: the team for master, the key for rate limits and logs. */
function admit(res: Response, caller: Caller): void {
  res.locals.caller = caller;
  res.locals.apiKey = caller.keyId;
  res.locals.apiKeyFingerprint = caller.keyId;
  res.locals.logTeam = caller.teamId;
  res.locals.logKey = caller.keyId;
}

/**
 * E2B's `X-API-Key` header (any letter case: E2B's SDK sends `X-API-KEY`), resolved to its
 * team through master and a short cache (`KeyResolver`). A warm request is answered
 * synchronously. Missing and wrong keys count against the client's address (`throttle`).
 * `/admin/…` has its own token (see admin.ts).
 */
export function apiKeyAuth(keys: KeyResolver, throttle: AuthThrottle): RequestHandler {
  const refuse = (address: string, next: NextFunction) => {
    throttle.failed(address);
    next(new CubicleError("unauthorized", "the API key is not valid"));
  };
  return (req: Request, res: Response, next: NextFunction) => {
    if (OPEN.has(req.path) || ADMIN.test(req.path) || PAGES.test(req.path)) return next();
    const address = req.socket.remoteAddress ?? "unknown";
    const refused = throttled(throttle, address, res, "API key");
    if (refused) return next(refused);
    const given = req.headers["x-api-key"];
    if (typeof given !== "string" || given === "") {
      throttle.failed(address);
      return next(new CubicleError("unauthorized", "missing API key: send it in the X-API-Key header"));
    }
    const digest = apiKeyDigest(given);
    const hit = keys.peek(digest);
    if (hit) {
      admit(res, hit);
      return next();
    }
    if (hit === null) return refuse(address, next);
    keys.resolve(digest).then(
      (caller) => {
        if (!caller) return refuse(address, next);
        admit(res, caller);
        next();
      },
      (err: unknown) => next(err),
    );
  };
}
