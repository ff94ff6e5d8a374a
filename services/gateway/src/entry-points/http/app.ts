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
  // Routes are registered on the app itself: a nested express Router costs every request
  // that passes through it several microseconds (see the README's "Benchmarks").
  templateRoutes(app, { master: deps.master, refs: deps.refs, limits });
  healthRoutes(app, deps.master);
  openApiRoute(app);
  nameRoutes(app);
  sandboxRoutes(app, { master: deps.master, refs: deps.refs, defaultMode: deps.sandboxMode, limits: { creates: limits.sandboxes } });
  app.use(notFoundRoute);
  app.use(errorHandler());
  return app;
}
