import type { ErrorRequestHandler, RequestHandler } from "express";
import { CubicleError } from "@cubicle/contracts";
import { isDatabaseUnavailable } from "../../../data-access/errors.js";

/** Unknown routes answer in the same error shape as everything else. */
export const notFoundRoute: RequestHandler = (req, _res, next) => {
  next(new CubicleError("not_found", `no such endpoint: ${req.method} ${req.path}`));
};

/** Body parser failures are the caller's; map them to our codes. */
function fromBodyParser(err: { type?: string; status?: number }): CubicleError | undefined {
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

/**
 * The one place errors become responses: `{code, error_code, message, requestId}`, the same
 * status on the wire, and never a stack, SQL text or internal address.
 */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  let error: CubicleError;
  if (err instanceof CubicleError) error = err;
  else if (fromBodyParser(err)) error = fromBodyParser(err)!;
  else if (isDatabaseUnavailable(err)) {
    req.log?.error({ err }, "database unavailable");
    error = new CubicleError("service_unavailable", "the database is unavailable; try again shortly");
    res.setHeader("Retry-After", "1");
  } else {
    req.log?.error({ err }, "unhandled error");
    error = new CubicleError("internal_error", "internal error");
  }
  if (res.headersSent) return res.end();
  res.status(error.status).json(error.toBody(String(req.id ?? "")));
};
