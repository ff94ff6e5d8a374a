// @ts-check
// Builds the web console (packages/console, a Vite app) into packages/console/dist, which the
// gateway serves at /console/, but only when the console's inputs changed since the last build:
// `npm test` and `npm start` run this every time (after `tsc -b`), and Vite takes seconds.
// The inputs are hashed (the console's sources, index.html, Vite config, manifest, the workspace
// packages it bundles, the lockfile and this script); the hash of a build is kept in
// dist/.build-hash (a dotfile: not served). `--force` builds anyway.
// Vite runs on the Node that runs this script (the repo's pinned one under pnpm) and writes into
// a folder of its own, which then replaces dist: a gateway serving dist meanwhile, or another
// build at the same time, never sees half a build.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const consoleDir = join(root, "packages", "console");
const dist = join(consoleDir, "dist");
const STAMP = ".build-hash";
const force = process.argv.includes("--force");

/**
 * Every file under `dir` but tests, in a stable order (none if it does not exist).
 * @param {string} dir
 * @returns {string[]}
 */
function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && !/\.test\.tsx?$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** What the build is made from: the console's files and those of the workspace packages it bundles. */
function inputFiles() {
  const manifest = JSON.parse(readFileSync(join(consoleDir, "package.json"), "utf8"));
  const files = [
    join(root, "pnpm-lock.yaml"),
    fileURLToPath(import.meta.url),
    ...["package.json", "index.html", "vite.config.ts", "tsconfig.json"].map((file) => join(consoleDir, file)),
    ...filesUnder(join(consoleDir, "src")),
    ...filesUnder(join(consoleDir, "public")),
  ];
  for (const [name, range] of Object.entries({ ...manifest.dependencies, ...manifest.devDependencies })) {
    if (!String(range).startsWith("workspace:")) continue;
    const dir = realpathSync(join(consoleDir, "node_modules", name));
    files.push(join(dir, "package.json"), ...filesUnder(join(dir, "src")));
  }
  return files;
}

function inputsHash() {
  const hash = createHash("sha256");
  for (const file of inputFiles()) {
    hash.update(relative(root, file)).update("\0");
    hash.update(existsSync(file) ? readFileSync(file) : "(none)").update("\0");
  }
  return hash.digest("hex");
}

const wanted = inputsHash();
const stampFile = join(dist, STAMP);
const built = existsSync(join(dist, "index.html")) && existsSync(stampFile) && readFileSync(stampFile, "utf8") === wanted;
if (built && !force) process.exit(0);

const started = Date.now();
console.log("[cubicle] building the web console (packages/console) with Vite...");
const manifestPath = createRequire(join(consoleDir, "package.json")).resolve("vite/package.json");
const vite = join(dirname(manifestPath), JSON.parse(readFileSync(manifestPath, "utf8")).bin.vite);
const cache = join(consoleDir, "node_modules", ".cache");
const out = join(cache, `dist-${process.pid}`);
// Each build writes into its own folder, so Vite's lock (one build of a project at a time) is not needed.
const result = spawnSync(process.execPath, [vite, "build", "--outDir", out, "--emptyOutDir", "--logLevel", "warn", "--bypass-lock"], { cwd: consoleDir, stdio: "inherit" });
if (result.status !== 0) {
  rmSync(out, { recursive: true, force: true });
  console.error(`[cubicle] the web console's build failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`})`);
  process.exit(1);
}
writeFileSync(join(out, STAMP), wanted);

// The new build replaces the old one. Another build that got there first is as good as this one.
const old = join(cache, `dist-old-${process.pid}`);
try {
  renameSync(dist, old);
} catch (err) {
  if (/** @type {NodeJS.ErrnoException} */ (err).code !== "ENOENT") throw err;
}
try {
  renameSync(out, dist);
} catch (err) {
  const code = /** @type {NodeJS.ErrnoException} */ (err).code;
  if (code !== "ENOTEMPTY" && code !== "EEXIST") throw err;
}
rmSync(out, { recursive: true, force: true });
rmSync(old, { recursive: true, force: true });
console.log(`[cubicle] web console built into packages/console/dist in ${((Date.now() - started) / 1000).toFixed(1)} s`);
