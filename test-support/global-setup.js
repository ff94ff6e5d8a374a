// @ts-check
// Prepares the test databases once per run: a migrated template database, cloned for each
// Jest worker (real PostgreSQL from DATABASE_URL), or one embedded database when unset.
import { join } from "node:path";
import pg from "pg";
import { applyMigrations, repoRoot } from "../scripts/lib/prisma-cli.js";
import { startEmbeddedPostgres } from "../scripts/lib/embedded-postgres.js";
import { templateDatabaseName as TEMPLATE, workerDatabaseName, withDatabase } from "./databases.js";

/** @param {{ maxWorkers: number }} globalConfig */
export default async function globalSetup(globalConfig) {
  const base = process.env.DATABASE_URL;
  if (!base) {
    const embedded = await startEmbeddedPostgres({ dataDir: join(repoRoot, ".data", "pglite-test") });
    /** @type {any} */ (globalThis).__cubicleEmbedded = embedded;
    await applyMigrations(embedded.url);
    // One connection per master and no named statements, as `npm start` does on the embedded database.
    process.env.DB_POOL_MAX = "1";
    process.env.DB_PREPARED_STATEMENTS = "false";
    process.env.DB_LISTEN = "false";
    process.env.CUBICLE_TEST_EMBEDDED = "1";
    process.env.CUBICLE_TEST_DATABASE_URLS = JSON.stringify({ 1: embedded.url });
    return;
  }

  const admin = new pg.Client({ connectionString: base });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(`cannot reach the PostgreSQL server in DATABASE_URL (${/** @type {Error} */ (err).message}); start it, or unset DATABASE_URL to test on the embedded database`);
  }
  try {
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [TEMPLATE]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${TEMPLATE}`);
    await applyMigrations(withDatabase(base, TEMPLATE));
    /** @type {Record<number, string>} */
    const urls = {};
    for (let worker = 1; worker <= globalConfig.maxWorkers; worker++) {
      const name = workerDatabaseName(worker);
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE}`);
      urls[worker] = withDatabase(base, name);
    }
    process.env.CUBICLE_TEST_DATABASE_URLS = JSON.stringify(urls);
  } finally {
    await admin.end();
  }
}
