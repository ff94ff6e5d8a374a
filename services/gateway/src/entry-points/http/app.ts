import type { Express } from "express";
import type { Logger } from "pino";
import { traceRequests } from "@cubicle/telemetry";
import { createBaseApp, errorHandler, jsonBody, unmatchedRoute, requestContext, type Drain } from "@cubicle/service-kit";
import type { MasterClient } from "@cubicle/master-client";
import type { SandboxMode } from "@cubicle/contracts";
import type { KeyResolver } from "../../domain/api-keys.js";
import type { TemplateRefs } from "../../domain/template-refs.js";
import { apiKeyAuth } from "./middleware/api-key.js";
import { createAuthThrottle } from "./middleware/auth-throttle.js";
import { perKeyLimit } from "./middleware/rate-limit.js";
import type { RateLimitStores } from "./middleware/rate-limit-store.js";
import { healthRoutes } from "./routes/health.js";
import { nameRoutes } from "./routes/names.js";
import { templateLookupRoute, templateRoutes } from "./routes/templates.js";
import { sandboxRoutes } from "./routes/sandboxes.js";
import { openApiRoute } from "./routes/openapi.js";
import { unservedRoutes } from "./routes/unserved.js";
import { apiKeyRoutes } from "./routes/api-keys.js";
import { adminRoutes } from "./routes/admin.js";
import { templateBuildRoutes, uploadRoute } from "./routes/template-builds.js";
import { consoleRoutes } from "./routes/console.js";
import { docsRoutes } from "./routes/docs.js";

export interface RateLimits {
  windowMs: number;
  lookups: number;
  creates: number;
  sandboxes: number;
  reads: number;
  writes: number;
  authFailures: number;
}

export interface GatewayAppDeps {
  logger: Logger;
  keys: KeyResolver;
  /** Enables `/admin/…`; without it those paths answer 404. */
  adminToken: string | undefined;
  master: MasterClient;
  refs: TemplateRefs;
  rateLimits: RateLimits;
  /** Where the per-key limits count (Redis, shared by the gateways); without it, in memory. */
  rateLimitStores?: Pick<RateLimitStores, "storeFor">;
  sandboxMode: SandboxMode;
  /** The `domain` of sandbox answers: where E2B's SDK sends a sandbox's envd traffic. */
  sandboxDomain: string;
  /** The origin upload links point at (this gateway as its callers reach it); unset, the origin each request came to. */
  publicUrl?: string | undefined;
  drain: Drain;
}

export function createApp(deps: GatewayAppDeps): Express {
  const app = createBaseApp();
  const { windowMs } = deps.rateLimits;
  const store = (budget: string) => deps.rateLimitStores?.storeFor(budget);
  // Every route that reaches master counts against one of these, per API key.
  const limits = {
    lookups: perKeyLimit("lookups", deps.rateLimits.lookups, windowMs, store("lookups")),
    creates: perKeyLimit("template builds", deps.rateLimits.creates, windowMs, store("creates")),
    sandboxes: perKeyLimit("sandbox creates", deps.rateLimits.sandboxes, windowMs, store("sandboxes")),
    reads: perKeyLimit("reads", deps.rateLimits.reads, windowMs, store("reads")),
    writes: perKeyLimit("changes", deps.rateLimits.writes, windowMs, store("writes")),
  };
  const throttle = createAuthThrottle(deps.rateLimits.authFailures, windowMs);
  app.use(traceRequests("cubicle-gateway", { activate: false }), requestContext(deps.logger));
  // The web console and the API docs: static pages, open to all (they ask for a key themselves).
  consoleRoutes(app);
  docsRoutes(app);
  // An upload carries its link's token instead of an API key, and a file instead of JSON.
  uploadRoute(app, { master: deps.master, throttle });
  app.use(apiKeyAuth(deps.keys, throttle));
  app.use(jsonBody());
  // Routes are registered on the app itself: a nested express Router costs every request
  // that passes through it several microseconds (see the README's "Benchmarks"). The hot
  // lookup first; then E2B's unserved operations, before any route whose parameter could
  // take a word of their paths.
  templateLookupRoute(app, { refs: deps.refs, limits });
  adminRoutes(app, { master: deps.master, keys: deps.keys, token: deps.adminToken, throttle, limit: limits.writes });
  unservedRoutes(app);
  apiKeyRoutes(app, { master: deps.master, keys: deps.keys, limits: { reads: limits.reads, writes: limits.writes } });
  templateBuildRoutes(app, { master: deps.master, refs: deps.refs, limits, publicUrl: deps.publicUrl });
  templateRoutes(app, { master: deps.master, refs: deps.refs, limits });
  healthRoutes(app, deps.master, deps.drain);
  openApiRoute(app);
  nameRoutes(app, { refs: deps.refs, limit: limits.reads });
  sandboxRoutes(app, {
    master: deps.master,
    refs: deps.refs,
    defaultMode: deps.sandboxMode,
    domain: deps.sandboxDomain,
    limits: { creates: limits.sandboxes, reads: limits.reads, writes: limits.writes },
  });
  app.use(unmatchedRoute(app));
  app.use(errorHandler());
  return app;
}
