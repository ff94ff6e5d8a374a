import type { ErrorRequestHandler, Express, Request, RequestHandler, Response } from "express";
import { CubicleError, echo } from "@cubicle/contracts";

type RouteLayer = { route?: { methods: Record<string, boolean> }; matchers?: ((path: string) => unknown)[] };

/** The methods the app's routes serve at `path` (its router's own matchers, which change nothing). */
function methodsAt(app: Express, path: string): string[] {
  const stack = (app as unknown as { router?: { stack: RouteLayer[] } }).router?.stack ?? [];
  const methods = new Set<string>();
  for (const layer of stack) {
    if (!layer.route || !layer.matchers) continue;
    const matches = layer.matchers.some((match) => {
      try {
        return Boolean(match(path));
      } catch {
        return false; // a parameter that is not valid percent-encoding
      }
    });
    if (matches) for (const m of Object.keys(layer.route.methods)) methods.add(m === "_all" ? "*" : m.toUpperCase());
  }
  if (methods.has("GET")) methods.add("HEAD");
  return [...methods].sort();
}

/**
 * What answers a request no route took, in the same error shape as everything else: 405
 * `method_not_allowed` (with `Allow`) when the path is served for other methods, else 404
 * `not_found`. Registered last; it runs only for requests nothing else answered.
 */
export function unmatchedRoute(app: Express): RequestHandler {
  return (req, res, next) => {
    const allowed = methodsAt(app, req.path);
    if (allowed.length > 0 && !allowed.includes("*")) {
      res.setHeader("Allow", allowed.join(", "));
      return next(new CubicleError("method_not_allowed", `${req.method} is not served at ${echo(req.path)}; it serves ${allowed.join(", ")}`, { allowed }));
    }
    next(noSuchEndpoint(req));
  };
}

/** The 404 of a path nothing serves (also for a path that exists only when a service is configured so). */
export function noSuchEndpoint(req: Request): CubicleError {
  return new CubicleError("not_found", `no such endpoint: ${echo(req.method, 20)} ${echo(req.originalUrl.split("?", 1)[0] ?? "")}`);
}

/**
 * Requests express cannot read are the caller's fault, never a 500: a body that is not JSON,
 * too large or in an unknown encoding, and a path parameter that is not valid
 * percent-encoding (`/templates/%ZZ`: the router throws a URIError marked 400). Our own
 * messages: the libraries' would echo the input.
 */
function fromRequestParsing(err: { type?: string; status?: unknown; expose?: unknown }): CubicleError | undefined {
  switch (err.type) {
    case "entity.parse.failed":
      return new CubicleError("invalid_request", "request body is not valid JSON");
    case "entity.too.large":
      return new CubicleError("payload_too_large", "request body is too large");
    case "encoding.unsupported":
    case "charset.unsupported":
      return new CubicleError("unsupported_media_type", "request body encoding is not supported; send UTF-8 JSON");
  }
  if (err.status !== 400) return undefined;
  if (err instanceof URIError) return new CubicleError("invalid_request", "the request path is not valid percent-encoding");
  // body-parser's other 400s (a body its Content-Encoding cannot decode) carry no type.
  if (err.expose === true) return new CubicleError("invalid_request", "the request body could not be read");
  return undefined;
}

/**
 * A service's own knowledge of failures (say, "the database is down"): it may turn an
 * error into one the caller should see, setting headers such as Retry-After on the way.
 */
export type ErrorClassifier = (err: unknown, req: Request, res: Response) => CubicleError | undefined;

function toCubicleError(err: unknown, req: Request, res: Response, classify: ErrorClassifier | undefined): CubicleError {
  if (err instanceof CubicleError) return err;
  const known = fromRequestParsing(err as { type?: string }) ?? classify?.(err, req, res);
  if (known) return known;
  req.log?.error({ err }, "unhandled error");
  return new CubicleError("internal_error", "internal error");
}

/**
 * The one place errors become responses: `{code, error_code, message, requestId}`, the same
 * status on the wire, and never a stack, SQL text or internal address. Failures that are
 * ours are logged in full.
 */
export function errorHandler(classify?: ErrorClassifier): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const error = toCubicleError(err, req, res, classify);
    if (res.headersSent) return res.end();
    if (error.cause !== undefined) req.log?.warn({ err: error.cause, error_code: error.code }, error.message);
    res.status(error.status).json(error.toBody(String(req.id ?? "")));
  };
}
