/**
 * Helpers for end-to-end tests: they start Cubicle's real processes (built by `npx tsc -b`)
 * and talk to them over HTTP only.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, connect } from "node:net";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { eventually, jsonClient, type JsonClient } from "../test-support/http.js";

export { eventually, jsonClient, type JsonClient };

/** The repository root (this file is `<root>/e2e/support.ts`). */
export const repoRoot = fileURLToPath(new URL("..", import.meta.url));

export const masterEntry = join(repoRoot, "services", "master", "dist", "main.js");

/** A TCP port nobody listens on right now: the OS picks one, then we let go of it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close((err) => (err ? reject(err) : resolve(port)));
    });
  });
}

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
 */
export function spawnNode(args: string[], options: { env: NodeJS.ProcessEnv; cwd?: string; group?: boolean }): Spawned {
  const child = spawn(process.execPath, args, {
    cwd: options.cwd ?? repoRoot,
    env: options.env,
    stdio: ["ignore", "pipe", "pipe"],
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

export interface MasterProcess {
  url: string;
  port: number;
  api: JsonClient;
  process: ChildProcess;
  /** Sends the signal (default SIGTERM) and waits for the process to exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

/** Every master this module started, so `stopAllMasters()` can make sure none is left running. */
const started = new Set<MasterProcess>();

/**
 * Starts `node services/master/dist/main.js` on a free port against this Jest worker's
 * database (unless `env` says otherwise) and waits until `/readyz` answers 200.
 */
export async function startMasterProcess(env: Record<string, string> = {}, readyTimeoutMs = 20_000): Promise<MasterProcess> {
  const port = env.MASTER_PORT ? Number(env.MASTER_PORT) : await freePort();
  const host = env.MASTER_HOST ?? "127.0.0.1";
  const databaseUrl = env.DATABASE_URL ?? process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("DATABASE_URL is not set in the test worker (test-support/worker-env.js sets it)");
  const spawned = spawnNode([masterEntry], {
    env: { ...process.env, LOG_LEVEL: "warn", ...env, DATABASE_URL: databaseUrl, MASTER_PORT: String(port), MASTER_HOST: host },
  });
  const url = `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`;
  const headers: Record<string, string> = env.MASTER_TOKEN ? { authorization: `Bearer ${env.MASTER_TOKEN}` } : {};
  const master: MasterProcess = {
    url,
    port,
    api: jsonClient(url, headers),
    process: spawned.process,
    output: spawned.output,
    async stop(signal: NodeJS.Signals = "SIGTERM") {
      try {
        return await spawned.stop(signal);
      } finally {
        started.delete(master);
      }
    },
  };
  started.add(master);

  let exitedEarly: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  void spawned.exited.then((e) => (exitedEarly = e));
  try {
    await eventually(
      async () => {
        if (exitedEarly) throw new Error(`master exited before it was ready (code ${exitedEarly.code}, signal ${exitedEarly.signal})`);
        try {
          return (await fetch(`${url}/readyz`)).status === 200 ? true : undefined;
        } catch {
          return undefined; // not listening yet
        }
      },
      readyTimeoutMs,
      `master on port ${port} to answer /readyz with 200`,
    );
  } catch (err) {
    await master.stop("SIGKILL").catch(() => undefined);
    throw new Error(`${(err as Error).message}\n--- master output ---\n${spawned.output() || "(none)"}`);
  }
  return master;
}

/** SIGKILLs every master still running (for afterEach/afterAll, whatever the test did). */
export async function stopAllMasters(): Promise<void> {
  await Promise.all([...started].map((m) => m.stop("SIGKILL").catch(() => undefined)));
}

/** Direct database access for the worker's database (cleaning up between test files). */
export { getTemplate, truncateTables, waitForStatus } from "../test-support/templates.js";
export type { BuildLogEntry as BuildLog, BuildView as BuildBody, TemplateWithBuildsView as TemplateBody } from "@cubicle/contracts";
