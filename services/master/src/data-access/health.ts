import { readdirSync } from "node:fs";
import type { Db } from "./prisma.js";

export type Readiness = { ready: true } | { ready: false; reason: string };

/** The migrations this build of master expects: the folder names under prisma/migrations. */
export function expectedMigrations(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  } catch {
    return [];
  }
}

/** Ready = the database answers and every expected migration has been applied. */
export function createReadinessCheck(prisma: Db, expected: string[]) {
  return async (): Promise<Readiness> => {
    let applied: { migration_name: string }[];
    try {
      applied = await prisma.$queryRawUnsafe(
        `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      );
    } catch (err) {
      const missingTable = /_prisma_migrations|42P01|does not exist/.test(String((err as Error)?.message ?? err));
      return { ready: false, reason: missingTable ? "database has no migrations applied: run `pnpm db:migrate`" : "database is unreachable" };
    }
    const done = new Set(applied.map((r) => r.migration_name));
    const pending = expected.filter((m) => !done.has(m));
    return pending.length === 0 ? { ready: true } : { ready: false, reason: `${pending.length} migration(s) pending: run \`pnpm db:migrate\`` };
  };
}
