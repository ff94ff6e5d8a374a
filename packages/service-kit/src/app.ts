import express, { type Express, type RequestHandler } from "express";
import { CubicleError, echo } from "@cubicle/contracts";

/** An express app with the settings every Cubicle service shares (and the benchmarks mirror). */
export function createBaseApp(): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  app.set("query parser", "simple");
  return app;
}

const JSON_TYPES = ["application/json", "application/*+json"];

/**
 * JSON bodies up to 64 KiB: every request body in our APIs is small. A request that says it
 * has no body (no Transfer-Encoding, and no Content-Length or one of 0, as every GET) skips
 * the parser, which otherwise costs a few microseconds of every lookup for nothing. A body of
 * any other media type (or none named) is refused with 415, on every route: read as "no
 * body", it would run the request on defaults the caller did not ask for.
 */
export function jsonBody(): RequestHandler {
  const parse = express.json({ limit: "64kb", type: JSON_TYPES });
  return (req, res, next) => {
    const length = req.headers["content-length"];
    if (req.headers["transfer-encoding"] === undefined && (length === undefined || length === "0")) return next();
    if (!req.is(JSON_TYPES)) {
      const given = req.headers["content-type"];
      const what = given ? `'${echo(given, 60)}'` : "no Content-Type";
      return next(new CubicleError("unsupported_media_type", `request body must be JSON: send it with Content-Type: application/json (this one has ${what})`));
    }
    parse(req, res, next);
  };
}
