// Distributed tracing across the real processes: one gateway request is one trace that runs
// gateway → master → PostgreSQL, exported over OTLP/HTTP (JSON) to a receiver in this test,
// and the request's log lines in both services carry its trace id and request id.
import { createServer, type Server } from "node:http";
import { randomBytes } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import {
  eventually,
  startAgentProcess,
  startGatewayProcess,
  startMasterProcess,
  stopAllServices,
  truncateTables,
  type GatewayProcess,
  type MasterProcess,
} from "./support.js";

/** A span as received, flattened: attributes as a plain object, no parent as `undefined`. */
interface ReceivedSpan {
  service: string;
  scope: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
}

// OTLP's SpanKind numbers (the JSON encoding sends the enum's number).
const SERVER = 2;
const CLIENT = 3;

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values?: OtlpValue[] };
}
interface OtlpAttribute {
  key: string;
  value?: OtlpValue;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: OtlpAttribute[];
}
interface OtlpExport {
  resourceSpans?: {
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: { scope?: { name?: string }; spans?: OtlpSpan[] }[];
  }[];
}

function valueOf(v: OtlpValue | undefined): unknown {
  if (!v) return undefined;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.arrayValue) return (v.arrayValue.values ?? []).map(valueOf);
  return undefined;
}

const attributesOf = (list: OtlpAttribute[] | undefined): Record<string, unknown> =>
  Object.fromEntries((list ?? []).map((a) => [a.key, valueOf(a.value)]));

/** An in-memory OTLP/HTTP receiver for JSON: every span POSTed to /v1/traces ends up in `spans`. */
interface OtlpSink {
  url: string;
  spans: ReceivedSpan[];
  /** Every request it got, whatever its path, so "nothing arrived" can be checked. */
  requests: { method: string; url: string }[];
  /** Bodies it could not read (a failing test shows them). */
  errors: string[];
  close(): Promise<void>;
}

async function startOtlpSink(): Promise<OtlpSink> {
  const spans: ReceivedSpan[] = [];
  const requests: { method: string; url: string }[] = [];
  const errors: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      requests.push({ method: req.method ?? "", url: req.url ?? "" });
      if (req.method === "POST" && req.url === "/v1/traces") {
        try {
          let body = Buffer.concat(chunks);
          if (req.headers["content-encoding"] === "gzip") body = gunzipSync(body);
          const parsed = JSON.parse(body.toString("utf8")) as OtlpExport;
          for (const rs of parsed.resourceSpans ?? []) {
            const service = String(attributesOf(rs.resource?.attributes)["service.name"] ?? "");
            for (const ss of rs.scopeSpans ?? []) {
              for (const s of ss.spans ?? []) {
                spans.push({
                  service,
                  scope: ss.scope?.name ?? "",
                  traceId: s.traceId,
                  spanId: s.spanId,
                  parentSpanId: s.parentSpanId ? s.parentSpanId : undefined,
                  name: s.name,
                  kind: s.kind,
                  attributes: attributesOf(s.attributes),
                });
              }
            }
          }
        } catch (err) {
          errors.push(`${(err as Error).message}: ${Buffer.concat(chunks).toString("utf8").slice(0, 500)}`);
        }
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    requests,
    errors,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The env that points both services' exporters at the sink. */
const tracingEnv = (sink: OtlpSink): Record<string, string> => ({
  OTEL_TRACES_EXPORTER: "otlp",
  OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
  OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
  OTEL_BSP_SCHEDULE_DELAY: "50",
});

/**
 * The Jest worker's own `OTEL_*` variables, each mapped to `undefined`: spread over
 * `process.env` by the start helpers, they take those variables out of the child's
 * environment (`child_process` leaves out variables whose value is `undefined`).
 * The helpers type `env` as strings only, hence the cast.
 */
function withoutInheritedOtel(): Record<string, string> {
  const removed: Record<string, string | undefined> = {};
  for (const key of Object.keys(process.env)) if (key.startsWith("OTEL_")) removed[key] = undefined;
  return removed as Record<string, string>;
}

/** The JSON lines of a process's output (anything else it printed is skipped). */
function jsonLines(output: string): Record<string, any>[] {
  const lines: Record<string, any>[] = [];
  for (const line of output.split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      lines.push(JSON.parse(line) as Record<string, any>);
    } catch {
      // a line cut short, or not JSON after all
    }
  }
  return lines;
}

const MASTER_TOKEN = `e2e-trace-token-${randomBytes(8).toString("hex")}`;
const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString("hex")}`;

/** Creates a template through the gateway and waits, by name, until it is ready. */
async function createReadyTemplate(gateway: GatewayProcess, name: string): Promise<string> {
  const created = await gateway.api.post("/templates", { name, image: "alpine:3.20" });
  expect({ status: created.status, names: created.body?.names }).toEqual({ status: 202, names: [name] });
  await eventually(
    async () => {
      const r = await gateway.api.get(`/templates/${encodeURIComponent(name)}`);
      if (r.status !== 200) throw new Error(`GET /templates/${name} answered ${r.status}: ${JSON.stringify(r.body)}`);
      if (r.body.buildStatus === "error") throw new Error(`the build of ${name} failed: ${JSON.stringify(r.body)}`);
      return r.body.buildStatus === "ready" ? true : undefined;
    },
    15_000,
    `template ${name} to be ready`,
  );
  return created.body.templateID as string;
}

/** Adds the processes' output (and the spans received) to a failing assertion's message. */
async function withDiagnostics<T>(parts: { master?: MasterProcess; gateway?: GatewayProcess; sink?: OtlpSink }, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof Error) {
      const { master, gateway, sink } = parts;
      if (sink) {
        const spans = sink.spans.map((s) => `${s.service} ${s.traceId}/${s.spanId}<-${s.parentSpanId ?? "-"} [${s.kind}] ${s.name}`);
        err.message += `\n--- spans received (${sink.spans.length}) ---\n${spans.join("\n")}`;
        if (sink.errors.length) err.message += `\n--- unreadable exports ---\n${sink.errors.join("\n")}`;
      }
      if (gateway) err.message += `\n--- gateway output ---\n${gateway.output().slice(-20_000) || "(none)"}`;
      if (master) err.message += `\n--- master output ---\n${master.output().slice(-20_000) || "(none)"}`;
    }
    throw err;
  }
}

const sinks: OtlpSink[] = [];

beforeAll(async () => {
  await truncateTables();
});

afterAll(async () => {
  await stopAllServices();
  await Promise.all(sinks.map((s) => s.close()));
});

describe("tracing across gateway and master", () => {
  test("one gateway request is one trace through gateway, master and PostgreSQL, and both logs carry its ids", async () => {
    const sink = await startOtlpSink();
    sinks.push(sink);
    const otel = { ...withoutInheritedOtel(), ...tracingEnv(sink) };
    // NAME_CACHE_TTL_MS=0: master must read the database for the lookup below (otherwise the
    // name, looked up while waiting for the build, is answered from master's cache, no query).
    const master = await startMasterProcess({ ...otel, MASTER_TOKEN, LOG_LEVEL: "info", BUILD_PHASE_DELAY_MS: "20", NAME_CACHE_TTL_MS: "0" });
    const gateway = await startGatewayProcess(master.url, { ...otel, MASTER_TOKEN, LOG_LEVEL: "info" });

    await withDiagnostics({ master, gateway, sink }, async () => {
      const name = unique("traced");
      const templateId = await createReadyTemplate(gateway, name);

      const requestId = unique("e2e-trace-req");
      const found = await gateway.api.get(`/templates/lookup?name=${encodeURIComponent(name)}`, { "x-request-id": requestId });
      expect({ status: found.status, body: found.body, requestId: found.headers.get("x-request-id") }).toEqual({
        status: 200,
        body: { templateID: templateId, buildID: expect.any(String), names: [name], buildStatus: "ready" },
        requestId,
      });

      // The gateway's server span for that one request (no other request asks /templates/lookup).
      const isLookupServerSpan = (s: ReceivedSpan) =>
        s.service === "cubicle-gateway" &&
        s.kind === SERVER &&
        (s.attributes["http.route"] === "/templates/lookup" || s.name === "GET /templates/lookup") &&
        [s.attributes["http.target"], s.attributes["url.query"], s.attributes["http.url"], s.attributes["url.full"]].some(
          (v) => typeof v === "string" && v.includes(encodeURIComponent(name)),
        );

      // Wait until the trace is complete: spans of both services, a query, and every parent
      // that a span names has arrived too (each service exports in batches of its own).
      const { root, trace } = await eventually(
        async () => {
          const root = sink.spans.find(isLookupServerSpan);
          if (!root) return undefined;
          const trace = sink.spans.filter((s) => s.traceId === root.traceId);
          const ids = new Set(trace.map((s) => s.spanId));
          const complete =
            trace.some((s) => s.service === "cubicle-master" && s.kind === SERVER) &&
            trace.some((s) => s.service === "cubicle-master" && s.name.startsWith("pg.query")) &&
            trace.some((s) => s.service === "cubicle-gateway" && s.kind === CLIENT) &&
            trace.every((s) => s === root || (s.parentSpanId !== undefined && ids.has(s.parentSpanId)));
          return complete ? { root, trace } : undefined;
        },
        10_000,
        "the lookup's trace to arrive whole, with spans of both services and a pg.query span",
      );

      // The build ran in a trace of its own, not inside the POST /templates request's trace.
      const build = await eventually(
        async () => sink.spans.find((s) => s.service === "cubicle-master" && s.name === "build" && typeof s.attributes["cubicle.build.id"] === "string"),
        10_000,
        "the build's span",
      );
      expect(build.parentSpanId).toBeUndefined();
      expect(sink.spans.filter((s) => s.traceId === build.traceId).every((s) => s.service === "cubicle-master")).toBe(true);

      expect(sink.errors).toEqual([]);
      expect(root.parentSpanId).toBeUndefined();
      expect(root.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(new Set(trace.map((s) => s.service))).toEqual(new Set(["cubicle-gateway", "cubicle-master"]));
      // Span ids are unique within the trace.
      expect(new Set(trace.map((s) => s.spanId)).size).toBe(trace.length);

      const byId = new Map(trace.map((s) => [s.spanId, s]));
      const ancestors = (span: ReceivedSpan): ReceivedSpan[] => {
        const chain: ReceivedSpan[] = [];
        for (let p = span.parentSpanId && byId.get(span.parentSpanId); p; p = p.parentSpanId && byId.get(p.parentSpanId)) {
          chain.push(p);
          if (chain.length > trace.length) throw new Error("a cycle in the parent links");
        }
        return chain;
      };
      // Every span of the trace hangs from the gateway's server span: no dangling parents.
      for (const span of trace) {
        if (span === root) continue;
        expect({ span: span.name, parent: span.parentSpanId !== undefined && byId.has(span.parentSpanId) }).toEqual({ span: span.name, parent: true });
        expect({ span: span.name, root: ancestors(span).at(-1)?.spanId }).toEqual({ span: span.name, root: root.spanId });
      }

      // gateway: the one client span to master, made by the master client inside the gateway.
      const clientSpans = trace.filter((s) => s.service === "cubicle-gateway" && s.kind === CLIENT);
      expect(clientSpans).toHaveLength(1);
      const client = clientSpans[0]!;
      expect(client.scope).toBe("@cubicle/master-client");
      expect(client.attributes).toMatchObject({ "http.request.method": "GET", "http.response.status_code": 200 });
      expect(String(client.attributes["url.full"])).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/lookup\?/);
      expect(byId.get(client.parentSpanId!)?.service).toBe("cubicle-gateway");

      // master: one server span, for /lookup, whose parent is that client span (traceparent crossed the wire).
      const masterServers = trace.filter((s) => s.service === "cubicle-master" && s.kind === SERVER);
      expect(masterServers).toHaveLength(1);
      const masterServer = masterServers[0]!;
      expect(masterServer.name).toMatch(/^GET \/lookup/);
      expect(masterServer.parentSpanId).toBe(client.spanId);

      // PostgreSQL: master's queries lead up to master's server span.
      const queries = trace.filter((s) => s.name.startsWith("pg.query"));
      expect(queries.length).toBeGreaterThanOrEqual(1);
      for (const q of queries) {
        expect(q.service).toBe("cubicle-master");
        expect(ancestors(q).map((a) => a.spanId)).toContain(masterServer.spanId);
      }

      // Logs: each service's line for the request has the trace's id and the caller's request id.
      const gatewayLog = await eventually(
        async () => jsonLines(gateway.output()).find((l) => l.reqId === requestId && l.msg === "request completed"),
        5_000,
        "the gateway's log line for the lookup",
      );
      expect({ reqId: gatewayLog.reqId, url: gatewayLog.req?.url, trace_id: gatewayLog.trace_id, span_id: gatewayLog.span_id }).toEqual({
        reqId: requestId,
        url: `/templates/lookup?name=${encodeURIComponent(name)}`,
        trace_id: root.traceId,
        span_id: root.spanId,
      });

      const masterLog = await eventually(
        async () => jsonLines(master.output()).find((l) => l.reqId === requestId && String(l.req?.url ?? "").startsWith("/lookup")),
        5_000,
        "master's log line for /lookup",
      );
      expect({ reqId: masterLog.reqId, trace_id: masterLog.trace_id, span_id: masterLog.span_id }).toEqual({
        reqId: requestId,
        trace_id: root.traceId,
        span_id: masterServer.spanId,
      });
    });
  });

  test("a sandbox create is one trace through the gateway, master and the node agent that runs it", async () => {
    const sink = await startOtlpSink();
    sinks.push(sink);
    const otel = { ...withoutInheritedOtel(), ...tracingEnv(sink) };
    const master = await startMasterProcess({ ...otel, MASTER_TOKEN, BUILD_PHASE_DELAY_MS: "20" });
    const agent = await startAgentProcess(master.url, { ...otel, MASTER_TOKEN });
    const gateway = await startGatewayProcess(master.url, { ...otel, MASTER_TOKEN });

    await withDiagnostics({ master, gateway, sink }, async () => {
      const name = unique("traced-box");
      await createReadyTemplate(gateway, name);
      const created = await gateway.api.post("/sandboxes", { templateID: name });
      expect({ status: created.status, clientID: created.body.clientID }).toEqual({ status: 201, clientID: agent.nodeId });

      const { trace } = await eventually(
        async () => {
          const root = sink.spans.find((s) => s.service === "cubicle-gateway" && s.kind === SERVER && s.name.startsWith("POST /sandboxes"));
          if (!root) return undefined;
          const trace = sink.spans.filter((s) => s.traceId === root.traceId);
          const agentServer = trace.find((s) => s.service === "cubicle-node-agent" && s.kind === SERVER);
          // Each service exports in batches of its own: the agent's may arrive before master's.
          const parent = agentServer && trace.find((s) => s.spanId === agentServer.parentSpanId);
          return parent && trace.some((s) => s.spanId === parent.parentSpanId) ? { trace } : undefined;
        },
        10_000,
        "the create's trace, with the node agent's server span, its parent and grandparent",
      );
      const byId = new Map(trace.map((s) => [s.spanId, s]));
      const agentServer = trace.find((s) => s.service === "cubicle-node-agent" && s.kind === SERVER)!;
      expect(agentServer.name).toMatch(/^POST \/sandboxes/);
      // Its parent is master's client span to the agent, under master's server span for the create.
      const masterClient = byId.get(agentServer.parentSpanId!);
      expect({ service: masterClient?.service, kind: masterClient?.kind, scope: masterClient?.scope }).toEqual({
        service: "cubicle-master",
        kind: CLIENT,
        scope: "@cubicle/master/node-agents",
      });
      expect(byId.get(masterClient!.parentSpanId!)?.service).toBe("cubicle-master");
      expect(new Set(trace.map((s) => s.service))).toEqual(new Set(["cubicle-gateway", "cubicle-master", "cubicle-node-agent"]));
    });
  });

  test("lookups that queue for master's one database connection each keep their own query in their own trace", async () => {
    const sink = await startOtlpSink();
    sinks.push(sink);
    const otel = { ...withoutInheritedOtel(), ...tracingEnv(sink) };
    // One connection, and nothing cached or shared between lookups: each of the concurrent
    // lookups below is a query of its own that waits for the connection the one before holds.
    const master = await startMasterProcess({ ...otel, MASTER_TOKEN, DB_POOL_MAX: "1", NAME_CACHE_TTL_MS: "0", NAME_CACHE_NEGATIVE_TTL_MS: "0" });
    const gateway = await startGatewayProcess(master.url, { ...otel, MASTER_TOKEN });

    await withDiagnostics({ master, gateway, sink }, async () => {
      const names = Array.from({ length: 8 }, (_, i) => unique(`queued-${i}`));
      const answers = await Promise.all(names.map((name) => gateway.api.get(`/templates/lookup?name=${encodeURIComponent(name)}`)));
      expect(answers.map((a) => a.status)).toEqual(names.map(() => 404));

      const rootOf = (name: string) =>
        sink.spans.find(
          (s) =>
            s.service === "cubicle-gateway" &&
            s.kind === SERVER &&
            [s.attributes["http.target"], s.attributes["url.query"], s.attributes["http.url"], s.attributes["url.full"]].some((v) => typeof v === "string" && v.includes(encodeURIComponent(name))),
        );
      const traces = await eventually(
        async () => {
          const roots = names.map(rootOf);
          if (roots.some((r) => r === undefined)) return undefined;
          const traces = roots.map((root) => sink.spans.filter((s) => s.traceId === root!.traceId));
          const masterDone = traces.every((trace) => trace.some((s) => s.service === "cubicle-master" && s.kind === SERVER));
          return masterDone ? traces : undefined;
        },
        10_000,
        "the traces of all eight lookups, each with master's server span",
      );
      // Each query ends before its server span, so it is exported with it or before it; still,
      // give stragglers a moment. A query sent in another request's context would show up as
      // one trace without a query and another with two.
      const queriesPerTrace = () => traces.map((trace) => sink.spans.filter((s) => s.traceId === trace[0]!.traceId && s.name.startsWith("pg.query")).length);
      for (let waited = 0; waited < 3_000 && queriesPerTrace().some((n) => n === 0); waited += 50) await new Promise((r) => setTimeout(r, 50));
      expect(queriesPerTrace()).toEqual(names.map(() => 1));
    });
  });

  test("with tracing off nothing is exported, requests still work, and a caller's traceparent reaches master and both logs", async () => {
    const sink = await startOtlpSink();
    sinks.push(sink);
    // No OTEL_TRACES_EXPORTER (and none inherited). The exporter's destination does point at
    // the sink, so that "nothing arrived" means tracing was off, not that spans went elsewhere:
    // the SDK on its own would export over OTLP by default.
    const { OTEL_TRACES_EXPORTER: _ignored, ...destination } = tracingEnv(sink);
    const env = { ...withoutInheritedOtel(), ...destination, MASTER_TOKEN, LOG_LEVEL: "info" };
    const master = await startMasterProcess({ ...env, BUILD_PHASE_DELAY_MS: "20" });
    const gateway = await startGatewayProcess(master.url, env);

    await withDiagnostics({ master, gateway, sink }, async () => {
      const name = unique("untraced");
      const templateId = await createReadyTemplate(gateway, name);
      const requestId = unique("e2e-untraced-req");
      const found = await gateway.api.get(`/templates/lookup?name=${encodeURIComponent(name)}`, { "x-request-id": requestId });
      expect({ status: found.status, body: found.body, requestId: found.headers.get("x-request-id") }).toEqual({
        status: 200,
        body: { templateID: templateId, buildID: expect.any(String), names: [name], buildStatus: "ready" },
        requestId,
      });

      // A request whose caller started a trace: its traceparent reaches master, and both
      // services log its trace id (nothing is exported: checked after the stop below).
      const traceId = randomBytes(16).toString("hex");
      const parentId = randomBytes(8).toString("hex");
      const carried = unique("e2e-carried-req");
      expect((await gateway.api.get(`/templates/lookup?name=${encodeURIComponent(name)}`, { "x-request-id": carried, traceparent: `00-${traceId}-${parentId}-01` })).status).toBe(200);
      const lines = await eventually(
        async () => {
          const g = jsonLines(gateway.output()).find((l) => l.reqId === carried && l.msg === "request completed");
          const m = jsonLines(master.output()).find((l) => l.reqId === carried && String(l.req?.url ?? "").startsWith("/lookup"));
          return g && m ? { g, m } : undefined;
        },
        5_000,
        "both services' log lines for the request with a traceparent",
      );
      expect({ gateway: lines.g.trace_id, master: lines.m.trace_id }).toEqual({ gateway: traceId, master: traceId });

      // Both services stop cleanly; a graceful stop flushes any spans still buffered, so
      // after it anything exported would already have reached the sink.
      expect(await gateway.stop("SIGTERM")).toEqual({ code: 0, signal: null });
      expect(await master.stop("SIGTERM")).toEqual({ code: 0, signal: null });
      expect({ requests: sink.requests, spans: sink.spans.length }).toEqual({ requests: [], spans: 0 });

      // The logs are as usual, without trace ids.
      const gatewayLog = jsonLines(gateway.output()).find((l) => l.reqId === requestId && l.msg === "request completed");
      const masterLog = jsonLines(master.output()).find((l) => l.reqId === requestId && String(l.req?.url ?? "").startsWith("/lookup"));
      expect({ gateway: gatewayLog?.trace_id ?? null, master: masterLog?.trace_id ?? null, found: [!!gatewayLog, !!masterLog] }).toEqual({
        gateway: null,
        master: null,
        found: [true, true],
      });
    });
  });
});
