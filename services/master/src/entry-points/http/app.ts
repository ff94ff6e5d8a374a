import express, { type Express } from "express";
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import type { TemplateService } from "../../domain/template-service.js";
import type { Readiness } from "../../data-access/health.js";
import { requestContext } from "./middleware/request-context.js";
import { bearerAuth } from "./middleware/auth.js";
import { errorHandler, notFoundRoute } from "./middleware/errors.js";
import { templateRoutes } from "./routes/templates.js";
import { healthRoutes } from "./routes/health.js";

export interface AppDeps {
  logger: Logger;
  token: string | undefined;
  templates: TemplateService;
  readiness: () => Promise<Readiness>;
  registry: Registry;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  app.set("query parser", "simple");
  app.use(requestContext(deps.logger));
  app.use(bearerAuth(deps.token));
  app.use(express.json({ limit: "64kb" }));
  app.use(healthRoutes(deps.readiness, deps.registry));
  app.use(templateRoutes(deps.templates));
  app.use(notFoundRoute);
  app.use(errorHandler);
  return app;
}
