// Sandboxes: start, list, read, stop, and their lifecycle (timeouts, pause, resume), logs and
// metrics. Starts are retried safely: the SDK sends an Idempotency-Key with each.
import type { CreateSandboxInput, ListedSandbox, Page, Sandbox, SandboxDetail, SandboxLogs, SandboxLogsQuery, SandboxMetric } from "../api-types.js";
import { pathSegment, type Query, type Transport } from "../transport.js";
import type { WriteOptions } from "./templates.js";

const enc = pathSegment;

export interface ListSandboxesOptions {
  /** `running`, `paused` or both (default: both). */
  state?: ("running" | "paused")[];
  /** Pairs the sandbox's metadata must hold. */
  metadata?: Record<string, string>;
  /** Only sandboxes of this template (display name or id). */
  template?: string;
  limit?: number;
  nextToken?: string;
  order?: "asc" | "desc";
  signal?: AbortSignal;
}

export interface CreateSandboxOptions extends WriteOptions {
  /** How the id is made: `fast` (md5, recorded after the answer) or `strong` (recorded first); default: the gateway's. */
  mode?: "fast" | "strong";
}

export function sandboxesApi(request: Transport) {
  const api = {
    /** Starts a sandbox from a template (`templateID` takes a display name, `name:tag` or id). */
    async create(input: CreateSandboxInput, options: CreateSandboxOptions = {}): Promise<Sandbox> {
      const headers = { "idempotency-key": options.idempotencyKey, "x-cubicle-sandbox-mode": options.mode };
      return (await request<Sandbox>({ method: "POST", path: "/v2/sandboxes", body: input, idempotent: true, headers, signal: options.signal })).data;
    },

    /** A page of the team's sandboxes, newest first. */
    async list(options: ListSandboxesOptions = {}): Promise<Page<ListedSandbox>> {
      const query = {
        state: options.state?.join(","),
        metadata: options.metadata ? new URLSearchParams(options.metadata).toString() : undefined,
        template: options.template,
        limit: options.limit,
        nextToken: options.nextToken,
        order: options.order,
      };
      const { data, headers } = await request<ListedSandbox[]>({ method: "GET", path: "/v2/sandboxes", query, signal: options.signal });
      return { items: data, nextToken: headers.get("x-next-token") };
    },

    /** A sandbox, running or paused. */
    async get(sandboxID: string, signal?: AbortSignal): Promise<SandboxDetail> {
      return (await request<SandboxDetail>({ method: "GET", path: `/sandboxes/${enc(sandboxID)}`, signal })).data;
    },

    /** Stops a sandbox (running or paused) for good. */
    async kill(sandboxID: string, signal?: AbortSignal): Promise<void> {
      await request({ method: "DELETE", path: `/sandboxes/${enc(sandboxID)}`, signal });
    },

    /** Pauses a running sandbox; it keeps its id, metadata and template. */
    async pause(sandboxID: string, signal?: AbortSignal): Promise<void> {
      await request({ method: "POST", path: `/sandboxes/${enc(sandboxID)}/pause`, body: {}, signal });
    },

    /** Resumes a paused sandbox (or keeps a running one alive) for `timeout` seconds from now (default 300). */
    async resume(sandboxID: string, options: { timeout?: number; signal?: AbortSignal } = {}): Promise<Sandbox> {
      return (await request<Sandbox>({ method: "POST", path: `/v2/sandboxes/${enc(sandboxID)}/connect`, body: { timeout: options.timeout ?? 300 }, signal: options.signal })).data;
    },

    /** Ends the sandbox `seconds` from now, sooner or later than before (0 ends it now). */
    async setTimeout(sandboxID: string, seconds: number, signal?: AbortSignal): Promise<void> {
      await request({ method: "POST", path: `/sandboxes/${enc(sandboxID)}/timeout`, body: { timeout: seconds }, signal });
    },

    /** Keeps a running sandbox alive at least `seconds` from now (never shortens it). */
    async refresh(sandboxID: string, seconds?: number, signal?: AbortSignal): Promise<void> {
      await request({ method: "POST", path: `/sandboxes/${enc(sandboxID)}/refreshes`, body: seconds === undefined ? {} : { duration: seconds }, signal });
    },

    /** A window of the sandbox's lifecycle events. */
    async logs(sandboxID: string, query: SandboxLogsQuery = {}, signal?: AbortSignal): Promise<SandboxLogs> {
      return (await request<SandboxLogs>({ method: "GET", path: `/v2/sandboxes/${enc(sandboxID)}/logs`, query: query as Query, signal })).data;
    },

    /** The sandbox's latest metrics. */
    async metrics(sandboxID: string, signal?: AbortSignal): Promise<SandboxMetric[]> {
      return (await request<SandboxMetric[]>({ method: "GET", path: `/sandboxes/${enc(sandboxID)}/metrics`, signal })).data;
    },
  };
  return api;
}
