// @ts-check
// `pnpm db:new <name>`: writes a migration for the changes made to prisma/schema.prisma since
// the last commit (`prisma migrate dev` does not work with the engine-free setup we use).
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { prisma, repoRoot } from "./lib/prisma-cli.js";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: pnpm db:new <name>   (lower-case letters, digits and _)");
  process.exit(2);
}
const url = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

let from = ["--from-empty"];
try {
  const committed = execFileSync("git", ["show", "HEAD:prisma/schema.prisma"], { cwd: repoRoot, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  const file = join(mkdtempSync(join(tmpdir(), "cubicle-schema-")), "schema.prisma");
  writeFileSync(file, committed);
  from = ["--from-schema-datamodel", file];
} catch {
  // no committed schema yet: the first migration starts from an empty database
}

const diff = await prisma(["migrate", "diff", ...from, "--to-schema-datamodel", "prisma/schema.prisma", "--script"], url);
if (diff.code !== 0) {
  console.error(diff.output);
  process.exit(1);
}
const sql = diff.output.split("\n").filter((l) => !l.startsWith("Loaded Prisma config") && !l.startsWith("Prisma config detected")).join("\n").trim();
if (!sql || sql === "-- This is an empty migration.") {
  console.log("schema.prisma has no changes since the last commit: no migration written");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = join(repoRoot, "prisma", "migrations", `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, "migration.sql"), sql + "\n");
writeFileSync(join(repoRoot, "prisma", "migrations", "migration_lock.toml"), 'provider = "postgresql"\n');
console.log(`wrote ${join("prisma", "migrations", `${stamp}_${name}`, "migration.sql")}`);
