import type { Express } from "express";
import { bearerAuth, type Drain, createBaseApp, errorHandler, jsonBody, unmatchedRoute, requestContext } from "@cubicle/service-kit";
import type { Logger } from "pino";
import { traceRequests } from "@cubicle/telemetry";
import type { Registry } from "prom-client";
import type { TemplateService } from "../../domain/template-service.js";
import type { SandboxService } from "../../domain/sandbox-service.js";
import type { TeamService } from "../../domain/team-service.js";
import type { NodeService } from "../../domain/node-service.js";
import { nodeRoutes } from "./routes/nodes.js";
import type { Readiness } from "../../data-access/health.js";
import { classifyMasterError } from "./errors.js";
import { templateRoutes } from "./routes/templates.js";
import { sandboxRoutes } from "./routes/sandboxes.js";
import { healthRoutes } from "./routes/health.js";
import { teamRoutes } from "./routes/teams.js";
import { readCaller } from "./team-scope.js";
import { answerWrites } from "./answer-write.js";
import { templateBuildRoutes, uploadRoute, type TemplateBuildRouteDeps } from "./routes/template-builds.js";

export interface AppDeps {
  logger: Logger;
  token: string | undefined;
  templates: TemplateService;
  templateBuilds: TemplateBuildRouteDeps;
  sandboxes: SandboxService;
  teams: TeamService;
  nodes: NodeService;
  drain: Drain;
  readiness: () => Promise<Readiness>;
  registry: Registry;
  /** Told of each create or rebuild whose caller left before its answer. */
  onCallerLeft: () => void;
}

export function createApp(deps: AppDeps): Express {
  const app = createBaseApp();
  app.use(traceRequests("cubicle-master", { activate: true }), requestContext(deps.logger));
  app.use(bearerAuth(deps.token, "cubicle-master", "MASTER_TOKEN"), readCaller());
  uploadRoute(app, deps.templateBuilds);
  app.use(jsonBody());
  // Routes are registered on the app itself: a nested express Router costs every request
  // that passes through it several microseconds (see the README's "Benchmarks").
  const answerWrite = answerWrites(deps.onCallerLeft);
  templateRoutes(app, deps.templates, answerWrite);
  templateBuildRoutes(app, deps.templateBuilds);
  healthRoutes(app, deps.readiness, deps.registry, deps.drain);
  sandboxRoutes(app, deps.sandboxes, answerWrite);
  teamRoutes(app, deps.teams);
  nodeRoutes(app, deps.nodes);
  app.use(unmatchedRoute(app));
  app.use(errorHandler(classifyMasterError));
  return app;
}
