import { type IRouter, type Request, type RequestHandler } from "express";
import {
  REPLAYED_HEADER,
  CubicleError,
  SANDBOX_LIST_LIMIT,
  createValidator,
  gatewayCreateSandboxBodySchema,
  gatewayListSandboxesQuerySchema,
  sandboxIdParamsSchema,
  type GatewayCreateSandboxRequest,
  type SandboxMode,
} from "@cubicle/contracts";
import type { CallContext, MasterClient } from "@cubicle/master-client";
import type { TemplateRefs } from "../../../domain/template-refs.js";
import { toE2bListedSandbox, toE2bSandbox } from "../../../domain/e2b-sandbox-views.js";
import { parseMetadataFilter, refuseUnsupportedOptions, sandboxMode, SANDBOX_MODE_HEADER } from "../../../domain/sandbox-requests.js";
import { requestIdOf } from "../idempotency.js";
import { callContext, untilCallerLeaves } from "../caller.js";

const createBody = createValidator<GatewayCreateSandboxRequest>(gatewayCreateSandboxBodySchema, "body");
const idParams = createValidator<{ sandboxID: string }>(sandboxIdParamsSchema, "params");
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
  limits: { creates: RequestHandler; reads: RequestHandler; writes: RequestHandler };
}


/** E2B's sandbox API: create, list, get, kill. */
export function sandboxRoutes(r: IRouter, { master, refs, defaultMode, limits }: SandboxRouteDeps): void {
  const create: RequestHandler = async (req, res) => {
    const body = createBody(req.body ?? {});
    refuseUnsupportedOptions(body);
    const mode = sandboxMode(req.headers[SANDBOX_MODE_HEADER], defaultMode);
    const requestId = requestIdOf(req, String(res.locals.apiKeyFingerprint));
    // Resolved once, fresh: a sandbox must start from the template the name holds now.
    const templateId = await refs.resolve(body.templateID, { fresh: true }, callContext(req));
    const { sandbox, replayed } = await master.createSandbox(
      { templateId, mode, timeout: body.timeout, metadata: body.metadata, envVars: body.envVars, ...(requestId && { requestId }) },
      { ...callContext(req), signal: untilCallerLeaves(res) },
    );
    if (replayed) res.setHeader(REPLAYED_HEADER, "true");
    res.status(201).json(toE2bSandbox(sandbox));
  };
  r.post("/sandboxes", limits.creates, create);
  r.post("/v2/sandboxes", limits.creates, create);

  const list =
    (defaultLimit: number): RequestHandler =>
    async (req, res) => {
      const q = listQuery(req.query);
      const states = q.state === undefined ? undefined : [q.state].flat().flatMap((s) => s.split(","));
      // Cubicle's sandboxes are all running: a filter without 'running' matches none.
      if (states && !states.includes("running")) return void res.json([]);
      const templateId = q.template === undefined ? undefined : await refs.resolve(q.template, { fresh: false }, callContext(req));
      const page = await master.listSandboxes(
        {
          limit: q.limit ? Number(q.limit) : defaultLimit,
          cursor: q.nextToken,
          templateId,
          metadata: parseMetadataFilter(q.metadata),
          order: q.order,
          startedAfter: q.startedAfter,
        },
        callContext(req),
      );
      if (page.nextCursor) res.setHeader("x-next-token", page.nextCursor);
      res.json(page.sandboxes.map(toE2bListedSandbox));
    };
  // E2B's older list answers every running sandbox at once: here up to the page maximum.
  r.get("/sandboxes", limits.reads, list(SANDBOX_LIST_LIMIT.max));
  r.get("/v2/sandboxes", limits.reads, list(SANDBOX_LIST_LIMIT.default));

  r.get("/sandboxes/:sandboxID", limits.reads, async (req, res) => {
    const id = idParams(req.params).sandboxID.toLowerCase();
    res.json(toE2bListedSandbox(await master.getSandbox(id, callContext(req))));
  });

  r.delete("/sandboxes/:sandboxID", limits.writes, async (req, res) => {
    await master.deleteSandbox(idParams(req.params).sandboxID.toLowerCase(), callContext(req));
    res.status(204).end();
  });
}
