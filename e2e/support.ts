/**
 * Helpers for end-to-end tests: they start Cubicle's real processes (built by `npx tsc -b`)
 * and talk to them over HTTP only.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { connect } from "node:net";
import { fileURLToPath, pathToFileURL } from "node:url";
import { join } from "node:path";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { randomUUID } from "node:crypto";
import { eventually, freePort, jsonClient, type JsonClient } from "../test-support/http.js";
import { defaultTeamId } from "../test-support/templates.js";
import { TEAM_HEADER } from "@cubicle/contracts";
import { listeningUrlOf } from "@cubicle/service-kit";

export { eventually, freePort, jsonClient, type JsonClient };

/** The repository root (this file is `<root>/e2e/support.ts`). */
export const repoRoot = fileURLToPath(new URL("..", import.meta.url));

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function isListening(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** A spawned process whose stdout and stderr are kept, so failures can show them. */
export interface Spawned {
  process: ChildProcess;
  /** Everything the process wrote so far (stdout and stderr, interleaved). */
  output(): string;
  /** Resolves with how the process ended (at once if it already has). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends `signal` (default SIGTERM) unless the process already ended, and waits for it to end. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const MAX_OUTPUT = 200_000;

/**
 * Spawns `node <args>` with stdout/stderr captured. With `group`, the child leads a process
 * group of its own, and `stop()` falls back to killing the whole group (its own children too).
 * With `ipc`, the child gets an IPC channel to report where it listens (see `listeningUrlOf`).
 */
export function spawnNode(args: string[], options: { env: NodeJS.ProcessEnv; cwd?: string; group?: boolean; ipc?: boolean }): Spawned {
  const child = spawn(process.execPath, args, {
    cwd: options.cwd ?? repoRoot,
    env: options.env,
    stdio: options.ipc ? ["ignore", "pipe", "pipe", "ipc"] : ["ignore", "pipe", "pipe"],
    detached: options.group ?? false,
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > MAX_OUTPUT) output = output.slice(-MAX_OUTPUT);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
    child.once("error", (err) => {
      keep(Buffer.from(`\n[spawn error] ${err.message}\n`));
      resolve({ code: null, signal: null });
    });
  });
  const ended = () => child.exitCode !== null || child.signalCode !== null;

  return {
    process: child,
    output: () => output,
    exited,
    async stop(signal: NodeJS.Signals = "SIGTERM", timeoutMs = 15_000) {
      if (!ended() && child.pid !== undefined) child.kill(signal);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), timeoutMs)));
      const result = await Promise.race([exited, late]);
      clearTimeout(timer);
      if (result !== "late") return result;
      // It did not end in time: make sure nothing is left behind, then report it.
      killHard(child, options.group ?? false);
      await exited;
      throw new Error(`process ${child.pid} did not exit within ${timeoutMs} ms of ${signal}; output:\n${output}`);
    },
  };
}

/** True while any process of the process group `pgid` still exists. */
export function processGroupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** SIGKILLs a child (and with `group`, its whole process group); never throws. */
export function killHard(child: ChildProcess, group: boolean): void {
  if (child.pid === undefined) return;
  try {
    if (group) process.kill(-child.pid, "SIGKILL");
    else if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  } catch {
    // already gone
  }
}

/** A service process started by these helpers. */
export interface ServiceProcess {
  url: string;
  port: number;
  api: JsonClient;
  process: ChildProcess;
  /** Sends the signal (default SIGTERM) and waits for the process to exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}
export type MasterProcess = ServiceProcess;
export type AgentProcess = ServiceProcess & { nodeId: string };

/** The token e2e masters send to their node agents (and the agents require). */
export const E2E_AGENT_TOKEN = "e2e-agent-token-0123456789";
export type GatewayProcess = ServiceProcess & { apiKey: string };

/** Every process this module started, so `stopAllServices()` can make sure none is left running. */
const started = new Set<ServiceProcess>();

/** `node --import <service>/dist/instrumentation.js <service>/dist/main.js`, as the services run. */
export function serviceArgs(service: "master" | "gateway" | "node-agent"): string[] {
  const dist = join(repoRoot, "services", service, "dist");
  return ["--import", pathToFileURL(join(dist, "instrumentation.js")).href, join(dist, "main.js")];
}

async function startService(
  service: "master" | "gateway" | "node-agent",
  env: NodeJS.ProcessEnv,
  headers: Record<string, string>,
  readyTimeoutMs: number,
  readyPath = "/readyz",
): Promise<ServiceProcess> {
  const spawned = spawnNode(serviceArgs(service), { env, ipc: true });
  const fail = async (message: string): Promise<never> => {
    await spawned.stop("SIGKILL").catch(() => undefined);
    throw new Error(`${message}\n--- ${service} output ---\n${spawned.output() || "(none)"}`);
  };
  // The service says where it listens (it may have been given port 0): only then is what
  // answers there known to be this process and not whoever else holds the port.
  let url: string;
  try {
    url = await listeningUrlOf(spawned.process, readyTimeoutMs);
  } catch (err) {
    return fail(`${service} ${(err as Error).message}`);
  }
  const proc: ServiceProcess = {
    url,
    port: Number(new URL(url).port),
    api: jsonClient(url, headers),
    process: spawned.process,
    output: spawned.output,
    async stop(signal: NodeJS.Signals = "SIGTERM") {
      try {
        return await spawned.stop(signal);
      } finally {
        started.delete(proc);
      }
    },
  };
  started.add(proc);

  let exitedEarly: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  void spawned.exited.then((e) => (exitedEarly = e));
  try {
    await eventually(
      async () => {
        if (exitedEarly) throw new Error(`${service} exited before it was ready (code ${exitedEarly.code}, signal ${exitedEarly.signal})`);
        try {
          return (await fetch(url + readyPath)).status === 200 ? true : undefined;
        } catch {
          return undefined; // not listening yet
        }
      },
      readyTimeoutMs,
      `${service} at ${url} to answer ${readyPath} with 200`,
    );
  } catch (err) {
    started.delete(proc);
    return fail((err as Error).message);
  }
  return proc;
}

/**
 * Starts master on a port of the OS's choosing (or `MASTER_PORT`) against this Jest worker's
 * database (unless `env` says otherwise) and waits until `/readyz` answers 200. Its `api` calls
 * as the default team.
 */
export async function startMasterProcess(env: Record<string, string> = {}, readyTimeoutMs = 20_000): Promise<MasterProcess> {
  const host = env.MASTER_HOST ?? "127.0.0.1";
  const databaseUrl = env.DATABASE_URL ?? process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("DATABASE_URL is not set in the test worker (test-support/worker-env.js sets it)");
  const headers: Record<string, string> = env.MASTER_TOKEN ? { authorization: `Bearer ${env.MASTER_TOKEN}` } : {};
  headers[TEAM_HEADER] = await defaultTeamId(databaseUrl);
  const fullEnv = {
    ...process.env,
    LOG_LEVEL: "warn",
    AGENT_TOKEN: E2E_AGENT_TOKEN,
    NODE_REFRESH_MS: "100",
    MASTER_DRAIN_MS: "0",
    // Uploaded file sets go to a directory of this process's own, never into the repository.
    UPLOAD_DIR: mkdtempSync(join(tmpdir(), "cubicle-uploads-")),
    ...env,
    DATABASE_URL: databaseUrl,
    MASTER_PORT: env.MASTER_PORT ?? "0",
    MASTER_HOST: host,
  };
  return startService("master", fullEnv, headers, readyTimeoutMs);
}

/**
 * Starts a node agent on a port of the OS's choosing (or `AGENT_PORT`), registering with the masters at `masterUrl` (one or
 * several, comma-separated), and waits until a master has accepted it (its `/readyz`) and
 * lists it up. Node ids are unique per call unless `env` names one.
 */
export async function startAgentProcess(masterUrl: string, env: Record<string, string> = {}, readyTimeoutMs = 20_000): Promise<AgentProcess> {
  const nodeId = env.AGENT_NODE_ID ?? `e2e-node-${randomUUID().slice(0, 8)}`;
  const fullEnv = {
    ...process.env,
    LOG_LEVEL: "warn",
    AGENT_TOKEN: E2E_AGENT_TOKEN,
    AGENT_HEARTBEAT_MS: "200",
    AGENT_DRAIN_MS: "0",
    ...env,
    MASTER_URL: masterUrl,
    AGENT_NODE_ID: nodeId,
    AGENT_PORT: env.AGENT_PORT ?? "0",
    AGENT_HOST: "127.0.0.1",
  };
  const proc = await startService("node-agent", fullEnv, { authorization: `Bearer ${fullEnv.AGENT_TOKEN}` }, readyTimeoutMs);
  // Masters read the nodes table every NODE_REFRESH_MS (100 ms here): give them time to see it.
  await new Promise((r) => setTimeout(r, 300));
  return Object.assign(proc, { nodeId });
}

/**
 * Starts the gateway on a port of the OS's choosing (or `GATEWAY_PORT`), talking to the master at `masterUrl`, with one API key
 * (sent by `api` on every call), and waits until `/readyz` answers 200 (master reachable).
 * Pass `waitForMaster: false` to start it while master is down.
 */
export async function startGatewayProcess(
  masterUrl: string,
  env: Record<string, string> = {},
  options: { readyTimeoutMs?: number; waitForMaster?: boolean } = {},
): Promise<GatewayProcess> {
  const apiKey = env.API_KEYS?.split(",")[0]?.trim() ?? `e2e-key-${randomUUID()}`;
  const fullEnv = { ...process.env, LOG_LEVEL: "warn", API_KEYS: apiKey, ...env, MASTER_URL: masterUrl, GATEWAY_PORT: env.GATEWAY_PORT ?? "0", GATEWAY_HOST: "127.0.0.1" };
  const readyPath = options.waitForMaster === false ? "/healthz" : "/readyz";
  const proc = await startService("gateway", fullEnv, { "x-api-key": apiKey }, options.readyTimeoutMs ?? 20_000, readyPath);
  return Object.assign(proc, { apiKey });
}

/** SIGKILLs every service process still running (for afterEach/afterAll, whatever the test did). */
export async function stopAllServices(): Promise<void> {
  await Promise.all([...started].map((m) => m.stop("SIGKILL").catch(() => undefined)));
}

/** Direct database access for the worker's database (cleaning up between test files). */
export { getTemplate, truncateTables, waitForStatus } from "../test-support/templates.js";
export type { BuildLogEntry as BuildLog, BuildView as BuildBody, TemplateWithBuildsView as TemplateBody } from "@cubicle/contracts";
