// @ts-check
// `npm start` (through scripts/run.js): runs Cubicle on this machine. Uses DATABASE_URL when it is set; otherwise an
// embedded PostgreSQL keeping its data in .data/pglite. Applies migrations, then starts the
// services and stops them all together.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { applyMigrations, repoRoot } from "./lib/prisma-cli.js";
import { startEmbeddedPostgres } from "./lib/embedded-postgres.js";

const log = (/** @type {string} */ msg) => console.log(`[cubicle] ${msg}`);

/** @type {{ url: string, stop(): Promise<void> } | undefined} */
let embedded;
let databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  const dataDir = process.env.CUBICLE_DATA_DIR ?? join(repoRoot, ".data", "pglite");
  embedded = await startEmbeddedPostgres({ dataDir });
  databaseUrl = embedded.url;
  log(`DATABASE_URL is not set: using an embedded PostgreSQL (PGlite) with its data in ${dataDir}`);
}

log("applying database migrations (the first time takes about 15 s)...");
try {
  log((await applyMigrations(databaseUrl)) === "applied" ? "migrations applied" : "database is up to date");
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  await embedded?.stop();
  process.exit(1);
}

const masterPort = process.env.MASTER_PORT ?? "3100";
const gatewayPort = process.env.GATEWAY_PORT ?? "3000";
const masterHost = process.env.MASTER_HOST && process.env.MASTER_HOST !== "0.0.0.0" ? process.env.MASTER_HOST : "127.0.0.1";
const masterUrl = `http://${masterHost}:${masterPort}`;
const agentPort = process.env.AGENT_PORT ?? "3200";
/** @type {Record<string, string>} */
const env = {
  ...process.env,
  DATABASE_URL: databaseUrl,
  MASTER_PORT: masterPort,
  GATEWAY_PORT: gatewayPort,
  MASTER_URL: masterUrl,
  // Only the gateway and the node agent talk to master, and only master to the agent: unless
  // told otherwise, they share tokens made for this run.
  MASTER_TOKEN: process.env.MASTER_TOKEN || randomBytes(24).toString("base64url"),
  AGENT_TOKEN: process.env.AGENT_TOKEN || randomBytes(24).toString("base64url"),
  AGENT_PORT: agentPort,
  AGENT_NODE_ID: process.env.AGENT_NODE_ID ?? "node-1",
  // The node's sandboxes outlive a restart of `npm start`, as their records do.
  AGENT_STATE_FILE: process.env.AGENT_STATE_FILE ?? join(repoRoot, ".data", "node-1.json"),
  // One of each on one machine, no load balancer to tell: Ctrl-C stops at once.
  MASTER_DRAIN_MS: process.env.MASTER_DRAIN_MS ?? "0",
  GATEWAY_DRAIN_MS: process.env.GATEWAY_DRAIN_MS ?? "0",
  AGENT_DRAIN_MS: process.env.AGENT_DRAIN_MS ?? "0",
};
// PGlite runs one query at a time; several pooled connections buy nothing and can stall
// each other's transactions inside it, so master keeps to one.
// Its connections also share one backend, where named prepared statements would collide.
if (embedded) {
  env.DB_POOL_MAX = "1";
  env.DB_PREPARED_STATEMENTS = "false";
  // Nor can it relay notifications between connections: the embedded setup runs one master,
  // which needs none (its own writes update its own cache).
  env.DB_LISTEN = "false";
}

/** @type {{ name: string, child: import("node:child_process").ChildProcess }[]} */
const services = [];
let stopping = false;

/** @param {number} code */
async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const { child } of services) if (child.exitCode === null) child.kill("SIGTERM");
  await Promise.all(services.map(({ child }) => (child.exitCode === null ? new Promise((r) => child.once("exit", r)) : null)));
  await embedded?.stop();
  process.exit(code);
}

/**
 * Runs a service as in production: its telemetry preload (a no-op unless OTEL_TRACES_EXPORTER
 * is set), then its entry point.
 * @param {"master" | "gateway" | "node-agent"} name
 */
function startService(name) {
  const dist = join(repoRoot, "services", name, "dist");
  const child = spawn(process.execPath, ["--import", pathToFileURL(join(dist, "instrumentation.js")).href, join(dist, "main.js")], { env, stdio: "inherit" });
  child.once("exit", (code, signal) => {
    if (!stopping) {
      console.error(`[cubicle] ${name} exited (${signal ?? code}); stopping`);
      void stopAll(code || 1);
    }
  });
  services.push({ name, child });
  log(`${name} runs on Node ${process.version} (${process.execPath}, pid ${child.pid})`);
}

/** @param {string} url */
async function waitReady(url) {
  for (let i = 0; i < 300 && !stopping; i++) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  return false;
}

process.once("SIGINT", () => void stopAll(0));
process.once("SIGTERM", () => void stopAll(0));

startService("master");
if ((await waitReady(`${masterUrl}/readyz`)) && (startService("node-agent"), await waitReady(`http://127.0.0.1:${agentPort}/readyz`))) {
  startService("gateway");
  const gatewayHost = process.env.GATEWAY_HOST && process.env.GATEWAY_HOST !== "0.0.0.0" ? process.env.GATEWAY_HOST : "127.0.0.1";
  if (await waitReady(`http://${gatewayHost}:${gatewayPort}/readyz`)) {
    log(`Cubicle is up: the API is at http://${gatewayHost}:${gatewayPort} (master at ${masterUrl}, node agent ${env.AGENT_NODE_ID} on port ${agentPort})  (Ctrl-C stops everything)`);
  }
}
