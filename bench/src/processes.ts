import { spawn, type ChildProcess } from "node:child_process";
import { openSync, closeSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { listeningUrlOf } from "@cubicle/service-kit";

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

const running = new Set<Proc>();

/**
 * Runs `node <args>` as a server listening on a port of the OS's choosing, and resolves once
 * it reports which (service-kit's `reportListening`, over an IPC channel): a port chosen
 * here first could be taken by another process before the server binds it. Its stdout (the
 * services' request log, written at info level as in production) goes to /dev/null: the log
 * line is still made and written, but nobody in this machine's two cores has to read it.
 */
async function spawnServer(name: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<Proc> {
  const devNull = openSync("/dev/null", "w");
  const child: ChildProcess = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: ["ignore", devNull, "pipe", "ipc"] });
  closeSync(devNull);
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-20_000);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let url = "";
  const proc: Proc = {
    name,
    get url() {
      return url;
    },
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
  try {
    url = await listeningUrlOf(child, timeoutMs);
  } catch (err) {
    await proc.stop();
    throw new Error(`${name} ${(err as Error).message}; it wrote:\n${stderr}`);
  }
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
export async function startService(name: string, service: "master" | "gateway" | "node-agent", env: NodeJS.ProcessEnv): Promise<Proc> {
  const dist = join(repoRoot, "services", service, "dist");
  const args = ["--import", pathToFileURL(join(dist, "instrumentation.js")).href, join(dist, "main.js")];
  const proc = await spawnServer(name, args, env);
  return waitReady(proc, `${proc.url}/readyz`);
}

/** One of the baseline servers in `./baselines` (or the OTLP sink). */
export async function startBaseline(
  name: string,
  program: "http" | "express" | "pg-lookup" | "proxy" | "otlp-sink",
  env: { body?: unknown; upstream?: string; databaseUrl?: string; teamId?: string; poolMax?: number; prepared?: boolean },
  readyPath: string,
): Promise<Proc> {
  const childEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: "production",
    BENCH_BODY: JSON.stringify(env.body ?? {}),
    ...(env.upstream ? { BENCH_UPSTREAM: env.upstream } : {}),
    ...(env.databaseUrl ? { BENCH_DATABASE_URL: env.databaseUrl } : {}),
    ...(env.teamId ? { BENCH_TEAM_ID: env.teamId } : {}),
    ...(env.poolMax ? { BENCH_POOL_MAX: String(env.poolMax) } : {}),
    ...(env.prepared === false ? { BENCH_PREPARED: "0" } : {}),
  };
  const proc = await spawnServer(name, [join(baselinesDir, `${program}.js`)], childEnv);
  return waitReady(proc, `${proc.url}${readyPath}`);
}

/** Stops every process started here (also on the way out after a failure). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((p) => p.stop()));
}
