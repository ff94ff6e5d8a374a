/**
 * Runs E2B's own CLI (`@e2b/cli`, a dev dependency of e2e) as a child process the way a user
 * runs it, pointed at a gateway (or the recording proxy in front of one), for the e2e tests.
 */
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";

/** The CLI's entry point (`bin.e2b` of @e2b/cli), resolved from e2e's dependencies. */
const CLI = join(createRequire(new URL("./package.json", import.meta.url)).resolve("@e2b/cli/package.json"), "..", "dist", "index.js");

export interface CliRun {
  command: string;
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

export interface CliTarget {
  /** The CLI's HOME (and working directory): an empty one, so it never reads or writes a real ~/.e2b. */
  home: string;
  apiUrl: string;
  apiKey: string;
  timeoutMs: number;
}

/** `e2b <args>`, with a clean environment: no TTY, no colours, no update check, no config. */
export function runE2bCli(target: CliTarget, args: string[]): Promise<CliRun> {
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: target.home,
    XDG_CONFIG_HOME: join(target.home, ".config"),
    TZ: "UTC",
    E2B_API_URL: target.apiUrl,
    E2B_API_KEY: target.apiKey,
    NO_UPDATE_NOTIFIER: "1",
    CI: "1",
    NO_COLOR: "1",
    FORCE_COLOR: "0",
  };
  const options = { env, cwd: target.home, timeout: target.timeoutMs, killSignal: "SIGKILL" as const, maxBuffer: 16 * 1024 * 1024 };
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], options, (err, stdout, stderr) => {
      const failure = err as (Error & { code?: number | string; signal?: string | null }) | null;
      resolve({
        command: `e2b ${args.join(" ")}`,
        code: failure ? (typeof failure.code === "number" ? failure.code : null) : 0,
        signal: failure?.signal ?? null,
        stdout,
        stderr,
      });
    });
  });
}

/** Fails, showing the whole run (command, exit code, stdout, stderr), unless it exited 0. */
export function expectSuccess(run: CliRun): CliRun {
  if (run.code !== 0) throw new Error(`${run.command} exited with ${run.code ?? run.signal}\n--- stdout ---\n${run.stdout}\n--- stderr ---\n${run.stderr}`);
  return run;
}
