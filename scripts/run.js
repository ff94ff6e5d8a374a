// @ts-check
// `npm start`, `npm test`, `npm run bench` (or the same through pnpm): what a newcomer types on a
// machine with only Node ≥ 20 and npm. Installs exactly the lockfile with the pnpm version the
// repo pins (`packageManager`), the first time and again whenever pnpm-lock.yaml changed, then
// runs the task through pnpm, which puts node_modules/.bin first on PATH: the task, and every
// process it starts, runs on the Node the repo pins (the `node` devDependency), whatever Node
// started this script. Plain JavaScript with no dependencies, so that any Node ≥ 20 can run it.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const TASKS = { start: "start:services", test: "test:jest", bench: "bench:run" };

const [task, ...args] = process.argv.slice(2);
if (!task || !(task in TASKS)) {
  console.error(`usage: node scripts/run.js <${Object.keys(TASKS).join("|")}> [args...]`);
  process.exit(2);
}
const script = TASKS[/** @type {keyof typeof TASKS} */ (task)];

const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const pnpmVersion = /^pnpm@([^+]+)/.exec(manifest.packageManager ?? "")?.[1];
if (!pnpmVersion) throw new Error("package.json must pin pnpm in packageManager (pnpm@<version>)");
const windows = process.platform === "win32";

/** The pinned pnpm: the one on PATH when it is that version, else fetched once by npm into its cache. */
function pnpmCommand() {
  const found = spawnSync("pnpm", ["--version"], { encoding: "utf8", shell: windows });
  if (found.status === 0 && found.stdout.trim() === pnpmVersion) return ["pnpm"];
  return ["npx", "--yes", `pnpm@${pnpmVersion}`];
}

/** The install matches the lockfile it was made from (and pnpm's version): nothing to do. */
const stampFile = join(root, "node_modules", ".cubicle-install");
const wanted = createHash("sha256").update(`pnpm ${pnpmVersion}\n`).update(readFileSync(join(root, "pnpm-lock.yaml"))).digest("hex");
const installed = () => existsSync(join(root, "node_modules", ".bin", windows ? "node.exe" : "node")) && existsSync(stampFile) && readFileSync(stampFile, "utf8") === wanted;

/** Runs a command in the repo, inheriting the terminal; resolves with its exit code. */
function run(/** @type {string[]} */ command) {
  const [file, ...rest] = command;
  const child = spawn(/** @type {string} */ (file), rest, { cwd: root, stdio: "inherit", shell: windows });
  // Ctrl-C reaches the child from the terminal (same process group): this process waits for it
  // to stop. A SIGTERM sent to this process alone is passed on.
  const ignore = () => {};
  const forward = () => child.kill("SIGTERM");
  process.on("SIGINT", ignore);
  process.on("SIGTERM", forward);
  return new Promise((resolve) => {
    child.once("exit", (code, signal) => {
      process.off("SIGINT", ignore);
      process.off("SIGTERM", forward);
      resolve(code ?? (signal ? 1 : 0));
    });
    child.once("error", (err) => {
      console.error(`[cubicle] could not run ${file}: ${err.message}`);
      resolve(1);
    });
  });
}

const pnpm = pnpmCommand();
if (!installed()) {
  console.log(`[cubicle] installing dependencies from pnpm-lock.yaml with pnpm ${pnpmVersion} (and Node ${manifest.devDependencies?.node ?? "?"} into node_modules)...`);
  const code = await run([...pnpm, "install", "--frozen-lockfile"]);
  if (code !== 0) process.exit(code);
  writeFileSync(stampFile, wanted);
}
process.exit(await run([...pnpm, "run", script, ...args]));
