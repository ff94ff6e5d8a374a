import express, { type Express, type RequestHandler } from "express";

/** An express app with the settings every Cubicle service shares (and the benchmarks mirror). */
export function createBaseApp(): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  app.set("query parser", "simple");
  return app;
}

/** JSON bodies up to 64 KiB: every request body in our APIs is small. */
export const jsonBody = (): RequestHandler => express.json({ limit: "64kb" });
