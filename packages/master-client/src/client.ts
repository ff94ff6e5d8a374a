import type { Dispatcher } from "undici";
import type { Readable } from "node:stream";
import type {
  ApiKeyView,
  CreateTeamRequest,
  CreatedApiKeyView,
  TeamView,
  VerifiedApiKey,
  VerifyApiKeyRequest,
  BuildView,
  CreateSandboxRequest,
  ListSandboxesQuery,
  SandboxPage,
  SandboxView,
  CreateTemplateRequest,
  CreateTemplateResponse,
  LookupResponse,
  RebuildRequest,
  RebuildResponse,
  TemplateView,
  TemplateWithBuildsView,
  NodeHeartbeat,
  NodeView,
  AgentLogs,
  AgentSandboxMetrics,
  ConnectSandboxRequest,
  ConnectedSandbox,
  RefreshSandboxRequest,
  SandboxMetricsBatch,
  AssignTagsRequest,
  AssignedTags,
  BuildSpecRequest,
  FileUploadLink,
  RequestBuildRequest,
  RequestBuildResponse,
  StartedBuild,
  StoredUpload,
  TemplateTagView,
} from "@cubicle/contracts";
import { KEY_HEADER, REPLAYED_HEADER, TEAM_HEADER } from "@cubicle/contracts";
import type { Context } from "@opentelemetry/api";
import { startClientSpan } from "@cubicle/telemetry";
import { createBalancer, type Upstream } from "./balancer.js";
import { CONNECTION_ERRORS, failure, neverSent, read } from "./responses.js";

export interface MasterClientOptions {
  /**
   * Master's origin, e.g. `http://127.0.0.1:3100` (no path), or several masters' origins
   * (a list, or one string with commas): calls are balanced over those in service.
   */
  baseUrl: string | readonly string[];
  /** Sent as `Authorization: Bearer <token>` when set. */
  token?: string | undefined;
  /**
   * Longest wait for master's answer to start, and then between parts of it (undici's
   * headers and body timeouts). Default 5,000 ms.
   */
  timeoutMs?: number;
  /** Deadline for opening a connection. Default 1,000 ms. */
  connectTimeoutMs?: number;
  /** Keep-alive connections to each master at most. Default 64. */
  connections?: number;
  /** How often masters' readiness is probed when there are several. Default 1,000 ms. */
  probeMs?: number;
  /**
   * Longest wait for a sandbox create, which waits for a node agent (default 30,000 ms;
   * never less than `timeoutMs`).
   */
  sandboxCreateTimeoutMs?: number;
}

/**
 * Per call: the team it serves (sent as `X-Cubicle-Team`; master refuses template, name and
 * sandbox calls without one) and the API key's id (`X-Cubicle-Key`, for logs), the caller's request id (forwarded as `x-request-id`), an
 * abort signal, and the trace context of the request being served (its `traceparent` is
 * passed on; when sampled, the call gets a client span of its own).
 */
export interface CallContext {
  team?: string | undefined;
  /** The API key (its id) the call serves, for master's request line. */
  key?: string | undefined;
  requestId?: string | undefined;
  signal?: AbortSignal | undefined;
  trace?: Context | undefined;
}

const TRACE_SCOPE = "@cubicle/master-client";

export interface TemplatePage {
  templates: TemplateView[];
  nextCursor: string | null;
}

export interface CreatedSandbox {
  sandbox: SandboxView;
  /** True when master answered an earlier create's sandbox (same requestId, same request). */
  replayed: boolean;
}

export type MasterReadiness = { ready: true } | { ready: false; reason: string };

const enc = encodeURIComponent;

/** A request body streamed as it is (an upload), not JSON. */
export class RawBody {
  constructor(
    readonly stream: Readable,
    readonly length: number | undefined,
  ) {}
}

/**
 * A typed client for master's internal API over one keep-alive undici pool. Every method
 * resolves to master's answer or throws a `CubicleError`:
 * `MasterRejectedError` (master's own 4xx, to pass on), `MasterUnavailableError`
 * (unreachable, a read that timed out, 503: nothing happened), `MasterTimeoutError` (a
 * write sent without an answer: its outcome is unknown) or `MasterUpstreamError` (anything
 * else).
 */
export function createMasterClient(options: MasterClientOptions) {
  const list = typeof options.baseUrl === "string" ? options.baseUrl.split(",") : options.baseUrl;
  const origins = list.map((u) => u.trim()).filter((u) => u !== "").map((u) => {
    const url = new URL(u);
    if (url.pathname !== "/" || url.search) throw new Error("master client: each base URL must be an origin without a path");
    return url.origin;
  });
  if (origins.length === 0) throw new Error("master client: no base URL given");
  const timeoutMs = options.timeoutMs ?? 5_000;
  const balancer = createBalancer({
    origins: [...new Set(origins)],
    poolOptions: {
      connections: options.connections ?? 64,
      connect: { timeout: options.connectTimeoutMs ?? 1_000 },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      keepAliveTimeout: 30_000,
    },
    probeMs: options.probeMs,
    headers: options.token ? { authorization: `Bearer ${options.token}` } : undefined,
  });
  const auth = options.token ? `Bearer ${options.token}` : undefined;
  const sandboxCreateTimeoutMs = Math.max(timeoutMs, options.sandboxCreateTimeoutMs ?? 30_000);

  /** Per-call overrides of the pool's timeouts. */
  type Deadline = { headersTimeout?: number; bodyTimeout?: number };
  /** Longest wait for master's answer to an upload, which may take as long as the file takes to arrive (E2B's SDK allows an hour). */
  const UPLOAD_DEADLINE: Deadline = { headersTimeout: 3_600_000, bodyTimeout: 600_000 };

  async function send(upstream: Upstream, method: Dispatcher.HttpMethod, path: string, body: unknown, ctx: CallContext, deadline: Deadline = {}): Promise<Dispatcher.ResponseData> {
    const span = startClientSpan(TRACE_SCOPE, ctx.trace, { method, origin: upstream.origin, path });
    const headers: Record<string, string> = { accept: "application/json", ...span.headers };
    if (auth) headers.authorization = auth;
    if (ctx.requestId) headers["x-request-id"] = ctx.requestId;
    if (ctx.team) headers[TEAM_HEADER] = ctx.team;
    if (ctx.key) headers[KEY_HEADER] = ctx.key;
    let payload: string | RawBody["stream"] | undefined;
    if (body instanceof RawBody) {
      headers["content-type"] = "application/octet-stream";
      if (body.length !== undefined) headers["content-length"] = String(body.length);
      payload = body.stream;
    } else if (body !== undefined) {
      headers["content-type"] = "application/json";
      payload = JSON.stringify(body);
    }
    try {
      // The pool's headers and body timeouts bound the wait: no timer of our own per call.
      const res = await upstream.pool.request({ method, path, headers, body: payload, signal: ctx.signal, ...deadline });
      span.end({ status: res.statusCode });
      return res;
    } catch (err) {
      span.end({ error: err });
      throw err;
    }
  }

  /**
   * One call to master: its parsed answer and its headers, or a typed error. `readOnly`
   * calls (every GET, and a POST that only asks, such as a key's verification) may be sent
   * twice and, unanswered, mean "unavailable" rather than "outcome unknown"; `keyed` writes
   * (with an idempotency key) may be sent twice too. A call that could not connect is sent
   * to another master whatever it is (it never left); one whose connection was lost, or
   * that a master answered 503 (not ready), only when it may be sent twice.
   */
  async function exchange<T>(
    method: Dispatcher.HttpMethod,
    path: string,
    body: unknown,
    ctx: CallContext = {},
    deadline?: Deadline,
    readOnly = method === "GET",
    keyed = false,
  ): Promise<{ data: T; headers: Dispatcher.ResponseData["headers"] }> {
    const repeatable = readOnly || keyed;
    const tried = new Set<Upstream>();
    // Every master once; a lone master twice (a pooled connection it closed as we reused it).
    // A streamed body can be read only once: it is never sent twice.
    const attempts = body instanceof RawBody ? 1 : Math.max(2, balancer.upstreams.length);
    for (let attempt = 1; ; attempt++) {
      const upstream = balancer.pick(tried) ?? balancer.pick()!;
      tried.add(upstream);
      const last = attempt >= attempts || ctx.signal?.aborted === true;
      let res: Dispatcher.ResponseData;
      try {
        res = await send(upstream, method, path, body, ctx, deadline);
      } catch (err) {
        const unsent = neverSent(err);
        if (unsent) balancer.eject(upstream);
        const lost = CONNECTION_ERRORS.has((err as { code?: string }).code ?? "");
        if (last || !(unsent || (repeatable && lost))) throw failure(readOnly, err);
        continue;
      }
      if (res.statusCode === 503 && repeatable && !last && tried.size < balancer.upstreams.length) {
        balancer.eject(upstream);
        await res.body.dump().catch(() => undefined);
        continue;
      }
      return { data: await read<T>(readOnly, res), headers: res.headers };
    }
  }

  const call = async <T>(method: Dispatcher.HttpMethod, path: string, body: unknown, ctx?: CallContext): Promise<T> => (await exchange<T>(method, path, body, ctx)).data;

  return {
    /** Creates a template; `replayed` when master answered an earlier create's (same requestId, same request). */
    async createTemplate(req: CreateTemplateRequest, ctx?: CallContext): Promise<{ template: CreateTemplateResponse; replayed: boolean }> {
      const { data, headers } = await exchange<CreateTemplateResponse>("POST", "/templates", req, ctx, undefined, false, req.requestId !== undefined);
      return { template: data, replayed: headers[REPLAYED_HEADER] === "true" };
    },
    listTemplates: (page: { limit?: number; cursor?: string | undefined; name?: string | undefined } = {}, ctx?: CallContext) => {
      const q = new URLSearchParams();
      if (page.limit !== undefined) q.set("limit", String(page.limit));
      if (page.cursor) q.set("cursor", page.cursor);
      if (page.name !== undefined) q.set("name", page.name);
      const qs = q.toString();
      return call<TemplatePage>("GET", `/templates${qs ? `?${qs}` : ""}`, undefined, ctx);
    },
    getTemplate: (templateId: string, ctx?: CallContext) => call<TemplateWithBuildsView>("GET", `/templates/${enc(templateId)}`, undefined, ctx),
    deleteTemplate: (templateId: string, ctx?: CallContext) => call<void>("DELETE", `/templates/${enc(templateId)}`, undefined, ctx),
    /** Starts a new build; `replayed` when master answered an earlier rebuild's (same requestId, same request). */
    async rebuild(templateId: string, req: RebuildRequest = {}, ctx?: CallContext): Promise<{ build: RebuildResponse; replayed: boolean }> {
      const { data, headers } = await exchange<RebuildResponse>("POST", `/templates/${enc(templateId)}/rebuild`, req, ctx, undefined, false, req.requestId !== undefined);
      return { build: data, replayed: headers[REPLAYED_HEADER] === "true" };
    },
    getBuild: (templateId: string, buildId: string, ctx?: CallContext) =>
      call<BuildView>("GET", `/templates/${enc(templateId)}/builds/${enc(buildId)}`, undefined, ctx),
    /** E2B's build flow, step 1: a template by that name (made, or rebuilt when the team holds it) with a build waiting for its spec. */
    requestTemplateBuild: (req: RequestBuildRequest, ctx?: CallContext) => call<RequestBuildResponse>("POST", "/template-builds", req, ctx),
    /** Step 2: the waiting build's spec; master starts it. The same spec sent twice answers the same: repeatable. */
    startTemplateBuild: (templateId: string, buildId: string, spec: BuildSpecRequest, ctx?: CallContext) =>
      exchange<StartedBuild>("POST", `/templates/${enc(templateId)}/builds/${enc(buildId)}/spec`, spec, ctx, undefined, false, true).then((r) => r.data),
    /** Whether the team's file set `hash` is stored; if not, a token to upload it with. */
    getFileUploadLink: (templateId: string, hash: string, ctx?: CallContext) =>
      call<FileUploadLink>("GET", `/templates/${enc(templateId)}/files/${enc(hash)}`, undefined, ctx),
    /** Streams an upload to master under the link's token (never sent twice). */
    upload: (token: string, body: Readable, length: number | undefined, ctx?: CallContext) =>
      exchange<StoredUpload>("PUT", `/uploads/${enc(token)}`, new RawBody(body, length), ctx, UPLOAD_DEADLINE, false, false).then((r) => r.data),
    listTemplateTags: (templateId: string, ctx?: CallContext) => call<TemplateTagView[]>("GET", `/templates/${enc(templateId)}/tags`, undefined, ctx),
    /** Points tags at a ready build; assigning the same again changes nothing: repeatable. */
    assignTemplateTags: (templateId: string, req: AssignTagsRequest, ctx?: CallContext) =>
      exchange<AssignedTags>("POST", `/templates/${enc(templateId)}/tags`, req, ctx, undefined, false, true).then((r) => r.data),
    removeTemplateTags: (templateId: string, tags: string[], ctx?: CallContext) => call<void>("DELETE", `/templates/${enc(templateId)}/tags`, { tags }, ctx),
    /** Name → template. `fresh` skips master's cache: use it before changing anything. */
    lookup: (name: string, opts: { fresh?: boolean } = {}, ctx?: CallContext) =>
      call<LookupResponse>("GET", `/lookup?name=${enc(name)}${opts.fresh ? "&fresh=true" : ""}`, undefined, ctx),
    setDisplayName: (templateId: string, displayName: string | null, ctx?: CallContext) =>
      call<TemplateView>("POST", "/display-name", { templateId, displayName }, ctx),
    /** Makes a template of the caller's team public (other teams may read it and start sandboxes from it) or private. */
    setTemplatePublic: (templateId: string, isPublic: boolean, ctx?: CallContext) =>
      call<TemplateView>("PATCH", `/templates/${enc(templateId)}`, { public: isPublic }, ctx),
    /** Starts a sandbox; waits up to `sandboxCreateTimeoutMs`, as master waits for a node agent. */
    async createSandbox(req: CreateSandboxRequest, ctx?: CallContext): Promise<CreatedSandbox> {
      const deadline = { headersTimeout: sandboxCreateTimeoutMs, bodyTimeout: sandboxCreateTimeoutMs };
      const { data, headers } = await exchange<SandboxView>("POST", "/sandboxes", req, ctx, deadline, false, req.requestId !== undefined);
      return { sandbox: data, replayed: headers[REPLAYED_HEADER] === "true" };
    },
    listSandboxes: (q: ListSandboxesQuery = {}, ctx?: CallContext) => {
      const params = new URLSearchParams();
      if (q.limit !== undefined) params.set("limit", String(q.limit));
      if (q.cursor) params.set("cursor", q.cursor);
      if (q.templateId) params.set("templateId", q.templateId);
      if (q.metadata && Object.keys(q.metadata).length > 0) params.set("metadata", JSON.stringify(q.metadata));
      if (q.order) params.set("order", q.order);
      if (q.startedAfter) params.set("startedAfter", q.startedAfter);
      if (q.state && q.state.length > 0) params.set("state", q.state.join(","));
      const qs = params.toString();
      return call<SandboxPage>("GET", `/sandboxes${qs ? `?${qs}` : ""}`, undefined, ctx);
    },
    getSandbox: (sandboxId: string, ctx?: CallContext) => call<SandboxView>("GET", `/sandboxes/${enc(sandboxId)}`, undefined, ctx),
    deleteSandbox: (sandboxId: string, ctx?: CallContext) => call<void>("DELETE", `/sandboxes/${enc(sandboxId)}`, undefined, ctx),
    /** The running sandbox ends `timeout` seconds from now. Sent twice it does the same: repeatable. */
    setSandboxTimeout: (sandboxId: string, timeout: number, ctx?: CallContext) =>
      exchange<SandboxView>("POST", `/sandboxes/${enc(sandboxId)}/timeout`, { timeout }, ctx, undefined, false, true).then((r) => r.data),
    /** The running sandbox lives at least `duration` seconds from now (never shortened): repeatable. */
    refreshSandbox: (sandboxId: string, req: RefreshSandboxRequest = {}, ctx?: CallContext) =>
      exchange<SandboxView>("POST", `/sandboxes/${enc(sandboxId)}/refreshes`, req, ctx, undefined, false, true).then((r) => r.data),
    /** Pauses a running sandbox (409 `sandbox_paused` when it already is). Never sent twice: a repeat would read as that 409. */
    pauseSandbox: (sandboxId: string, ctx?: CallContext) => call<SandboxView>("POST", `/sandboxes/${enc(sandboxId)}/pause`, {}, ctx),
    /** Resumes a paused sandbox, or extends a running one's life; with `onlyPaused`, a running one is refused (409). */
    connectSandbox: (sandboxId: string, req: ConnectSandboxRequest = {}, ctx?: CallContext) =>
      exchange<ConnectedSandbox>("POST", `/sandboxes/${enc(sandboxId)}/connect`, req, ctx, undefined, false, req.onlyPaused !== true).then((r) => r.data),
    /** What the sandbox's node knows of its resources now. */
    getSandboxMetrics: (sandboxId: string, ctx?: CallContext) => call<AgentSandboxMetrics>("GET", `/sandboxes/${enc(sandboxId)}/metrics`, undefined, ctx),
    /** Metrics of several sandboxes of the team (at most SANDBOX_METRICS_BATCH_MAX); unknown ids are left out. */
    getSandboxesMetrics: (sandboxIds: string[], ctx?: CallContext) => call<SandboxMetricsBatch>("GET", `/sandbox-metrics?ids=${enc(sandboxIds.join(","))}`, undefined, ctx),
    /** The sandbox's lifecycle events from its node (also for one ended a short while ago). */
    getSandboxLogs: (sandboxId: string, ctx?: CallContext) => call<AgentLogs>("GET", `/sandboxes/${enc(sandboxId)}/logs`, undefined, ctx),
    /** Whose key a digest is (404 `api_key_not_found` when nobody's, or revoked). */
    async verifyApiKey(req: VerifyApiKeyRequest, ctx?: CallContext): Promise<VerifiedApiKey> {
      return (await exchange<VerifiedApiKey>("POST", "/api-keys/verify", req, ctx, undefined, true)).data;
    },
    createTeam: (req: CreateTeamRequest, ctx?: CallContext) => call<TeamView>("POST", "/teams", req, ctx),
    /** A new key of the team; its value is in the answer only. */
    createApiKey: (teamId: string, name: string, ctx?: CallContext) => call<CreatedApiKeyView>("POST", `/teams/${enc(teamId)}/api-keys`, { name }, ctx),
    listApiKeys: (teamId: string, ctx?: CallContext) => call<ApiKeyView[]>("GET", `/teams/${enc(teamId)}/api-keys`, undefined, ctx),
    renameApiKey: (teamId: string, keyId: string, name: string, ctx?: CallContext) =>
      call<ApiKeyView>("PATCH", `/teams/${enc(teamId)}/api-keys/${enc(keyId)}`, { name }, ctx),
    revokeApiKey: (teamId: string, keyId: string, ctx?: CallContext) => call<void>("DELETE", `/teams/${enc(teamId)}/api-keys/${enc(keyId)}`, undefined, ctx),
    /** Master's readiness; never throws. */
    async ready(ctx?: CallContext): Promise<MasterReadiness> {
      try {
        await call<unknown>("GET", "/readyz", undefined, ctx);
        return { ready: true };
      } catch (err) {
        return { ready: false, reason: err instanceof Error ? err.message : String(err) };
      }
    },
    /** A node agent's heartbeat (it registers the node the first time). */
    heartbeatNode: (nodeId: string, hb: NodeHeartbeat, ctx?: CallContext) => exchange<NodeView>("PUT", `/nodes/${enc(nodeId)}`, hb, ctx, undefined, false, true).then((r) => r.data),
    listNodes: (ctx?: CallContext) => call<NodeView[]>("GET", "/nodes", undefined, ctx),
    /** How many masters are in service (answering ready); all of them with one. */
    mastersInService: () => balancer.inService(),
    close: () => balancer.close(),
  };
}

export type MasterClient = ReturnType<typeof createMasterClient>;
