import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client.js";
import { ContextPool } from "./context-pool.js";

export type Db = InstanceType<typeof PrismaClient>;

export interface Database {
  prisma: Db;
  pool: pg.Pool;
  close(): Promise<void>;
}

/**
 * Every session gets `statement_timeout`, so a statement waiting on a lock another session
 * holds (or a slow query) is cancelled, and its request answered with a typed error, in
 * bounded time instead of stalling; and `idle_in_transaction_session_timeout`, so a
 * transaction whose client went quiet cannot hold its locks for good.
 */
export function openDatabase(url: string, poolMax: number, statementTimeoutMs: number): Database {
  const pool = new ContextPool({
    connectionString: url,
    max: poolMax,
    connectionTimeoutMillis: 5_000,
    statement_timeout: statementTimeoutMs,
    idle_in_transaction_session_timeout: Math.max(10_000, statementTimeoutMs * 4),
  });
  // A connection that dies while idle (database restarted) must not crash the process.
  pool.on("error", () => {});
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    pool,
    async close() {
      await prisma.$disconnect();
      await pool.end().catch(() => {});
    },
  };
}
