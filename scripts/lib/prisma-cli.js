// @ts-check
// Runs the Prisma CLI (migrations) against a database. Shared by `pnpm db:migrate`,
// `npm start` and the test setup, so migrations are applied the same way everywhere.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const prismaBin = createRequire(import.meta.url).resolve("prisma/build/index.js");

/**
 * @param {string[]} args
 * @param {string} databaseUrl
 * @returns {Promise<{ code: number, output: string }>}
 */
export function prisma(args, databaseUrl) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [prismaBin, ...args], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

/**
 * Applies pending migrations. `migrate status` (about 1 s) decides first, because
 * `migrate deploy` always takes about 11 s on these machines even with nothing to do.
 * @param {string} databaseUrl
 * @returns {Promise<"up-to-date" | "applied">}
 */
export async function applyMigrations(databaseUrl) {
  const status = await prisma(["migrate", "status"], databaseUrl);
  if (status.code === 0) return "up-to-date";
  const deploy = await prisma(["migrate", "deploy"], databaseUrl);
  if (deploy.code !== 0) {
    throw new Error(`applying migrations failed:\n${deploy.output.trim()}`);
  }
  return "applied";
}
