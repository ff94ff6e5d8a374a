import { fileURLToPath } from "node:url";
import { SANDBOX_TIMEOUT_S, parseEnv } from "@cubicle/contracts";

export interface MasterConfig {
  DATABASE_URL: string;
  DB_POOL_MAX: number;
  /** Longest a database statement may run (a lock wait included) before it is cancelled. */
  DB_STATEMENT_TIMEOUT_MS: number;
  /**
   * Hot queries as named prepared statements (parsed and planned once per connection). Off
   * where sessions are shared: the embedded PGlite, a transaction-mode pooler.
   */
  DB_PREPARED_STATEMENTS: boolean;
  /**
   * Hear other masters' name changes (LISTEN/NOTIFY) and cache lookups only while hearing
   * them. Off only where one master runs alone on a database that cannot relay
   * notifications between connections (the embedded PGlite).
   */
  DB_LISTEN: boolean;
  MASTER_HOST: string;
  MASTER_PORT: number;
  MASTER_TOKEN?: string;
  LOG_LEVEL: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** How long the simulated builder spends in each phase. */
  BUILD_PHASE_DELAY_MS: number;
  /** How long a master's claim on a build holds without renewal (a crashed master's builds resume after it). */
  BUILD_LEASE_MS: number;
  /** How often a master looks for builds nobody is running. */
  BUILD_SWEEP_MS: number;
  BUILD_CONCURRENCY: number;
  /** A build interrupted this many times is failed instead of resumed again. */
  BUILD_MAX_ATTEMPTS: number;
  /** An E2B build (`POST /v3/templates`) whose spec has not arrived after this long is failed, and a name it reserved released. */
  BUILD_SPEC_WAIT_MS: number;
  /** Where uploaded file sets are kept (shared by every master: any of them may run a build). */
  UPLOAD_DIR: string;
  /** The largest file set one upload may carry. */
  UPLOAD_MAX_BYTES: number;
  /** How long an upload link stays valid. */
  UPLOAD_LINK_TTL_MS: number;
  /** Longest a request may take to arrive whole (Node's request timeout): an upload of a template's files included. */
  REQUEST_TIMEOUT_MS: number;
  /** Uploaded file sets unused (neither stored nor asked about) this long are removed; 0 keeps them for good. */
  UPLOAD_RETENTION_MS: number;
  NAME_CACHE_TTL_MS: number;
  NAME_CACHE_MAX: number;
  NAME_CACHE_NEGATIVE_TTL_MS: number;
  NAME_CACHE_NEGATIVE_MAX: number;
  /** Deadline for each call to the node agent. */
  SANDBOX_AGENT_TIMEOUT_MS: number;
  /** The bearer token master sends to node agents (their AGENT_TOKEN). */
  AGENT_TOKEN?: string;
  /** A node whose last heartbeat is older than this is down. */
  NODE_DOWN_AFTER_MS: number;
  /** Ended sandboxes of a node down this long are forgotten without waiting for it. */
  NODE_FORGET_AFTER_MS: number;
  /** How often master reads the nodes table (placement and routing use what it read). */
  NODE_REFRESH_MS: number;
  /** How often each live node's sandboxes are compared with the records (besides when it comes back). */
  NODE_RECONCILE_MS: number;
  /** A sandbox a node runs with no record is stopped once it is this old (its record may still be on its way). */
  NODE_ORPHAN_GRACE_MS: number;
  /** On SIGTERM, how long readiness fails before master stops taking connections. */
  MASTER_DRAIN_MS: number;
  /** How often a master removes sandboxes past their end time. */
  SANDBOX_SWEEP_MS: number;
  /** Tries at writing a fast-mode sandbox's record before the sandbox is removed again. */
  SANDBOX_WRITE_ATTEMPTS: number;
  /** Pause before the second try, doubled before each later one. */
  SANDBOX_WRITE_RETRY_MS: number;
  /** The longest timeout a sandbox may be given, at create or later (seconds from then). */
  SANDBOX_MAX_TIMEOUT_S: number;
  /** How long a paused sandbox is kept (from its pause) before it is removed. */
  SANDBOX_PAUSED_RETENTION_S: number;
  /** How long an ended sandbox's logs can still be asked for (its node keeps them as long, by AGENT_ENDED_LOGS_MS). */
  SANDBOX_ENDED_LOGS_MS: number;
  /** Sandboxes per team, running or paused, for teams without a quota of their own (0 = unlimited). */
  TEAM_MAX_SANDBOXES: number;
  /** Templates per team, for teams without a quota of their own (0 = unlimited). */
  TEAM_MAX_TEMPLATES: number;
  /** Where the migrations live, to tell in /readyz whether all are applied. */
  MIGRATIONS_DIR: string;
}

const int = (minimum: number, maximum: number, dflt?: number) =>
  dflt === undefined ? { type: "integer", minimum, maximum } : { type: "integer", minimum, maximum, default: dflt };

const schema = {
  type: "object",
  required: ["DATABASE_URL"],
  properties: {
    DATABASE_URL: { type: "string", pattern: "^postgres(ql)?://" },
    DB_POOL_MAX: int(1, 200, 10),
    DB_STATEMENT_TIMEOUT_MS: int(100, 600_000, 3_000),
    DB_PREPARED_STATEMENTS: { type: "boolean", default: true },
    DB_LISTEN: { type: "boolean", default: true },
    MASTER_HOST: { type: "string", minLength: 1, default: "127.0.0.1" },
    MASTER_PORT: int(0, 65535, 3100),
    MASTER_TOKEN: { type: "string", minLength: 16 },
    LOG_LEVEL: { type: "string", enum: ["fatal", "error", "warn", "info", "debug", "trace", "silent"], default: "info" },
    BUILD_PHASE_DELAY_MS: int(0, 600_000, 500),
    BUILD_LEASE_MS: int(500, 3_600_000, 15_000),
    BUILD_SWEEP_MS: int(50, 600_000, 2_000),
    BUILD_CONCURRENCY: int(1, 1_000, 8),
    BUILD_MAX_ATTEMPTS: int(1, 100, 3),
    BUILD_SPEC_WAIT_MS: int(1_000, 604_800_000, 3_600_000),
    UPLOAD_DIR: { type: "string", minLength: 1, default: fileURLToPath(new URL("../../../.data/uploads", import.meta.url)) },
    UPLOAD_MAX_BYTES: int(1, 1_099_511_627_776, 1_073_741_824),
    UPLOAD_LINK_TTL_MS: int(1_000, 86_400_000, 1_800_000),
    UPLOAD_RETENTION_MS: int(0, 31_536_000_000, 604_800_000),
    REQUEST_TIMEOUT_MS: int(1_000, 86_400_000, 3_600_000),
    NAME_CACHE_TTL_MS: int(0, 86_400_000, 300_000),
    NAME_CACHE_MAX: int(1, 10_000_000, 4_096),
    NAME_CACHE_NEGATIVE_TTL_MS: int(0, 86_400_000, 30_000),
    NAME_CACHE_NEGATIVE_MAX: int(1, 10_000_000, 1_024),
    SANDBOX_AGENT_TIMEOUT_MS: int(50, 600_000, 10_000),
    AGENT_TOKEN: { type: "string", minLength: 16 },
    NODE_DOWN_AFTER_MS: int(100, 3_600_000, 5_000),
    NODE_REFRESH_MS: int(20, 60_000, 500),
    NODE_FORGET_AFTER_MS: int(1_000, 604_800_000, 3_600_000),
    NODE_RECONCILE_MS: int(1_000, 86_400_000, 60_000),
    NODE_ORPHAN_GRACE_MS: int(0, 86_400_000, 60_000),
    MASTER_DRAIN_MS: int(0, 600_000, 2_000),
    SANDBOX_SWEEP_MS: int(50, 600_000, 1_000),
    SANDBOX_WRITE_ATTEMPTS: int(1, 20, 3),
    SANDBOX_WRITE_RETRY_MS: int(0, 60_000, 50),
    SANDBOX_MAX_TIMEOUT_S: int(SANDBOX_TIMEOUT_S.min, SANDBOX_TIMEOUT_S.max, SANDBOX_TIMEOUT_S.defaultMax),
    SANDBOX_PAUSED_RETENTION_S: int(1, 31_536_000, 2_592_000),
    SANDBOX_ENDED_LOGS_MS: int(0, 604_800_000, 3_600_000),
    TEAM_MAX_SANDBOXES: int(0, 1_000_000, 100),
    TEAM_MAX_TEMPLATES: int(0, 1_000_000, 1_000),
    MIGRATIONS_DIR: { type: "string", default: fileURLToPath(new URL("../../../prisma/migrations", import.meta.url)) },
  },
} as const;

export function loadConfig(env: Record<string, string | undefined> = process.env): MasterConfig {
  if (!env.DATABASE_URL) {
    throw new Error(
      "DATABASE_URL is not set: master needs a PostgreSQL database, e.g.\n" +
        "  DATABASE_URL=postgresql://postgres@127.0.0.1:5432/cubicle pnpm --filter @cubicle/master start\n" +
        "(`npm start` at the repository root runs an embedded database when DATABASE_URL is unset)",
    );
  }
  return parseEnv<MasterConfig>(schema, env);
}
