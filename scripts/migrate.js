// @ts-check
// `pnpm db:migrate`: applies pending migrations to DATABASE_URL.
import { applyMigrations } from "./lib/prisma-cli.js";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set: say which database to migrate, e.g.\n  DATABASE_URL=postgresql://postgres@127.0.0.1:5432/cubicle pnpm db:migrate");
  process.exit(2);
}
try {
  const result = await applyMigrations(url);
  console.log(result === "applied" ? "migrations applied" : "database is up to date");
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
