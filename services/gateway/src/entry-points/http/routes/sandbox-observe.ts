import type { IRouter } from "express";
import {
  CubicleError,
  SANDBOX_LOGS_LIMIT,
  createValidator,
  sandboxLogsQuerySchema,
  sandboxLogsV2QuerySchema,
  sandboxMetricsQuerySchema,
  sandboxesMetricsQuerySchema,
  type E2bLogLevel,
} from "@cubicle/contracts";
import { metricsInWindow, toE2bMetric } from "../../../domain/e2b-sandbox-views.js";
import { e2bSandboxLogs, e2bSandboxLogsV2 } from "../../../domain/e2b-sandbox-logs.js";
import { cubicleSandboxIds, sandboxIdOf } from "../../../domain/sandbox-ids.js";
import { callContext } from "../caller.js";
import type { SandboxRouteDeps } from "./sandboxes.js";

const metricsQuery = createValidator<{ start?: string; end?: string }>(sandboxMetricsQuerySchema, "query");
const batchQuery = createValidator<{ sandbox_ids: string }>(sandboxesMetricsQuerySchema, "query");
const logsQuery = createValidator<{ start?: string; limit?: string }>(sandboxLogsQuerySchema, "query");
const logsV2Query = createValidator<{ cursor?: string; limit?: string; direction?: "forward" | "backward"; level?: E2bLogLevel; search?: string }>(sandboxLogsV2QuerySchema, "query");

const numberOrUndefined = (s: string | undefined) => (s === undefined ? undefined : Number(s));

/**
 * `GET /sandboxes/metrics?sandbox_ids=a,b`: the latest sample of each of the team's
 * sandboxes named; ids that name none are left out. Registered before `/sandboxes/:sandboxID`.
 */
export function sandboxBatchMetricsRoute(r: IRouter, { master, limits }: SandboxRouteDeps): void {
  r.get("/sandboxes/metrics", limits.reads, async (req, res) => {
    const ids = cubicleSandboxIds(batchQuery(req.query).sandbox_ids);
    if (ids.length === 0) return void res.json({ sandboxes: {} });
    const { metrics } = await master.getSandboxesMetrics(ids, callContext(req));
    res.json({ sandboxes: Object.fromEntries(Object.entries(metrics).map(([id, m]) => [id, toE2bMetric(m)])) });
  });
}

/** A sandbox's metrics and logs, from the node agent that holds it (through master). */
export function sandboxObserveRoutes(r: IRouter, { master, limits }: SandboxRouteDeps): void {
  r.get("/sandboxes/:sandboxID/metrics", limits.reads, async (req, res) => {
    const id = sandboxIdOf(req.params);
    const q = metricsQuery(req.query);
    const window = { start: numberOrUndefined(q.start), end: numberOrUndefined(q.end) };
    if (window.start !== undefined && window.end !== undefined && window.start > window.end) {
      throw new CubicleError("invalid_request", "query.start must not be after query.end", { in: "query" });
    }
    res.json(metricsInWindow(await master.getSandboxMetrics(id, callContext(req)), window));
  });

  r.get("/sandboxes/:sandboxID/logs", limits.reads, async (req, res) => {
    const id = sandboxIdOf(req.params);
    const q = logsQuery(req.query);
    const { logs } = await master.getSandboxLogs(id, callContext(req));
    res.json(e2bSandboxLogs(logs, { start: numberOrUndefined(q.start), limit: q.limit === undefined ? SANDBOX_LOGS_LIMIT.default : Number(q.limit) }));
  });

  r.get("/v2/sandboxes/:sandboxID/logs", limits.reads, async (req, res) => {
    const id = sandboxIdOf(req.params);
    const q = logsV2Query(req.query);
    const { logs } = await master.getSandboxLogs(id, callContext(req));
    res.json(
      e2bSandboxLogsV2(logs, {
        cursor: numberOrUndefined(q.cursor),
        limit: q.limit === undefined ? SANDBOX_LOGS_LIMIT.default : Number(q.limit),
        direction: q.direction ?? "forward",
        ...(q.level && { level: q.level }),
        ...(q.search !== undefined && { search: q.search }),
      }),
    );
  });
}
