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
  /** The node agent that runs the sandboxes, registered with both masters (untraced). */
  nodeAgent: Proc;
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
  /** A ready template nobody looks up before the stampede scenario. */
  stampedeName: string;
  /**
   * A second ready template, renamed over and over by the invalidation scenario (its own, so
   * that the lookup template's name never changes). Null on the embedded database, where that
   * scenario does not run.
   */
  renameTemplate: { templateId: string; displayName: string } | null;
  /** On the embedded PGlite: one connection, no notifications between masters. */
  embedded: boolean;
}

export const IMAGE = "alpine:3.20";

/** Master's default name-cache caps, set explicitly so the report can hold the cache to them. */
export const CACHE_CAPS = { positive: 4_096, negative: 1_024 };

/** How often a master re-reads the nodes table (its default, set explicitly: the bench waits it out). */
export const NODE_REFRESH_MS = 500;

/** The node agent's id in the nodes table. */
export const NODE_ID = "bench-node-1";

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
 * Starts both Cubicle pairs, one node agent registered with both masters, the OTLP sink and
 * the baselines, and creates the ready templates the scenarios use (lookups, stampede,
 * invalidation). The services get production settings (auth, validation, info-level request
 * logs) except the rate limits, which would cut every scenario short, the node agent's
 * capacity, which the sandbox scenario would exhaust, and the drain delays on shutdown
 * (nobody balances over them here). Of the caller's environment only PATH is passed on.
 */
export async function startSystem(options: SystemOptions): Promise<System> {
  const token = randomBytes(24).toString("base64url");
  // The bearer masters send to the node agent (its AGENT_TOKEN).
  const agentToken = randomBytes(24).toString("base64url");
  const common = { PATH: process.env.PATH, NODE_ENV: "production", LOG_LEVEL: "info", MASTER_TOKEN: token };
  const startMaster = (name: string, tracing: Record<string, string>) =>
    startService(name, "master", {
      ...common,
      ...tracing,
      DATABASE_URL: options.databaseUrl,
      MASTER_HOST: "127.0.0.1",
      MASTER_PORT: "0",
      AGENT_TOKEN: agentToken,
      NODE_REFRESH_MS: String(NODE_REFRESH_MS),
      MASTER_DRAIN_MS: "0",
      NAME_CACHE_MAX: String(CACHE_CAPS.positive),
      NAME_CACHE_NEGATIVE_MAX: String(CACHE_CAPS.negative),
      ...(options.embedded ? { DB_POOL_MAX: "1", DB_PREPARED_STATEMENTS: "false", DB_LISTEN: "false" } : {}),
    });
  const startGateway = (name: string, master: Proc, tracing: Record<string, string>) =>
    startService(name, "gateway", {
      ...common,
      ...tracing,
      GATEWAY_HOST: "127.0.0.1",
      GATEWAY_PORT: "0",
      MASTER_URL: master.url,
      RATE_LIMIT_LOOKUPS: "0",
      RATE_LIMIT_CREATES: "0",
      RATE_LIMIT_SANDBOXES: "0",
      RATE_LIMIT_READS: "0",
      RATE_LIMIT_WRITES: "0",
      GATEWAY_DRAIN_MS: "0",
    });

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
  // Sandboxes run on node agents: without one every create answers 503 no_node_available.
  // One agent, untraced like the plain pair, heartbeating through both masters (they share
  // the database, so either one's nodes table has it). Its /readyz waits for a first
  // accepted heartbeat.
  const nodeAgent = await startService("node agent", "node-agent", {
    ...common,
    ...TRACING_OFF,
    AGENT_HOST: "127.0.0.1",
    AGENT_PORT: "0",
    AGENT_NODE_ID: NODE_ID,
    AGENT_CAPACITY: "10000000",
    AGENT_TOKEN: agentToken,
    MASTER_URL: `${master.url},${tracedMaster.url}`,
    AGENT_HEARTBEAT_MS: "1000",
    AGENT_DRAIN_MS: "0",
  });
  await waitNodeUp(master.url, auth, nodeAgent);

  const templateName = "bench-lookup";
  // Ready before the scenarios start: every change to a template (its create, each of its
  // build's status changes) is published to every master, and each one heard drops cached
  // names, so a build still running during the stampede would make its lookups query again.
  const stampedeName = "bench-stampede";
  const renameName = "bench-rename";
  const [, , renameId] = await Promise.all([
    createReadyTemplate(master.url, masterHeaders, templateName),
    createReadyTemplate(master.url, masterHeaders, stampedeName),
    options.embedded ? null : createReadyTemplate(master.url, masterHeaders, renameName),
  ]);
  const renameTemplate = renameId ? { templateId: renameId, displayName: renameName } : null;
  // The baselines answer with master's own lookup answer, so payload sizes match.
  const body = await getJson(`${master.url}/lookup?name=${templateName}`, masterHeaders);
  const lookupPath = `/lookup?name=${templateName}`;
  const http = await startBaseline("bare http", "http", { body }, lookupPath);
  const express = await startBaseline("bare express", "express", { body }, lookupPath);
  const pgLookup = await startBaseline("express + pg", "pg-lookup", { databaseUrl: options.databaseUrl, teamId: team.teamId, poolMax: options.embedded ? 1 : 10, prepared: !options.embedded }, lookupPath);
  const upstream = await startBaseline("two-hop upstream", "express", { body }, lookupPath);
  const proxy = await startBaseline("two-hop proxy", "proxy", { upstream: upstream.url }, `/templates/lookup?name=${templateName}`);

  return {
    master,
    gateway,
    tracedMaster,
    tracedGateway,
    nodeAgent,
    otlpSink,
    http,
    express,
    pgLookup,
    proxy,
    masterHeaders,
    gatewayHeaders,
    templateName,
    stampedeName,
    renameTemplate,
    embedded: options.embedded,
  };
}

/**
 * Waits until master's GET /nodes lists the agent up, then one node refresh more (and a
 * little): each master places sandboxes on the nodes it last read from that table, every
 * NODE_REFRESH_MS, so only then can both masters place a sandbox.
 */
async function waitNodeUp(masterUrl: string, auth: Record<string, string>, agent: Proc): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const nodes = (await getJson(`${masterUrl}/nodes`, auth)) as { nodeId: string; state: string }[];
    if (nodes.some((n) => n.nodeId === NODE_ID && n.state === "up")) {
      await sleep(NODE_REFRESH_MS + 100);
      return;
    }
    await sleep(100);
  }
  throw new Error(`master's /nodes did not list node ${NODE_ID} up within 30 s; the agent wrote:\n${agent.stderr()}`);
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

/** Creates a template on master and waits for its first build; answers its id. */
async function createReadyTemplate(masterUrl: string, headers: Record<string, string>, displayName: string): Promise<string> {
  const { templateId } = (await postJson(`${masterUrl}/templates`, headers, { displayName, image: IMAGE })) as { templateId: string };
  for (let i = 0; i < 600; i++) {
    const { status } = (await getJson(`${masterUrl}/templates/${templateId}`, headers)) as { status: string };
    if (status === "ready") return templateId;
    if (status === "failed") throw new Error(`the bench template's build failed`);
    await sleep(100);
  }
  throw new Error("the bench template was not ready within 60 s");
}
