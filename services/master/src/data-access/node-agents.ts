import { context } from "@opentelemetry/api";
import { Pool, errors as undiciErrors, type Dispatcher } from "undici";
import type { AgentCreateRequest, AgentLogs, AgentMetricsBatch, AgentSandboxMetrics, AgentSandboxView } from "@cubicle/contracts";
import { startClientSpan } from "@cubicle/telemetry";
import { AgentError, type AgentSandbox, type AgentSandboxSpec, type NodeAgents } from "../domain/sandbox-agent.js";

/**
 * Master's client for node agents' APIs: one keep-alive undici pool per agent address,
 * `Authorization: Bearer AGENT_TOKEN`, and the caller's trace passed on (`traceparent`).
 * Every call names the node; the directory says where it listens. Failures become
 * `AgentError`s whose reason names the node, never its address.
 */

const TRACE_SCOPE = "@cubicle/master/node-agents";
/** A 404: the node holds no such sandbox. */
const ABSENT = Symbol("absent");
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

const toSandbox = (v: AgentSandboxView): AgentSandbox => ({
  sandboxId: v.sandboxId,
  node: v.node,
  state: v.state,
  envdVersion: v.envdVersion,
  diskSizeMB: v.diskSizeMB,
  startedAt: new Date(v.startedAt),
  endAt: new Date(v.endAt),
  onTimeout: v.onTimeout ?? "kill",
  pausedAt: v.pausedAt ? new Date(v.pausedAt) : null,
});

export function createNodeAgents(o: { address: (node: string) => string | undefined; token?: string | undefined; connectTimeoutMs: number }): NodeAgents & { close(): Promise<void> } {
  const pools = new Map<string, Pool>();
  const auth = o.token ? `Bearer ${o.token}` : undefined;

  function poolFor(node: string): { origin: string; pool: Pool } {
    const origin = o.address(node);
    if (!origin) throw new AgentError(`node ${node} is not registered`, { unreachable: true });
    let pool = pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, { connections: 32, connect: { timeout: o.connectTimeoutMs }, keepAliveTimeout: 30_000 });
      pools.set(origin, pool);
    }
    return { origin, pool };
  }

  /** One call: the parsed answer, undefined for a 204, ABSENT for a 404 (when `absent` allows it). */
  async function call<T>(node: string, method: Dispatcher.HttpMethod, path: string, body: unknown, signal: AbortSignal, absent = false): Promise<T | undefined | typeof ABSENT> {
    const { origin, pool } = poolFor(node);
    const span = startClientSpan(TRACE_SCOPE, context.active(), { method, origin, path });
    const headers: Record<string, string> = { accept: "application/json", ...span.headers };
    if (auth) headers.authorization = auth;
    if (body !== undefined) headers["content-type"] = "application/json";
    let res: Dispatcher.ResponseData;
    let text: string;
    try {
      res = await pool.request({ method, path, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
      text = await res.body.text();
      span.end({ status: res.statusCode });
    } catch (err) {
      span.end({ error: err });
      if (signal.aborted) throw err;
      const code = (err as { code?: string }).code ?? "";
      const unsent = NOT_SENT.has(code) || err instanceof undiciErrors.ConnectTimeoutError;
      throw new AgentError(`the node agent of node ${node} is unreachable`, { cause: err, unreachable: unsent });
    }
    if (res.statusCode === 204) return undefined;
    if (res.statusCode === 404 && absent) return ABSENT;
    let parsed: { error_code?: string; message?: string } | undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (res.statusCode >= 200 && res.statusCode < 300 && parsed) return parsed as T;
    const reason = typeof parsed?.message === "string" ? parsed.message : `the node agent of node ${node} answered ${res.statusCode}`;
    throw new AgentError(reason, {
      cause: new Error(`node agent ${node} answered ${res.statusCode}: ${text.slice(0, 300)}`),
      refused: true,
      full: parsed?.error_code === "node_full",
      misconfigured: res.statusCode === 401 || res.statusCode === 403,
    });
  }

  const enc = encodeURIComponent;
  const held = (v: AgentSandboxView | undefined | typeof ABSENT): AgentSandbox | null => (v === ABSENT || v === undefined ? null : toSandbox(v));

  return {
    async create(node: string, spec: AgentSandboxSpec, signal: AbortSignal): Promise<AgentSandbox> {
      const req: AgentCreateRequest = { ...spec, endAt: spec.endAt.toISOString() };
      return toSandbox((await call<AgentSandboxView>(node, "POST", "/sandboxes", req, signal)) as AgentSandboxView);
    },
    async get(node, sandboxId, signal) {
      const v = await call<AgentSandboxView>(node, "GET", `/sandboxes/${enc(sandboxId)}`, undefined, signal, true);
      return v === ABSENT || v === undefined ? null : toSandbox(v);
    },
    async delete(node, sandboxId, signal) {
      return (await call<unknown>(node, "DELETE", `/sandboxes/${enc(sandboxId)}`, undefined, signal, true)) !== ABSENT;
    },
    async setEnd(node, sandboxId, endAt, signal) {
      return held(await call<AgentSandboxView>(node, "POST", `/sandboxes/${enc(sandboxId)}/timeout`, { endAt: endAt.toISOString() }, signal, true));
    },
    async pause(node, sandboxId, keepUntil, signal) {
      return held(await call<AgentSandboxView>(node, "POST", `/sandboxes/${enc(sandboxId)}/pause`, { endAt: keepUntil.toISOString() }, signal, true));
    },
    async resume(node, sandboxId, endAt, signal) {
      return held(await call<AgentSandboxView>(node, "POST", `/sandboxes/${enc(sandboxId)}/resume`, { endAt: endAt.toISOString() }, signal, true));
    },
    async metrics(node, sandboxId, signal) {
      const m = await call<AgentSandboxMetrics>(node, "GET", `/sandboxes/${enc(sandboxId)}/metrics`, undefined, signal, true);
      return m === ABSENT || m === undefined ? null : m;
    },
    async metricsOf(node, sandboxIds, signal) {
      const r = await call<AgentMetricsBatch>(node, "GET", `/sandboxes/metrics?ids=${enc(sandboxIds.join(","))}`, undefined, signal);
      return (r as AgentMetricsBatch).metrics;
    },
    async logs(node, sandboxId, signal) {
      const r = await call<AgentLogs>(node, "GET", `/sandboxes/${enc(sandboxId)}/logs`, undefined, signal, true);
      return r === ABSENT || r === undefined ? null : r.logs;
    },
    async list(node, signal) {
      const r = await call<{ sandboxes: AgentSandboxView[] }>(node, "GET", "/sandboxes", undefined, signal);
      return (r as { sandboxes: AgentSandboxView[] }).sandboxes.map(toSandbox);
    },
    async close() {
      await Promise.all([...pools.values()].map((p) => p.close()));
    },
  };
}
