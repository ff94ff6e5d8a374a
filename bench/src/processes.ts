import { spawn, type ChildProcess } from "node:child_process";
import { openSync, closeSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const baselinesDir = fileURLToPath(new URL("./baselines/", import.meta.url));

/** A server process the bench started. */
export interface Proc {
  name: string;
  url: string;
  /** The last part of what it wrote to stderr (its stdout, the request log, goes to /dev/null). */
  stderr(): string;
  /** Resident memory in bytes, from /proc (null where there is none). */
  rss(): number | null;
  stop(): Promise<void>;
}

/** A port nobody listens on right now: the OS picks one, then we let go of it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const running = new Set<Proc>();

/**
 * Runs `node <args>` as a server. Its stdout (the services' request log, written at info
 * level as in production) goes to /dev/null: the log line is still made and written, but
 * nobody in this machine's two cores has to read it.
 */
function spawnServer(name: string, args: string[], env: NodeJS.ProcessEnv, url: string): Proc {
  const devNull = openSync("/dev/null", "w");
  const child: ChildProcess = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: ["ignore", devNull, "pipe"] });
  closeSync(devNull);
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-20_000);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const proc: Proc = {
    name,
    url,
    stderr: () => stderr,
    rss: () => residentBytes(child.pid),
    async stop() {
      running.delete(proc);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const late = sleep(10_000).then(() => "late" as const);
      if ((await Promise.race([exited, late])) === "late") {
        child.kill("SIGKILL");
        await exited;
      }
    },
  };
  running.add(proc);
  return proc;
}

function residentBytes(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Waits until `url` answers 200, or fails with what the process wrote. */
async function waitReady(proc: Proc, url: string, headers: Record<string, string> = {}, timeoutMs = 60_000): Promise<Proc> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { headers });
      await res.arrayBuffer();
      if (res.ok) return proc;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  await proc.stop();
  throw new Error(`${proc.name} did not become ready at ${url} within ${timeoutMs} ms; it wrote:\n${proc.stderr()}`);
}

/** A Cubicle service, run as in production: its telemetry preload, then its entry point. */
export async function startService(name: string, service: "master" | "gateway" | "node-agent", env: (port: number) => NodeJS.ProcessEnv): Promise<Proc> {
  const dist = join(repoRoot, "services", service, "dist");
  const args = ["--import", pathToFileURL(join(dist, "instrumentation.js")).href, join(dist, "main.js")];
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  return waitReady(spawnServer(name, args, env(port), url), `${url}/readyz`);
}

/** One of the baseline servers in `./baselines` (or the OTLP sink). */
export async function startBaseline(
  name: string,
  program: "http" | "express" | "pg-lookup" | "proxy" | "otlp-sink",
  env: { body?: unknown; upstream?: string; databaseUrl?: string; teamId?: string; poolMax?: number; prepared?: boolean },
  readyPath: string,
): Promise<Proc> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const childEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: "production",
    BENCH_PORT: String(port),
    BENCH_BODY: JSON.stringify(env.body ?? {}),
    ...(env.upstream ? { BENCH_UPSTREAM: env.upstream } : {}),
    ...(env.databaseUrl ? { BENCH_DATABASE_URL: env.databaseUrl } : {}),
    ...(env.teamId ? { BENCH_TEAM_ID: env.teamId } : {}),
    ...(env.poolMax ? { BENCH_POOL_MAX: String(env.poolMax) } : {}),
    ...(env.prepared === false ? { BENCH_PREPARED: "0" } : {}),
  };
  return waitReady(spawnServer(name, [join(baselinesDir, `${program}.js`)], childEnv, url), `${url}${readyPath}`);
}

/** Stops every process started here (also on the way out after a failure). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((p) => p.stop()));
}
