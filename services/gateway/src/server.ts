import { once } from "node:events";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import type { Logger } from "pino";
import { createDrain, createLogger, gracefulStop, answerMalformedRequests } from "@cubicle/service-kit";
import { createMasterClient, type MasterClient } from "@cubicle/master-client";
import type { GatewayConfig } from "./config.js";
import { generateApiKey } from "@cubicle/contracts";
import { createKeyResolver, parseApiKeys } from "./domain/api-keys.js";
import { createTemplateRefs } from "./domain/template-refs.js";
import { createApp, type RateLimits } from "./entry-points/http/app.js";
import { createRateLimitStores } from "./entry-points/http/middleware/rate-limit-store.js";

export interface GatewayHandle {
  url: string;
  server: Server;
  logger: Logger;
  /** Set when `API_KEYS` was not: the key made at this start (a key of the default team, kept until revoked). */
  generatedApiKey?: string;
  close(): Promise<void>;
}

const rateLimits = (c: GatewayConfig): RateLimits => ({
  windowMs: c.RATE_LIMIT_WINDOW_MS,
  lookups: c.RATE_LIMIT_LOOKUPS,
  creates: c.RATE_LIMIT_CREATES,
  sandboxes: c.RATE_LIMIT_SANDBOXES,
  reads: c.RATE_LIMIT_READS,
  writes: c.RATE_LIMIT_WRITES,
  authFailures: c.RATE_LIMIT_AUTH_FAILURES,
});

/** The composition root: builds every part of the gateway from its configuration and starts it. */
export async function startGateway(config: GatewayConfig, overrides: { logger?: Logger; master?: MasterClient } = {}): Promise<GatewayHandle> {
  const logger = overrides.logger ?? createLogger(config.LOG_LEVEL, "gateway");
  const configured = config.API_KEYS ? parseApiKeys(config.API_KEYS) : [];
  const generatedApiKey = configured.length === 0 ? generateApiKey() : undefined;

  const master =
    overrides.master ??
    createMasterClient({
      baseUrl: config.MASTER_URL,
      token: config.MASTER_TOKEN,
      timeoutMs: config.MASTER_TIMEOUT_MS,
      connectTimeoutMs: config.MASTER_CONNECT_TIMEOUT_MS,
      connections: config.MASTER_CONNECTIONS,
      sandboxCreateTimeoutMs: config.SANDBOX_CREATE_TIMEOUT_MS,
    });
  const keys = createKeyResolver({
    master,
    configured: generatedApiKey
      ? [{ key: generatedApiKey, name: `made at gateway start ${new Date().toISOString()}` }]
      : configured.map((key) => ({ key, name: "API_KEYS" })),
    ttlMs: config.AUTH_CACHE_TTL_MS,
    negativeTtlMs: config.AUTH_CACHE_NEGATIVE_TTL_MS,
    max: config.AUTH_CACHE_MAX,
  });
  const drain = createDrain(config.GATEWAY_DRAIN_MS);
  const rateLimitStores = createRateLimitStores({ url: config.REDIS_URL, prefix: config.RATE_LIMIT_REDIS_PREFIX }, logger);
  const app = createApp({
    logger,
    keys,
    adminToken: config.ADMIN_TOKEN,
    master,
    refs: createTemplateRefs(master),
    rateLimits: rateLimits(config),
    rateLimitStores,
    sandboxMode: config.SANDBOX_MODE,
    sandboxDomain: config.SANDBOX_DOMAIN,
    publicUrl: config.PUBLIC_URL,
    drain,
  });

  const server = app.listen(config.GATEWAY_PORT, config.GATEWAY_HOST);
  // Node's default (5 min) would cut a large upload short; other bodies are small (64 KiB).
  server.requestTimeout = config.REQUEST_TIMEOUT_MS;
  const stopServer = gracefulStop(server);
  answerMalformedRequests(server);
  await once(server, "listening");
  server.keepAliveTimeout = 65_000;
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.GATEWAY_HOST === "0.0.0.0" ? "127.0.0.1" : config.GATEWAY_HOST}:${port}`;
  logger.info({ url, node: process.version, masters: config.MASTER_URL.split(",").map((u) => u.trim()), apiKeys: configured.length, admin: config.ADMIN_TOKEN ? "on" : "off", rateLimits: rateLimits(config), sandboxMode: config.SANDBOX_MODE, sandboxDomain: config.SANDBOX_DOMAIN }, "gateway listening");

  let closing: Promise<void> | undefined;
  return {
    url,
    server,
    logger,
    ...(generatedApiKey && { generatedApiKey }),
    close() {
      closing ??= (async () => {
        // Readiness fails first, so that a load balancer stops sending before the server stops.
        await drain.begin();
        await stopServer();
        await rateLimitStores.close();
        if (!overrides.master) await master.close();
      })();
      return closing;
    },
  };
}
