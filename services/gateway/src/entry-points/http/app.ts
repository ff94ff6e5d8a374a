import type { Express } from "express";
import type { Logger } from "pino";
import { createBaseApp, errorHandler, jsonBody, notFoundRoute, requestContext } from "@cubicle/service-kit";
import type { MasterClient } from "@cubicle/master-client";
import type { SandboxMode } from "@cubicle/contracts";
import type { ApiKeys } from "../../domain/api-keys.js";
import type { TemplateRefs } from "../../domain/template-refs.js";
import { apiKeyAuth } from "./middleware/api-key.js";
import { perKeyLimit } from "./middleware/rate-limit.js";
import { healthRoutes } from "./routes/health.js";
import { nameRoutes } from "./routes/names.js";
import { templateRoutes } from "./routes/templates.js";
import { sandboxRoutes } from "./routes/sandboxes.js";
import { openApiRoute } from "./routes/openapi.js";

export interface GatewayAppDeps {
  logger: Logger;
  apiKeys: ApiKeys;
  master: MasterClient;
  refs: TemplateRefs;
  rateLimits: { windowMs: number; lookups: number; creates: number; sandboxes: number };
  sandboxMode: SandboxMode;
}

export function createApp(deps: GatewayAppDeps): Express {
  const app = createBaseApp();
  const { windowMs } = deps.rateLimits;
  const limits = {
    lookups: perKeyLimit("lookups", deps.rateLimits.lookups, windowMs),
    creates: perKeyLimit("template builds", deps.rateLimits.creates, windowMs),
    sandboxes: perKeyLimit("sandbox creates", deps.rateLimits.sandboxes, windowMs),
  };
  app.use(requestContext(deps.logger));
  app.use(apiKeyAuth(deps.apiKeys));
  app.use(jsonBody());
  app.use(healthRoutes(deps.master));
  app.use(openApiRoute());
  app.use(nameRoutes());
  app.use(templateRoutes({ master: deps.master, refs: deps.refs, limits }));
  app.use(sandboxRoutes({ master: deps.master, refs: deps.refs, defaultMode: deps.sandboxMode, limits: { creates: limits.sandboxes } }));
  app.use(notFoundRoute);
  app.use(errorHandler());
  return app;
}
