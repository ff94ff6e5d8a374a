import type { ClientRateLimitInfo, IncrementResponse, Options, Store } from "express-rate-limit";
import { RedisStore, type RedisReply } from "rate-limit-redis";
import { createClient } from "redis";
import type { Logger } from "pino";

/**
 * Where the per-key rate limits count. Several gateway replicas behind one address must share
 * one budget per API key, so with `REDIS_URL` the counts live in Redis: one client, and one
 * store per budget under its own prefix (a store serves a single limiter). Redis is optional:
 * without it each gateway counts in its own memory (express-rate-limit's store).
 *
 * Redis must never stop the gateway: it connects in the background, and while it is down or
 * stalled a command fails at once (no offline queue) or after `COMMAND_TIMEOUT_MS`, so the
 * limiters let requests through (see rate-limit.ts). Each outage is logged once.
 */
export interface RateLimitStores {
  /** A new store for one budget (keys `<prefix><budget>:<key id>`), or undefined: count in memory. */
  storeFor(budget: string): Store | undefined;
  /** Disconnects from Redis at once, reachable or not. */
  close(): Promise<void>;
}

const CONNECT_TIMEOUT_MS = 2_000;
const COMMAND_TIMEOUT_MS = 500;
/** Commands waiting for a stalled Redis, past which more fail at once. */
const MAX_PENDING_COMMANDS = 10_000;
const reconnectIn = (retries: number) => Math.min(100 * 2 ** retries, 5_000) + Math.floor(Math.random() * 100);

/** Store failures the store has taken care of (logged once per outage); the limiters do not log them again. */
const reported = new WeakSet<object>();
export const reportedByStore = (error: unknown): boolean => typeof error === "object" && error !== null && reported.has(error);

/**
 * rate-limit-redis loads its Lua scripts when its limiter is made, before the client has
 * connected, and keeps a failed load for good: it would never count. This one loads them
 * again at the next use.
 */
class RecoveringRedisStore extends RedisStore {
  override async init(options: Options): Promise<void> {
    await super.init(options).catch(() => undefined);
  }

  override async increment(key: string): Promise<IncrementResponse> {
    this.incrementScriptSha = this.incrementScriptSha.catch(() => this.loadIncrementScript());
    return super.increment(key);
  }

  override async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    this.getScriptSha = this.getScriptSha.catch(() => this.loadGetScript());
    return super.get(key);
  }
}

function outageLog(logger: Logger) {
  let down: boolean | undefined;
  return {
    failed(err: unknown) {
      if (down) return;
      down = true;
      logger.warn({ err }, "Redis unreachable or not answering: requests pass without rate limits until it answers again");
    },
    answered() {
      if (down === false) return;
      logger.info(down ? "Redis answers again: rate limits are enforced" : "rate limits are counted in Redis, shared by the gateways");
      down = false;
    },
  };
}

export function createRateLimitStores(redis: { url: string | undefined; prefix: string }, logger: Logger): RateLimitStores {
  const { url, prefix } = redis;
  if (!url) return { storeFor: () => undefined, close: async () => {} };

  const outage = outageLog(logger);
  let closed = false;
  const client = createClient({
    url,
    socket: { connectTimeout: CONNECT_TIMEOUT_MS, reconnectStrategy: reconnectIn },
    disableOfflineQueue: true,
    commandsQueueMaxLength: MAX_PENDING_COMMANDS,
  });
  client.on("error", (err: unknown) => {
    if (!closed) outage.failed(err);
  });
  client.on("ready", () => {
    if (!closed) outage.answered();
  });
  // The HTTP server keeps the process alive; a connection still opening at close must not.
  client.unref();
  client.connect().catch(() => undefined);

  const send = (args: string[]) =>
    new Promise<RedisReply>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Redis did not answer within ${COMMAND_TIMEOUT_MS} ms`)), COMMAND_TIMEOUT_MS);
      client
        .sendCommand<RedisReply>(args)
        .then(resolve, reject)
        .finally(() => clearTimeout(timer));
    });

  const sendCommand = async (...args: string[]): Promise<RedisReply> => {
    try {
      const reply = await send(args);
      outage.answered();
      return reply;
    } catch (err) {
      if (err instanceof Error && /^NOSCRIPT/.test(err.message)) throw err;
      // Not ready: the client's own error events tell of the outage (or it is still connecting).
      if (client.isReady) outage.failed(err);
      if (typeof err === "object" && err !== null) reported.add(err);
      throw err;
    }
  };

  return {
    storeFor: (budget) => new RecoveringRedisStore({ prefix: `${prefix}${budget}:`, sendCommand }),
    async close() {
      if (closed) return;
      closed = true;
      // Not close(): it waits for replies to pending commands, which a stalled Redis never sends.
      if (client.isOpen) client.destroy();
    },
  };
}
