// @ts-check
// `pnpm bench [--quick]`: prepares a database, then runs the bench runner (bench/dist/main.js)
// against it. With DATABASE_URL set it uses a scratch database on that server (dropped and
// made again each run, dropped at the end: your data is never touched); without it, an
// embedded PostgreSQL in memory, kept in this process so the runner's load generator does
// not share a thread with it.
import { spawn } from "node:child_process";
import { join } from "node:path";
import pg from "pg";
import { applyMigrations, repoRoot } from "./lib/prisma-cli.js";
import { startEmbeddedPostgres } from "./lib/embedded-postgres.js";
import { withDatabase } from "./lib/database-url.js";

const log = (/** @type {string} */ msg) => console.error(`[bench] ${msg}`);
const scratchName = process.env.BENCH_DATABASE ?? "cubicle_bench";
if (!/^[a-z_][a-z0-9_]{0,62}$/.test(scratchName)) throw new Error(`BENCH_DATABASE must be a lower-case SQL identifier, got '${scratchName}'`);

/** @param {string} serverUrl @param {string} sql */
async function admin(serverUrl, sql) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** @type {() => Promise<void>} */
let release = async () => {};
/** @type {string} */
let databaseUrl;
/** @type {string} */
let label;
if (process.env.DATABASE_URL) {
  const server = process.env.DATABASE_URL;
  await admin(server, `DROP DATABASE IF EXISTS ${scratchName} WITH (FORCE)`);
  await admin(server, `CREATE DATABASE ${scratchName}`);
  databaseUrl = withDatabase(server, scratchName);
  release = () => admin(server, `DROP DATABASE IF EXISTS ${scratchName} WITH (FORCE)`);
  label = `PostgreSQL at ${new URL(server).host}, scratch database ${scratchName}`;
} else {
  const embedded = await startEmbeddedPostgres({ dataDir: "memory://" });
  databaseUrl = embedded.url;
  release = () => embedded.stop();
  label = "embedded PostgreSQL (PGlite, one connection)";
}

let code = 1;
try {
  log(`applying migrations to the ${label}`);
  await applyMigrations(databaseUrl);
  const runner = spawn(process.execPath, [join(repoRoot, "bench", "dist", "main.js"), ...process.argv.slice(2)], {
    stdio: "inherit",
    env: { ...process.env, BENCH_DATABASE_URL: databaseUrl, BENCH_DATABASE_LABEL: label, BENCH_EMBEDDED: process.env.DATABASE_URL ? "0" : "1" },
  });
  // Ctrl-C reaches the runner too (same process group); it stops its servers and exits.
  process.on("SIGINT", () => {});
  process.on("SIGTERM", () => runner.kill("SIGTERM"));
  code = await new Promise((resolve) => runner.once("exit", (c, signal) => resolve(c ?? (signal ? 1 : 0))));
} finally {
  await release().catch((err) => log(`could not remove the scratch database: ${err instanceof Error ? err.message : err}`));
}
process.exit(code);
