import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { connect, createServer, type Server, type Socket } from "node:net";
import { createClient } from "redis";
import { freePort } from "../../../test-support/http.js";
import { eventually, expectGatewayError, startTestGateway, useTestGateway, type GatewayClient, type Reply, type TestGateway } from "./support.js";

// The gateways under test come from each describe; this one only provides master.
const ctx = useTestGateway();

/** The tests' Redis (always there in CI). Each run counts under keys of its own, deleted at its end. */
const REDIS_URL = process.env.CUBICLE_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const RUN_PREFIX = `cubicle-test:rl:${randomUUID()}:`;
const redis = createClient({ url: REDIS_URL, socket: { connectTimeout: 2_000, reconnectStrategy: false } });
redis.on("error", () => undefined);

beforeAll(async () => {
  await redis.connect().catch((err: Error) => {
    throw new Error(`cannot reach the tests' Redis at ${REDIS_URL} (${err.message}): start one, or set CUBICLE_TEST_REDIS_URL`);
  });
});

afterAll(async () => {
  if (!redis.isOpen) return;
  const keys = await redis.keys(`${RUN_PREFIX}*`);
  if (keys.length > 0) await redis.del(keys);
  redis.destroy();
});

const KEY_1 = "redis-limit-key-one-0123456789";
const KEY_2 = "redis-limit-key-two-0123456789";
const LOOKUP = "/templates/rl-redis-nobody";

/** A gateway's environment: its limits counted in the Redis at `redisUrl`, under this run's keys for `part`. */
const gatewayEnv = (redisUrl: string, part: string, env: Record<string, string>) => ({
  MASTER_URL: ctx.master.url,
  API_KEYS: `${KEY_1}, ${KEY_2}`,
  REDIS_URL: redisUrl,
  RATE_LIMIT_REDIS_PREFIX: `${RUN_PREFIX}${part}:`,
  RATE_LIMIT_WINDOW_MS: "60000",
  ...env,
});

/** Whether the request was counted: a limiter whose store failed lets it through without RateLimit headers. */
const counted = (r: Reply) => r.headers.has("ratelimit");

/** Waits until the gateway counts in Redis, probing with reads (a budget these tests leave alone). */
const countingInRedis = (api: GatewayClient) => eventually(async () => (counted(await api.get("/templates")) ? true : undefined), 10_000, "the gateway to count in Redis");

function expectRateLimited(r: Reply) {
  expectGatewayError(r, 429, "rate_limited");
  const retryAfter = Number(r.headers.get("retry-after"));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(60);
}

/** A lookup that was served though its limiter could not count it. */
function expectServedUncounted(r: Reply) {
  expectGatewayError(r, 404, "template_not_found");
  expect(counted(r)).toBe(false);
}

async function msToRun(fn: () => Promise<unknown>): Promise<number> {
  const start = Date.now();
  await fn();
  return Date.now() - start;
}

/**
 * A TCP relay to the tests' Redis on a free port: not started or stopped, Redis is unreachable;
 * stalled, it no longer answers.
 */
async function redisRelay() {
  const port = await freePort();
  const target = new URL(REDIS_URL);
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let stalled = false;
  const url = new URL(REDIS_URL);
  url.host = `127.0.0.1:${port}`;
  return {
    url: url.toString(),
    async start() {
      stalled = false;
      server = createServer((downstream) => {
        const upstream = connect(Number(target.port || 6379), target.hostname);
        for (const socket of [downstream, upstream]) {
          sockets.add(socket);
          socket.on("error", () => undefined);
          socket.on("close", () => {
            sockets.delete(socket);
            downstream.destroy();
            upstream.destroy();
          });
        }
        downstream.pipe(upstream);
        upstream.on("data", (chunk: Buffer) => {
          if (!stalled) downstream.write(chunk);
        });
      });
      server.listen(port, "127.0.0.1");
      await once(server, "listening");
    },
    stall() {
      stalled = true;
    },
    async stop() {
      const running = server;
      server = undefined;
      if (!running?.listening) return;
      const closed = new Promise((resolve) => running.close(resolve));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

describe("two gateways with one REDIS_URL and RATE_LIMIT_LOOKUPS=3", () => {
  let one: TestGateway;
  let two: TestGateway;
  beforeAll(async () => {
    const env = gatewayEnv(REDIS_URL, "shared", { RATE_LIMIT_LOOKUPS: "3" });
    [one, two] = await Promise.all([startTestGateway(env), startTestGateway(env)]);
    await Promise.all([countingInRedis(one.api), countingInRedis(two.api)]);
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
  });

  test("share one budget per key: two lookups on one and one on the other pass; the next, on either → 429 with Retry-After", async () => {
    for (const api of [one.api, one.api, two.api]) {
      const r = await api.get(LOOKUP);
      expectGatewayError(r, 404, "template_not_found");
      expect(counted(r)).toBe(true);
    }
    expectRateLimited(await one.api.get(LOOKUP));
    expectRateLimited(await two.api.get(LOOKUP));
    const keys = await redis.keys(`${RUN_PREFIX}shared:lookups:*`);
    expect(keys).toHaveLength(1);
    expect(await redis.pTTL(keys[0]!)).toBeGreaterThan(0);
  });

  test("another API key still has its own budget", async () => {
    const [onOne, onTwo] = [one.as(KEY_2), two.as(KEY_2)];
    for (const api of [onTwo, onOne, onTwo]) expectGatewayError(await api.get(LOOKUP), 404, "template_not_found");
    expectRateLimited(await onOne.get(LOOKUP));
  });
});

describe("REDIS_URL where nothing listens", () => {
  test("the gateway starts, serves every request (unlimited: never 429 nor 500) and closes promptly", async () => {
    let gateway!: TestGateway;
    expect(await msToRun(async () => (gateway = await startTestGateway(gatewayEnv("redis://127.0.0.1:1", "nobody", { RATE_LIMIT_LOOKUPS: "1" }))))).toBeLessThan(2_000);
    try {
      for (let i = 0; i < 3; i++) expect(await msToRun(async () => expectServedUncounted(await gateway.api.get(LOOKUP)))).toBeLessThan(1_000);
    } finally {
      expect(await msToRun(() => gateway.close())).toBeLessThan(1_000);
    }
  });
});

describe("a Redis that comes after the gateway, goes away and comes back", () => {
  test("uncounted while it is away; counted again once it is back, with the counts it kept", async () => {
    const relay = await redisRelay();
    const gateway = await startTestGateway(gatewayEnv(relay.url, "later", { RATE_LIMIT_LOOKUPS: "2" }));
    try {
      for (let i = 0; i < 3; i++) expectServedUncounted(await gateway.api.get(LOOKUP));

      await relay.start();
      await countingInRedis(gateway.api);
      for (let i = 0; i < 2; i++) expectGatewayError(await gateway.api.get(LOOKUP), 404, "template_not_found");
      expectRateLimited(await gateway.api.get(LOOKUP));

      await relay.stop();
      for (let i = 0; i < 3; i++) expectServedUncounted(await gateway.api.get(LOOKUP));

      await relay.start();
      await countingInRedis(gateway.api);
      expectRateLimited(await gateway.api.get(LOOKUP));
    } finally {
      await gateway.close();
      await relay.stop();
    }
  });
});

describe("a Redis that stops answering", () => {
  test("a request waits a moment at most and is served; the gateway still closes promptly", async () => {
    const relay = await redisRelay();
    await relay.start();
    const gateway = await startTestGateway(gatewayEnv(relay.url, "stalled", { RATE_LIMIT_LOOKUPS: "1" }));
    try {
      await countingInRedis(gateway.api);
      relay.stall();
      for (let i = 0; i < 2; i++) expect(await msToRun(async () => expectServedUncounted(await gateway.api.get(LOOKUP)))).toBeLessThan(2_000);
    } finally {
      expect(await msToRun(() => gateway.close())).toBeLessThan(1_000);
      await relay.stop();
    }
  });
});
