import { randomUUID } from "node:crypto";
import { IncomingMessage } from "node:http";
import type { RequestHandler } from "express";
import type { Logger } from "pino";
import { redactedPath } from "@cubicle/telemetry"; // and the type of req.traceFields

declare module "http" {
  interface IncomingMessage {
    /** The request id: the caller's `x-request-id` when it is sane, else a new UUID. */
    id: string;
    /** The service's logger with this request's `reqId` bound. */
    log: Logger;
  }
}

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const QUIET = new Set(["/healthz", "/readyz", "/metrics"]);

const BASE_LOGGER = Symbol("service logger");
const REQUEST_LOGGER = Symbol("request logger");
type WithLoggers = IncomingMessage & { [BASE_LOGGER]?: Logger; [REQUEST_LOGGER]?: Logger };

// `req.log` is made on first use (only error paths use it): a child logger per request
// would cost every request. Defined once, on the prototype, not per request.
Object.defineProperty(IncomingMessage.prototype, "log", {
  configurable: true,
  get(this: WithLoggers): Logger | undefined {
    return (this[REQUEST_LOGGER] ??= this[BASE_LOGGER]?.child({ reqId: this.id, ...this.traceFields }));
  },
});

/**
 * Gives every request an id (the caller's `x-request-id` when it is sane, else a new one),
 * returns it in `x-request-id`, and logs each request as one JSON line carrying it:
 * `{reqId, req: {id, method, url}, res: {statusCode}, responseTime, msg: "request completed"}`
 * (an upload link's token masked in `url`: see @cubicle/telemetry's `redactedPath`)
 * at info, warn for 4xx, error for 5xx ("request aborted" at warn when the caller left first),
 * with `trace_id`, `span_id` and `trace_flags` when the request has a trace (see `traceRequests` in @cubicle/telemetry, the middleware before this one),
 * and `team` and `key` (ids, never a key's value) once authentication has set
 * `res.locals.logTeam` and `res.locals.logKey`.
 *
 * pino-http did this before, at about a third of a cached lookup's CPU time: it makes two
 * child loggers per request and serializes the request into each.
 */
export function requestContext(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const given = req.headers["x-request-id"];
    const id = typeof given === "string" && SAFE_ID.test(given) ? given : randomUUID();
    req.id = id;
    (req as WithLoggers)[BASE_LOGGER] = logger;
    res.setHeader("x-request-id", id);
    const path = req.url.split("?", 1)[0] ?? "";
    if (!QUIET.has(path)) {
      const started = Date.now();
      // A response always ends with "close", after "finish" when it was sent in full.
      res.once("close", () => {
        const status = res.statusCode;
        const reqLine = { id, method: req.method, url: redactedPath(req.originalUrl) };
        const resLine = { statusCode: status };
        const responseTime = Date.now() - started;
        // Two fixed shapes, not a spread: a spread into the literal made every request line
        // measurably slower to build and serialize.
        const t = req.traceFields;
        const team = res.locals.logTeam as string | undefined;
        const key = res.locals.logKey as string | undefined;
        const line = t
          ? { reqId: id, team, key, trace_id: t.trace_id, span_id: t.span_id, trace_flags: t.trace_flags, req: reqLine, res: resLine, responseTime }
          : { reqId: id, team, key, req: reqLine, res: resLine, responseTime };
        if (!res.writableFinished) logger.warn(line, "request aborted");
        else if (status >= 500) logger.error(line, "request completed");
        else if (status >= 400) logger.warn(line, "request completed");
        else logger.info(line, "request completed");
      });
    }
    next();
  };
}

