import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { startBaseline, startService, type Proc } from "./processes.js";

/** Everything one bench run talks to. */
export interface System {
  master: Proc;
  gateway: Proc;
  /** A second master and gateway, with tracing on, on the same database. */
  tracedMaster: Proc;
  tracedGateway: Proc;
  otlpSink: Proc;
  http: Proc;
  express: Proc;
  /** express + a pg pool running master's lookup query: the floor for uncached lookups. */
  pgLookup: Proc;
  /** The two-hop proxy's front; its upstream is another express baseline. */
  proxy: Proc;
  masterHeaders: Record<string, string>;
  gatewayHeaders: Record<string, string>;
  /** A ready template: its display name is what the lookup scenarios ask for. */
  templateName: string;
}

export const IMAGE = "alpine:3.20";

/** Master's default name-cache caps, set explicitly so the report can hold the cache to them. */
export const CACHE_CAPS = { positive: 4_096, negative: 1_024 };

const TRACING_OFF = { OTEL_TRACES_EXPORTER: "none", OTEL_METRICS_EXPORTER: "none", OTEL_LOGS_EXPORTER: "none" };
const tracingOn = (sinkUrl: string) => ({
  OTEL_TRACES_EXPORTER: "otlp",
  OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl,
  OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
  OTEL_TRACES_SAMPLER: "parentbased_traceidratio",
  OTEL_TRACES_SAMPLER_ARG: "0.1",
});

export interface SystemOptions {
  databaseUrl: string;
  /** PGlite serves one query at a time: master keeps one connection to it. */
  embedded: boolean;
}

/**
 * Starts both Cubicle pairs, the OTLP sink and the baselines, and creates the lookup
 * template. The services get production settings (auth, validation, info-level request
 * logs) except the rate limits, which would cut every scenario short, and the simulated
 * node's capacity, which the sandbox scenario would exhaust. Of the caller's environment
 * only PATH is passed on.
 */
export async function startSystem(options: SystemOptions): Promise<System> {
  const token = randomBytes(24).toString("base64url");
  const common = { PATH: process.env.PATH, NODE_ENV: "production", LOG_LEVEL: "info", MASTER_TOKEN: token };
  const startMaster = (name: string, tracing: Record<string, string>) =>
    startService(name, "master", (port) => ({
      ...common,
      ...tracing,
      DATABASE_URL: options.databaseUrl,
      MASTER_HOST: "127.0.0.1",
      MASTER_PORT: String(port),
      SANDBOX_AGENT_CAPACITY: "10000000",
      NAME_CACHE_MAX: String(CACHE_CAPS.positive),
      NAME_CACHE_NEGATIVE_MAX: String(CACHE_CAPS.negative),
      ...(options.embedded ? { DB_POOL_MAX: "1", DB_PREPARED_STATEMENTS: "false", DB_LISTEN: "false" } : {}),
    }));
  const startGateway = (name: string, master: Proc, tracing: Record<string, string>) =>
    startService(name, "gateway", (port) => ({
      ...common,
      ...tracing,
      GATEWAY_HOST: "127.0.0.1",
      GATEWAY_PORT: String(port),
      MASTER_URL: master.url,
      RATE_LIMIT_LOOKUPS: "0",
      RATE_LIMIT_CREATES: "0",
      RATE_LIMIT_SANDBOXES: "0",
      RATE_LIMIT_READS: "0",
      RATE_LIMIT_WRITES: "0",
    }));

  const master = await startMaster("master", TRACING_OFF);
  // The bench is a team of its own, without quotas (they would cut the sandbox scenario short,
  // as the rate limits would), with a key the gateways verify through master as any team's.
  const auth = { authorization: `Bearer ${token}` };
  const team = (await postJson(`${master.url}/teams`, auth, { slug: "bench", maxSandboxes: 0, maxTemplates: 0 })) as { teamId: string };
  const { key: apiKey } = (await postJson(`${master.url}/teams/${team.teamId}/api-keys`, auth, { name: "bench" })) as { key: string };
  const masterHeaders = { ...auth, "x-cubicle-team": team.teamId };
  const gatewayHeaders = { "x-api-key": apiKey };
  const gateway = await startGateway("gateway", master, TRACING_OFF);
  const otlpSink = await startBaseline("otlp-sink", "otlp-sink", {}, "/stats");
  const tracedMaster = await startMaster("master (traced)", tracingOn(otlpSink.url));
  const tracedGateway = await startGateway("gateway (traced)", tracedMaster, tracingOn(otlpSink.url));

  const templateName = "bench-lookup";
  await createReadyTemplate(master.url, masterHeaders, templateName);
  // The baselines answer with master's own lookup answer, so payload sizes match.
  const body = await getJson(`${master.url}/lookup?name=${templateName}`, masterHeaders);
  const lookupPath = `/lookup?name=${templateName}`;
  const http = await startBaseline("bare http", "http", { body }, lookupPath);
  const express = await startBaseline("bare express", "express", { body }, lookupPath);
  const pgLookup = await startBaseline("express + pg", "pg-lookup", { databaseUrl: options.databaseUrl, teamId: team.teamId, poolMax: options.embedded ? 1 : 10, prepared: !options.embedded }, lookupPath);
  const upstream = await startBaseline("two-hop upstream", "express", { body }, lookupPath);
  const proxy = await startBaseline("two-hop proxy", "proxy", { upstream: upstream.url }, `/templates/lookup?name=${templateName}`);

  return { master, gateway, tracedMaster, tracedGateway, otlpSink, http, express, pgLookup, proxy, masterHeaders, gatewayHeaders, templateName };
}

export async function getJson(url: string, headers: Record<string, string>): Promise<unknown> {
  const res = await fetch(url, { headers });
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}: ${text}`);
  return JSON.parse(text);
}

export async function postJson(url: string, headers: Record<string, string>, body: unknown): Promise<unknown> {
  const res = await fetch(url, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${url} answered ${res.status}: ${text}`);
  return JSON.parse(text);
}

/** Creates a template on master and waits for its first build. */
async function createReadyTemplate(masterUrl: string, headers: Record<string, string>, displayName: string): Promise<void> {
  const { templateId } = (await postJson(`${masterUrl}/templates`, headers, { displayName, image: IMAGE })) as { templateId: string };
  for (let i = 0; i < 600; i++) {
    const { status } = (await getJson(`${masterUrl}/templates/${templateId}`, headers)) as { status: string };
    if (status === "ready") return;
    if (status === "failed") throw new Error(`the bench template's build failed`);
    await sleep(100);
  }
  throw new Error("the bench template was not ready within 60 s");
}
