import { hostname } from "node:os";
import { NODE_ID_PATTERN, parseEnv } from "@cubicle/contracts";

export interface NodeAgentConfig {
  AGENT_HOST: string;
  AGENT_PORT: number;
  /** This node's id, unique in the cluster (default: from the host name). */
  AGENT_NODE_ID: string;
  /** Running sandboxes the node holds at most. */
  AGENT_CAPACITY: number;
  /** The bearer token master must send (unset: none needed). */
  AGENT_TOKEN?: string;
  /** Where masters reach this agent (default: http://AGENT_HOST:AGENT_PORT, loopback for 0.0.0.0). */
  AGENT_ADVERTISE_URL?: string;
  /** Masters to register and heartbeat through: one URL or several, comma-separated. */
  MASTER_URL: string;
  MASTER_TOKEN?: string;
  /** How often the agent tells master it is alive (and its load). */
  AGENT_HEARTBEAT_MS: number;
  /** How long each simulated sandbox call takes. */
  AGENT_DELAY_MS: number;
  /**
   * A file where the agent keeps its sandboxes, so that a restarted agent finds them again
   * (as a real node's VMs outlive its agent). Unset: a restart loses them.
   */
  AGENT_STATE_FILE?: string;
  /** On SIGTERM, how long readiness fails before the agent stops taking connections. */
  AGENT_DRAIN_MS: number;
  /** How long the lifecycle log of an ended sandbox is kept (in memory, for at most 1,000 sandboxes); 0: none. */
  AGENT_ENDED_LOGS_MS: number;
  LOG_LEVEL: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
}

const int = (minimum: number, maximum: number, dflt: number) => ({ type: "integer", minimum, maximum, default: dflt });
const origin = "^https?://[^/?#\\s,]+/?$";

const schema = {
  type: "object",
  required: ["MASTER_URL"],
  properties: {
    AGENT_HOST: { type: "string", minLength: 1, default: "127.0.0.1" },
    AGENT_PORT: int(0, 65535, 3200),
    AGENT_NODE_ID: { type: "string", pattern: NODE_ID_PATTERN, description: "1 to 63 lower-case letters, digits or '-', starting with a letter or digit" },
    AGENT_CAPACITY: int(0, 10_000_000, 10_000),
    AGENT_TOKEN: { type: "string", minLength: 16 },
    AGENT_ADVERTISE_URL: { type: "string", pattern: origin, description: "an origin such as http://10.0.0.5:3200" },
    MASTER_URL: { type: "string", pattern: "^https?://[^/?#\\s,]+/?(\\s*,\\s*https?://[^/?#\\s,]+/?)*$", description: "one or more origins, comma-separated, e.g. http://master-1:3100,http://master-2:3100" },
    MASTER_TOKEN: { type: "string", minLength: 16 },
    AGENT_HEARTBEAT_MS: int(50, 600_000, 1_000),
    AGENT_DELAY_MS: int(0, 600_000, 0),
    AGENT_STATE_FILE: { type: "string", minLength: 1 },
    AGENT_DRAIN_MS: int(0, 600_000, 2_000),
    AGENT_ENDED_LOGS_MS: int(0, 604_800_000, 3_600_000),
    LOG_LEVEL: { type: "string", enum: ["fatal", "error", "warn", "info", "debug", "trace", "silent"], default: "info" },
  },
} as const;

/** A node id from the host name: lower-cased, other characters as '-'. */
export function nodeIdFromHost(host = hostname()): string {
  const id = host.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+/, "").slice(0, 63);
  return id || "node";
}

export function loadConfig(env: Record<string, string | undefined> = process.env): NodeAgentConfig {
  if (!env.MASTER_URL) {
    throw new Error(
      "MASTER_URL is not set: a node agent registers with master, e.g.\n" +
        "  MASTER_URL=http://127.0.0.1:3100 AGENT_NODE_ID=node-1 pnpm --filter @cubicle/node-agent start",
    );
  }
  const config = parseEnv<NodeAgentConfig>(schema, env);
  config.AGENT_NODE_ID ??= nodeIdFromHost();
  return config;
}
