import type { ErrorRequestHandler, Request, RequestHandler, Response } from "express";
import { CubicleError } from "@cubicle/contracts";
import { isDatabaseUnavailable } from "../../../data-access/errors.js";

/** Unknown routes answer in the same error shape as everything else. */
export const notFoundRoute: RequestHandler = (req, _res, next) => {
  next(new CubicleError("not_found", `no such endpoint: ${req.method} ${req.path}`));
};

/** Body parser failures are the caller's; map them to our codes. */
function fromBodyParser(err: { type?: string }): CubicleError | undefined {
  switch (err.type) {
    case "entity.parse.failed":
      return new CubicleError("invalid_request", "request body is not valid JSON");
    case "entity.too.large":
      return new CubicleError("payload_too_large", "request body is too large");
    case "encoding.unsupported":
    case "charset.unsupported":
      return new CubicleError("unsupported_media_type", "request body encoding is not supported; send UTF-8 JSON");
    default:
      return undefined;
  }
}

/** What the caller is told about an error; failures that are ours are logged in full. */
function toCubicleError(err: unknown, req: Request, res: Response): CubicleError {
  if (err instanceof CubicleError) return err;
  const fromParser = fromBodyParser(err as { type?: string });
  if (fromParser) return fromParser;
  if (isDatabaseUnavailable(err)) {
    req.log?.error({ err }, "database unavailable");
    res.setHeader("Retry-After", "1");
    return new CubicleError("service_unavailable", "the database is unavailable; try again shortly");
  }
  req.log?.error({ err }, "unhandled error");
  return new CubicleError("internal_error", "internal error");
}

/**
 * The one place errors become responses: `{code, error_code, message, requestId}`, the same
 * status on the wire, and never a stack, SQL text or internal address.
 */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const error = toCubicleError(err, req, res);
  if (res.headersSent) return res.end();
  res.status(error.status).json(error.toBody(String(req.id ?? "")));
};
