import { ConfigError, parseEnv } from "@cubicle/contracts";

export interface GatewayConfig {
  GATEWAY_HOST: string;
  GATEWAY_PORT: number;
  /** On SIGTERM, how long readiness fails before the gateway stops taking connections. */
  GATEWAY_DRAIN_MS: number;
  /** Master's origin; the gateway never shows it to callers. */
  MASTER_URL: string;
  MASTER_TOKEN?: string;
  /** Longest wait for master's answer to start (and between its parts); past it the caller gets 503 upstream_unavailable. */
  MASTER_TIMEOUT_MS: number;
  MASTER_CONNECT_TIMEOUT_MS: number;
  MASTER_CONNECTIONS: number;
  /** Comma-separated API keys of the default team. When unset the gateway makes one at start and prints it once. */
  API_KEYS?: string;
  /** Enables `/admin/…` (teams and their keys), sent as `X-Admin-Token`; unset, those paths answer 404. */
  ADMIN_TOKEN?: string;
  /** How long the gateway keeps whose an API key is: a key revoked elsewhere works here at most this much longer. */
  AUTH_CACHE_TTL_MS: number;
  /** How long it keeps "no such key". */
  AUTH_CACHE_NEGATIVE_TTL_MS: number;
  /** API keys it keeps at most (each of the two caches). */
  AUTH_CACHE_MAX: number;
  LOG_LEVEL: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  RATE_LIMIT_WINDOW_MS: number;
  /** Lookups per API key per window (0 = unlimited). */
  RATE_LIMIT_LOOKUPS: number;
  /** Template creates and rebuilds per API key per window (0 = unlimited). */
  RATE_LIMIT_CREATES: number;
  /** Sandbox creates per API key per window (0 = unlimited). */
  RATE_LIMIT_SANDBOXES: number;
  /** Other reads that reach master (lists, build status, sandbox details) per API key per window (0 = unlimited). */
  RATE_LIMIT_READS: number;
  /** Other writes that reach master (rename, delete, build start, sandbox kill) per API key per window (0 = unlimited). */
  RATE_LIMIT_WRITES: number;
  /** Requests with a missing or wrong API key per client address per window; past it, every request from that address is refused until the window ends (0 = unlimited). */
  RATE_LIMIT_AUTH_FAILURES: number;
  /** Redis in which the gateways count the per-key limits, sharing one budget per key; unset, each gateway counts in its own memory. */
  REDIS_URL?: string;
  /** Prefix of the gateway's keys in Redis. */
  RATE_LIMIT_REDIS_PREFIX: string;
  /** How sandbox ids are made unless a request's X-Cubicle-Sandbox-Mode header says otherwise. */
  SANDBOX_MODE: "fast" | "strong";
  /** Longest wait for master to create a sandbox (it waits for a node agent). */
  SANDBOX_CREATE_TIMEOUT_MS: number;
  /**
   * The `domain` of create and connect answers: E2B's SDK sends a sandbox's envd traffic
   * (commands, files) to `<port>-<sandboxID>.<domain>`. The default is a name under the
   * reserved `.localhost` TLD, so that traffic never reaches E2B's public hosts.
   */
  SANDBOX_DOMAIN: string;
  /**
   * This gateway's origin as its callers reach it (e.g. `https://api.example.com`): upload
   * links point at it. Unset, each link points at the origin its request came to.
   */
  PUBLIC_URL?: string;
  /**
   * Longest a request may take to arrive whole (Node's request timeout): an upload of a
   * template's files included, so it must allow a large one on a slow link (E2B's SDK waits an hour).
   */
  REQUEST_TIMEOUT_MS: number;
}

const int = (minimum: number, maximum: number, dflt: number) => ({ type: "integer", minimum, maximum, default: dflt });

const schema = {
  type: "object",
  properties: {
    GATEWAY_HOST: { type: "string", minLength: 1, default: "127.0.0.1" },
    GATEWAY_PORT: int(0, 65535, 3000),
    GATEWAY_DRAIN_MS: int(0, 600_000, 2_000),
    MASTER_URL: {
      type: "string",
      pattern: "^\\s*https?://[^/?#\\s,]+/?\\s*(,\\s*https?://[^/?#\\s,]+/?\\s*)*$",
      default: "http://127.0.0.1:3100",
      description: "one master's origin or several, comma-separated (e.g. http://master-1:3100,http://master-2:3100)",
    },
    MASTER_TOKEN: { type: "string", minLength: 16 },
    MASTER_TIMEOUT_MS: int(50, 600_000, 5_000),
    MASTER_CONNECT_TIMEOUT_MS: int(50, 60_000, 1_000),
    MASTER_CONNECTIONS: int(1, 10_000, 64),
    // Each key on its own: 16-256 printable characters other than the comma that separates them.
    API_KEYS: {
      type: "string",
      pattern: "^\\s*[\\x21-\\x2b\\x2d-\\x7e]{16,256}\\s*(,\\s*[\\x21-\\x2b\\x2d-\\x7e]{16,256}\\s*)*$",
      description: "comma-separated keys, each 16 to 256 printable characters",
    },
    ADMIN_TOKEN: { type: "string", minLength: 32, maxLength: 1024, pattern: "^[\\x21-\\x7e]+$", description: "32 to 1024 printable characters" },
    AUTH_CACHE_TTL_MS: int(0, 600_000, 5_000),
    AUTH_CACHE_NEGATIVE_TTL_MS: int(0, 600_000, 5_000),
    AUTH_CACHE_MAX: int(1, 10_000_000, 10_000),
    LOG_LEVEL: { type: "string", enum: ["fatal", "error", "warn", "info", "debug", "trace", "silent"], default: "info" },
    RATE_LIMIT_WINDOW_MS: int(1_000, 86_400_000, 60_000),
    RATE_LIMIT_LOOKUPS: int(0, 100_000_000, 6_000),
    RATE_LIMIT_CREATES: int(0, 100_000_000, 120),
    RATE_LIMIT_SANDBOXES: int(0, 100_000_000, 600),
    RATE_LIMIT_READS: int(0, 100_000_000, 6_000),
    RATE_LIMIT_WRITES: int(0, 100_000_000, 600),
    RATE_LIMIT_AUTH_FAILURES: int(0, 100_000_000, 60),
    REDIS_URL: { type: "string", pattern: "^rediss?://", description: "a redis:// or rediss:// URL" },
    RATE_LIMIT_REDIS_PREFIX: { type: "string", pattern: "^[\\x21-\\x7e]{1,200}$", default: "cubicle:rl:", description: "1 to 200 printable characters without blanks" },
    SANDBOX_MODE: { type: "string", enum: ["fast", "strong"], default: "fast" },
    SANDBOX_CREATE_TIMEOUT_MS: int(50, 600_000, 30_000),
    SANDBOX_DOMAIN: {
      type: "string",
      maxLength: 253,
      pattern: "^\\s*[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\s*$",
      default: "cubicle.localhost",
      description: "a host name (letters, digits and '-' in dot-separated labels of up to 63 characters), e.g. sandboxes.example.internal",
    },
    REQUEST_TIMEOUT_MS: int(1_000, 86_400_000, 3_600_000),
    PUBLIC_URL: { type: "string", pattern: "^https?://[^/?#\\s]+/?$", description: "an origin such as https://api.example.com (no path)" },
  },
} as const;

/** Whether the Redis client will take `url` (a host, a port up to 65535, at most a database number), else it would throw it, password included. */
function isRedisUrl(url: string): boolean {
  try {
    return /^(\/\d*)?$/.test(new URL(url).pathname);
  } catch {
    return false;
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  const config = parseEnv<GatewayConfig>(schema, env);
  if (config.REDIS_URL && !isRedisUrl(config.REDIS_URL)) throw new ConfigError(["REDIS_URL must be a redis:// or rediss:// URL: host, port, at most a database number"]);
  config.MASTER_URL = config.MASTER_URL.replace(/\/$/, "");
  if (config.PUBLIC_URL) config.PUBLIC_URL = config.PUBLIC_URL.replace(/\/$/, "");
  config.SANDBOX_DOMAIN = config.SANDBOX_DOMAIN.trim().toLowerCase();
  // A name, not an address: E2B's SDK puts a label in front of it.
  if (/^[0-9]+$/.test(config.SANDBOX_DOMAIN.split(".").at(-1)!)) throw new ConfigError(["SANDBOX_DOMAIN must be a host name, not an IP address (its last label has a letter)"]);
  return config;
}
