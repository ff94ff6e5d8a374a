import { AsyncResource } from "node:async_hooks";
import pg from "pg";

/**
 * A `pg.Pool` whose queries run in their caller's async context even when they wait for a
 * connection.
 *
 * Why: `pool.query` asks `connect` for a client with a callback, and while every connection is
 * busy the pool queues that callback and calls it when some other query releases its client,
 * inside that other query's context. The query then starts there, so its trace span (and
 * anything else kept in AsyncLocalStorage) belongs to whichever request or background loop
 * released the connection, or to none: a busy master's traces lost their database spans or
 * gained other requests'. Prisma's driver adapter queries through the same `pool.query`.
 * Binding the callback to the context it was given in fixes both.
 */
export class ContextPool extends pg.Pool {
  override connect(): Promise<pg.PoolClient>;
  override connect(callback: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): void;
  override connect(callback?: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): Promise<pg.PoolClient> | void {
    // Without a callback the caller awaits a promise, whose continuation is in its own context.
    if (!callback) return super.connect();
    return super.connect(AsyncResource.bind(callback));
  }
}
