import {
  CubicleError,
  type BuildView,
  type E2bBuildLogEntry,
  type E2bTemplateLegacy,
  type E2bTemplateRequestResponseV3,
  type GatewayTemplateBuildRequest,
  type RequestBuildResponse,
  splitReference,
} from "@cubicle/contracts";
import { namesOf, toE2bBuildLogEntry } from "./e2b-views.js";
import { atLevel, timeWindow, type LogLevel, type TimeWindow } from "./log-windows.js";

/**
 * E2B's template build flow in E2B's shapes: what a `POST /v3/templates` asks for, its
 * answers (v3 and the deprecated v2's), and a build's log as `GET …/builds/{id}/logs` pages it.
 */

/** The name part and the tags of a build request: `name: "my-app:v1", tags: ["prod"]` → `my-app`, `[v1, prod]`. */
export function requestedBuild(body: GatewayTemplateBuildRequest): { name: string; tags: string[] } {
  if (body.name !== undefined && body.alias !== undefined && body.name !== body.alias) {
    throw new CubicleError("invalid_request", "body has both 'name' and 'alias' with different values: give one ('alias' is E2B's older word for 'name')");
  }
  const given = body.name ?? body.alias;
  if (given === undefined) throw new CubicleError("invalid_request", "body must give the template's 'name' (optionally 'name:tag')", { in: "body" });
  const { name, tag } = splitReference(given);
  return { name, tags: [...new Set([...(tag === null ? [] : [tag]), ...(body.tags ?? [])])] };
}

export function toE2bRequestResponseV3(r: RequestBuildResponse): E2bTemplateRequestResponseV3 {
  const names = namesOf(r.template.displayName);
  return { templateID: r.template.templateId, buildID: r.buildId, public: r.template.public, names, tags: r.tags, aliases: names };
}

export function toE2bTemplateLegacy(r: RequestBuildResponse): E2bTemplateLegacy {
  const t = r.template;
  return {
    templateID: t.templateId,
    buildID: r.buildId,
    cpuCount: t.cpuCount,
    memoryMB: t.memoryMB,
    diskSizeMB: t.diskSizeMB,
    public: t.public,
    aliases: namesOf(t.displayName),
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    createdBy: null,
    lastSpawnedAt: t.lastSpawnedAt,
    spawnCount: t.spawnCount,
    buildCount: t.buildCount,
    envdVersion: t.envdVersion,
  };
}

export interface BuildLogsQuery extends TimeWindow {
  level?: LogLevel;
}

/**
 * `GET /templates/{id}/builds/{buildID}/logs`: entries at `level` or above, in the time
 * window the query asks for (as the sandbox logs' v2 window).
 */
export function e2bBuildLogs(b: BuildView, q: BuildLogsQuery): { logs: E2bBuildLogEntry[] } {
  return { logs: timeWindow(b.logs.filter(atLevel(q.level)), q).map(toE2bBuildLogEntry) };
}
