import express, { type Express, type RequestHandler } from "express";

/** An express app with the settings every Cubicle service shares (and the benchmarks mirror). */
export function createBaseApp(): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  app.set("query parser", "simple");
  return app;
}

/**
 * JSON bodies up to 64 KiB: every request body in our APIs is small. A request that says it
 * has no body (neither Content-Length nor Transfer-Encoding, as every GET) skips the parser,
 * which otherwise costs a few microseconds of every lookup for nothing.
 */
export function jsonBody(): RequestHandler {
  const parse = express.json({ limit: "64kb" });
  return (req, res, next) => {
    if (req.headers["content-length"] === undefined && req.headers["transfer-encoding"] === undefined) return next();
    parse(req, res, next);
  };
}
