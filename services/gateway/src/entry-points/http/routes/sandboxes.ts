import type { IRouter, RequestHandler } from "express";
import {
  REPLAYED_HEADER,
  SANDBOX_LIST_LIMIT,
  createValidator,
  gatewayCreateSandboxBodySchema,
  gatewayListSandboxesQuerySchema,
  type GatewayCreateSandboxRequest,
  type SandboxMode,
} from "@cubicle/contracts";
import type { MasterClient } from "@cubicle/master-client";
import type { TemplateRefs } from "../../../domain/template-refs.js";
import { toE2bListedSandbox, toE2bSandbox, toE2bSandboxDetail } from "../../../domain/e2b-sandbox-views.js";
import { onTimeoutOf, parseMetadataFilter, refuseUnsupportedOptions, sandboxMode, SANDBOX_MODE_HEADER } from "../../../domain/sandbox-requests.js";
import { sandboxIdOf } from "../../../domain/sandbox-ids.js";
import { requestIdOf } from "../idempotency.js";
import { callContext, untilCallerLeaves } from "../caller.js";
import { sandboxLifecycleRoutes } from "./sandbox-lifecycle.js";
import { sandboxBatchMetricsRoute, sandboxObserveRoutes } from "./sandbox-observe.js";

const createBody = createValidator<GatewayCreateSandboxRequest>(gatewayCreateSandboxBodySchema, "body");
type ListQuery = {
  limit?: string;
  nextToken?: string;
  metadata?: string;
  state?: string | string[];
  order?: "asc" | "desc";
  startedAfter?: string;
  template?: string;
};
const listQuery = createValidator<ListQuery>(gatewayListSandboxesQuerySchema, "query");

export interface SandboxRouteDeps {
  master: MasterClient;
  refs: TemplateRefs;
  defaultMode: SandboxMode;
  /** The gateway's SANDBOX_DOMAIN, answered as each sandbox's `domain`. */
  domain: string;
  limits: { creates: RequestHandler; reads: RequestHandler; writes: RequestHandler };
}

/** The states a list asks for (repeated or comma-separated), each once; undefined for all. */
function statesOf(state: string | string[] | undefined): ("running" | "paused")[] | undefined {
  if (state === undefined) return undefined;
  return [...new Set([state].flat().flatMap((s) => s.split(",")))] as ("running" | "paused")[];
}

/**
 * E2B's sandbox API: create, list, get and kill here; timeouts, pause and resume in
 * sandbox-lifecycle.ts; metrics and logs in sandbox-observe.ts. A sandbox id that is not of
 * Cubicle's form answers 404 without a call to master (sandbox-ids.ts).
 */
export function sandboxRoutes(r: IRouter, deps: SandboxRouteDeps): void {
  const { master, refs, defaultMode, domain, limits } = deps;
  const create: RequestHandler = async (req, res) => {
    const body = createBody(req.body ?? {});
    refuseUnsupportedOptions(body);
    const mode = sandboxMode(req.headers[SANDBOX_MODE_HEADER], defaultMode);
    const requestId = requestIdOf(req, String(res.locals.apiKeyFingerprint));
    // Resolved once, fresh: a sandbox must start from the template the name holds now.
    const { templateId, buildId } = await refs.resolveBuild(body.templateID, { fresh: true }, callContext(req));
    const { sandbox, replayed } = await master.createSandbox(
      { templateId, ...(buildId && { buildId }), mode, timeout: body.timeout, metadata: body.metadata, envVars: body.envVars, onTimeout: onTimeoutOf(body), ...(requestId && { requestId }) },
      { ...callContext(req), signal: untilCallerLeaves(res) },
    );
    if (replayed) res.setHeader(REPLAYED_HEADER, "true");
    res.status(201).json(toE2bSandbox(sandbox, domain));
  };
  r.post("/sandboxes", limits.creates, create);
  r.post("/v2/sandboxes", limits.creates, create);

  const list =
    (defaultLimit: number, defaultStates?: ("running" | "paused")[]): RequestHandler =>
    async (req, res) => {
      const q = listQuery(req.query);
      const templateId = q.template === undefined ? undefined : await refs.resolve(q.template, { fresh: false }, callContext(req));
      const page = await master.listSandboxes(
        {
          limit: q.limit ? Number(q.limit) : defaultLimit,
          cursor: q.nextToken,
          templateId,
          metadata: parseMetadataFilter(q.metadata),
          order: q.order,
          startedAfter: q.startedAfter,
          state: statesOf(q.state) ?? defaultStates,
        },
        callContext(req),
      );
      if (page.nextCursor) res.setHeader("x-next-token", page.nextCursor);
      res.json(page.sandboxes.map(toE2bListedSandbox));
    };
  // E2B's older list answers every running sandbox at once: here up to the page maximum.
  r.get("/sandboxes", limits.reads, list(SANDBOX_LIST_LIMIT.max, ["running"]));
  r.get("/v2/sandboxes", limits.reads, list(SANDBOX_LIST_LIMIT.default));

  // `/sandboxes/metrics` before `/sandboxes/:sandboxID`, which would take "metrics" for an id.
  sandboxBatchMetricsRoute(r, deps);

  r.get("/sandboxes/:sandboxID", limits.reads, async (req, res) => {
    res.json(toE2bSandboxDetail(await master.getSandbox(sandboxIdOf(req.params), callContext(req)), domain));
  });

  r.delete("/sandboxes/:sandboxID", limits.writes, async (req, res) => {
    await master.deleteSandbox(sandboxIdOf(req.params), callContext(req));
    res.status(204).end();
  });

  sandboxLifecycleRoutes(r, deps);
  sandboxObserveRoutes(r, deps);
}
