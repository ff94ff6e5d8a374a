import { SANDBOX_ID_PATTERN, TEMPLATE_ID_PATTERN, UUID_PATTERN } from "../ids.js";
import { SANDBOX_METRICS_BATCH_MAX, SANDBOX_ON_TIMEOUT, sandboxEnvVars, sandboxIdsQuerySchema, sandboxMetadata, type SandboxOnTimeout } from "./sandboxes.js";
import { CPU_COUNT, MEMORY_MB } from "./master.js";

/**
 * Node agents and master: an agent registers and heartbeats into master's API
 * (`PUT /nodes/{nodeId}`); master calls the agent's API (`/sandboxes…`) for every sandbox
 * it placed there. Both sides validate with these schemas.
 */

export const NODE_ID_PATTERN = "^[a-z0-9][a-z0-9-]{0,62}$";
export const nodeIdSchema = { type: "string", pattern: NODE_ID_PATTERN, description: "1 to 63 lower-case letters, digits or '-', starting with a letter or digit" } as const;
export const nodeParamsSchema = { type: "object", required: ["nodeId"], properties: { nodeId: nodeIdSchema } } as const;

/** What a node agent tells master each heartbeat. */
export interface NodeHeartbeat {
  /** Where masters reach the agent (an origin). */
  address: string;
  /** Sandboxes the node runs at most. */
  capacity: number;
  /** Sandboxes it runs now. */
  load: number;
  /** Changes each time the agent process starts: a new one means its sandboxes must be reconciled. */
  bootId: string;
  /** The agent is shutting down: mark the node down now rather than after missed heartbeats. */
  leaving?: boolean;
}

export const nodeHeartbeatSchema = {
  type: "object",
  additionalProperties: false,
  required: ["address", "capacity", "load", "bootId"],
  properties: {
    address: { type: "string", maxLength: 512, pattern: "^https?://[^/?#\\s]+$", description: "an origin such as http://10.0.0.5:3200 (no path)" },
    capacity: { type: "integer", minimum: 0, maximum: 10_000_000 },
    load: { type: "integer", minimum: 0, maximum: 10_000_000 },
    bootId: { type: "string", pattern: UUID_PATTERN },
    leaving: { type: "boolean" },
  },
} as const;

export type NodeState = "up" | "down";

export interface NodeView {
  nodeId: string;
  address: string;
  capacity: number;
  load: number;
  /** `down` once it has missed heartbeats for the master's NODE_DOWN_AFTER_MS. */
  state: NodeState;
  lastSeenAt: string;
  registeredAt: string;
}

/** The sandbox states a node agent knows. */
export type AgentSandboxState = "running" | "paused";

/** What master asks a node agent to start. */
export interface AgentCreateRequest {
  sandboxId: string;
  templateId: string;
  buildId: string;
  image: string;
  cpuCount: number;
  memoryMB: number;
  /** When the node stops the sandbox on its own (ISO 8601). */
  endAt: string;
  metadata: Record<string, string>;
  envVars: Record<string, string>;
  /** At `endAt` a running sandbox is stopped (`kill`, the default) or paused (`pause`). */
  onTimeout?: SandboxOnTimeout;
  /** A sandbox paused at its end time is kept this many seconds after that end time, then stopped. */
  pausedRetentionS?: number;
  /** What the template's build made: its envd version and root filesystem size (the agent's own defaults when absent). */
  envdVersion?: string;
  diskSizeMB?: number;
}

export const agentCreateSchema = {
  type: "object",
  additionalProperties: false,
  required: ["sandboxId", "templateId", "buildId", "image", "cpuCount", "memoryMB", "endAt", "metadata", "envVars"],
  properties: {
    sandboxId: { type: "string", pattern: SANDBOX_ID_PATTERN },
    templateId: { type: "string", pattern: TEMPLATE_ID_PATTERN },
    buildId: { type: "string", pattern: UUID_PATTERN },
    image: { type: "string", minLength: 1, maxLength: 512 },
    cpuCount: { type: "integer", minimum: CPU_COUNT.min, maximum: CPU_COUNT.max },
    memoryMB: { type: "integer", minimum: MEMORY_MB.min, maximum: MEMORY_MB.max },
    endAt: { type: "string", format: "date-time" },
    metadata: sandboxMetadata,
    envVars: sandboxEnvVars,
    onTimeout: { type: "string", enum: SANDBOX_ON_TIMEOUT },
    pausedRetentionS: { type: "integer", minimum: 0, maximum: 31_536_000 },
    envdVersion: { type: "string", pattern: "^[0-9]+\\.[0-9]+\\.[0-9]+$" },
    diskSizeMB: { type: "integer", minimum: 1, maximum: 10_000_000 },
  },
} as const;

/**
 * A sandbox's new end time: for `POST /sandboxes/{id}/timeout` (a running sandbox's end),
 * `…/pause` (until when the paused sandbox is kept) and `…/resume` (the resumed sandbox's
 * end). Pause and resume may omit it (the end time stays).
 */
export interface AgentEndAtRequest {
  endAt: string;
}

export const agentEndAtSchema = {
  type: "object",
  additionalProperties: false,
  required: ["endAt"],
  properties: { endAt: { type: "string", format: "date-time" } },
} as const;

export const agentOptionalEndAtSchema = { ...agentEndAtSchema, required: [] } as const;

/** `GET /sandboxes/metrics?ids=a,b`: the metrics of several sandboxes (those the node holds); read with `sandboxIdsOf`. */
export const AGENT_METRICS_BATCH_MAX = SANDBOX_METRICS_BATCH_MAX;
export const agentMetricsQuerySchema = sandboxIdsQuerySchema;

export interface AgentMetricsBatch {
  /** By sandbox id; ids the node does not hold are left out. */
  metrics: Record<string, AgentSandboxMetrics>;
}

export const agentSandboxParamsSchema = { type: "object", required: ["sandboxId"], properties: { sandboxId: { type: "string", pattern: SANDBOX_ID_PATTERN } } } as const;

/** A sandbox as its node agent holds it. */
export interface AgentSandboxView {
  sandboxId: string;
  node: string;
  state: AgentSandboxState;
  templateId: string;
  cpuCount: number;
  memoryMB: number;
  envdVersion: string;
  diskSizeMB: number;
  startedAt: string;
  /** Running: when it times out. Paused: until when it is kept. */
  endAt: string;
  onTimeout: SandboxOnTimeout;
  /** When it was last paused; null while it has never been paused. */
  pausedAt: string | null;
}

export interface AgentSandboxList {
  sandboxes: AgentSandboxView[];
}

/** What the node knows of a sandbox's resources: its configured size; a simulated sandbox uses nothing. */
export interface AgentSandboxMetrics {
  timestamp: string;
  cpuCount: number;
  cpuUsedPct: number;
  memTotalMiB: number;
  memUsedMiB: number;
  diskTotalMiB: number;
  diskUsedMiB: number;
}

/** `GET /sandboxes/{id}/logs`: a sandbox's lifecycle events, oldest first (also for a sandbox ended a short while ago). */
export interface AgentLogs {
  logs: AgentLogEntry[];
}

/** One lifecycle event of a sandbox on its node. */
export interface AgentLogEntry {
  timestamp: string;
  level: "info" | "warn" | "error";
  message: string;
}
