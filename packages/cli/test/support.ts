// Runs the built `cubicle` (its bin, packages/cli/bin/cubicle.js, which starts dist/main.js) as a
// child process on the repo's pinned Node, with a clean environment and a home of its own, the
// way a person or a script would.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const NODE = join(root, "node_modules", ".bin", "node");
const BIN = join(root, "packages", "cli", "bin", "cubicle.js");

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout as JSON (fails the test when it is not one JSON document). */
  json(): any;
}

/** A home for one test file's runs (the config file goes in it); `remove()` after. */
export function tempHome(): { home: string; xdg: string; configFile: string; remove(): void } {
  const home = mkdtempSync(join(tmpdir(), "cubicle-cli-"));
  const xdg = join(home, "xdg");
  return { home, xdg, configFile: join(xdg, "cubicle", "config.json"), remove: () => rmSync(home, { recursive: true, force: true }) };
}

/**
 * `cubicle …args` with only PATH, HOME and `env` in its environment, stdin a pipe (not a
 * terminal) carrying `input`. Resolves with its exit code and output, whatever the code.
 */
export function cubicle(args: string[], options: { env?: Record<string, string>; home: string; input?: string }): Promise<Run> {
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: options.home, XDG_CONFIG_HOME: join(options.home, "xdg"), ...options.env };
  return new Promise((resolve) => {
    const child = execFile(NODE, [BIN, ...args], { env, cwd: options.home, timeout: 20_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : -1) : 0;
      const json = () => {
        try {
          return JSON.parse(stdout);
        } catch {
          throw new Error(`cubicle ${args.join(" ")}: stdout is not one JSON document (exit ${code}):\n${stdout}\nstderr:\n${stderr}`);
        }
      };
      resolve({ code, stdout, stderr, json });
    });
    child.stdin?.end(options.input ?? "");
  });
}

/** The address of a port nothing listens on (taken and let go). */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** Fails with the run's output unless it exited with `code`. */
export function expectExit(run: Run, code: number): Run {
  if (run.code !== code) throw new Error(`expected exit ${code}, got ${run.code}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
  return run;
}
