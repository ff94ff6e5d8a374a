import type { Express } from "express";
import type { Logger } from "pino";
import { bearerAuth, createBaseApp, errorHandler, jsonBody, requestContext, unmatchedRoute, type Drain } from "@cubicle/service-kit";
import { CubicleError } from "@cubicle/contracts";
import { traceRequests } from "@cubicle/telemetry";
import type { SimulatedNode } from "../../domain/simulated-node.js";
import { sandboxRoutes } from "./routes/sandboxes.js";

export interface AppDeps {
  logger: Logger;
  token: string | undefined;
  node: SimulatedNode;
  drain: Drain;
  /** Whether master has accepted a heartbeat since the agent started. */
  registered: () => boolean;
}

export function createApp(deps: AppDeps): Express {
  const app = createBaseApp();
  app.use(traceRequests("cubicle-node-agent", { activate: true }), requestContext(deps.logger));
  app.use(bearerAuth(deps.token, "cubicle-node-agent", "AGENT_TOKEN"));
  app.use(jsonBody());
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", (_req, res) => {
    deps.drain.throwIfDraining();
    if (!deps.registered()) throw new CubicleError("service_unavailable", "not ready: no master has accepted the node yet");
    res.json({ status: "ready", node: deps.node.node, ...deps.node.load() });
  });
  sandboxRoutes(app, deps.node);
  app.use(unmatchedRoute(app));
  app.use(errorHandler());
  return app;
}
