import { afterAll, describe, expect, test } from "@jest/globals";
import { AsyncLocalStorage } from "node:async_hooks";
import pg from "pg";
import { ContextPool } from "./context-pool.js";

// Which request each statement was sent for, as a trace context would say.
const request = new AsyncLocalStorage<string>();
const sentFor = new Map<string, string | undefined>();

function watched(pool: pg.Pool): pg.Pool {
  pool.on("connect", (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      const text = typeof args[0] === "string" ? args[0] : (args[0] as { text: string }).text;
      sentFor.set(text, request.getStore());
      return query(...args);
    };
  });
  return pool;
}

/** Request A holds the only connection for a while; request B's statement has to wait for it. */
async function contended(pool: pg.Pool) {
  const a = request.run("A", () => pool.query("SELECT pg_sleep(0.2) AS a"));
  await new Promise((r) => setTimeout(r, 50));
  const b = request.run("B", () => pool.query("SELECT 2 AS b"));
  await Promise.all([a, b]);
  return sentFor.get("SELECT 2 AS b");
}

describe("a query that waits for a free connection", () => {
  const pools: pg.Pool[] = [];
  afterAll(() => Promise.all(pools.map((p) => p.end())));
  const open = (Pool: typeof pg.Pool) => {
    const pool = watched(new Pool({ connectionString: process.env.DATABASE_URL, max: 1 }));
    pools.push(pool);
    return pool;
  };

  test("is sent in its caller's context, not in the context of the query that released the connection", async () => {
    expect(await contended(open(ContextPool))).toBe("B");
  });

  test("(pg's own pool sends it in the releasing query's context: what ContextPool is for)", async () => {
    expect(await contended(open(pg.Pool))).toBe("A");
  });

  test("a client taken by await (no callback) works as before, and goes back to the pool", async () => {
    const pool = open(ContextPool);
    const client = await pool.connect();
    try {
      expect((await client.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    } finally {
      client.release();
    }
    expect(pool.idleCount).toBe(1);
  });
});
