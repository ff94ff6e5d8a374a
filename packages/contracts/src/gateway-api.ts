/** The shapes of the gateway's public API (E2B's field names); schemas/gateway.ts describes them. */

export type E2bBuildStatus = "waiting" | "building" | "ready" | "error";

export interface GatewayCreateTemplateRequest {
  name?: string;
  alias?: string;
  image: string;
  cpuCount?: number;
  memoryMB?: number;
}

export interface GatewayRebuildRequest {
  image?: string;
  cpuCount?: number;
  memoryMB?: number;
}

export interface E2bTemplateBuild {
  buildID: string;
  status: E2bBuildStatus;
  createdAt: string;
  updatedAt: string;
  /** Absent until the build has finished (E2B's field is not nullable). */
  finishedAt?: string;
  cpuCount: number;
  memoryMB: number;
  /** What a ready build made; absent before. */
  diskSizeMB?: number;
  envdVersion?: string;
}

/** What every template answer holds. */
interface E2bTemplateCore {
  templateID: string;
  names: string[];
  /** E2B's deprecated name for `names`: the same list. */
  aliases: string[];
  buildStatus: E2bBuildStatus;
  cpuCount: number;
  memoryMB: number;
  public: boolean;
}

export interface E2bTemplate extends E2bTemplateCore {
  buildID: string | null;
  buildCount: number;
  /** The root filesystem's size (MiB) and envd version of the build a sandbox starts from; 0 and "" before a build made them. */
  diskSizeMB: number;
  envdVersion: string;
  /** Sandboxes started from the template, and when the last one started. */
  spawnCount: number;
  lastSpawnedAt: string | null;
  createdBy: null;
  createdAt: string;
  updatedAt: string;
}

export interface E2bTemplateWithBuilds extends E2bTemplate {
  builds: E2bTemplateBuild[];
}

export interface E2bCreateTemplateResponse extends E2bTemplateCore {
  buildID: string;
}

export interface E2bBuildLogEntry {
  timestamp: string;
  level: "debug" | "info" | "warn" | "error";
  message: string;
  step?: string;
}

export interface E2bBuildStatusResponse {
  templateID: string;
  buildID: string;
  status: E2bBuildStatus;
  logs: string[];
  logEntries: E2bBuildLogEntry[];
  reason?: { message: string; step?: string };
}

export interface NameValidationResponse {
  valid: boolean;
  normalized: string;
  displayName?: string;
  reason?: string;
  message?: string;
  /** With reason `taken`: the team's template that holds the name. */
  templateID?: string;
}

export interface GatewayCreateSandboxRequest {
  templateID: string;
  timeout?: number;
  metadata?: Record<string, string>;
  envVars?: Record<string, string>;
  secure?: boolean;
  allow_internet_access?: boolean;
  autoPause?: boolean;
  autoPauseMemory?: boolean;
  autoResume?: { enabled?: unknown };
  mcp?: Record<string, unknown> | null;
  network?: Record<string, unknown>;
  iam?: Record<string, unknown>;
  volumeMounts?: unknown[];
}

/** E2B's `Sandbox`, plus the build it runs. */
export interface E2bSandbox {
  sandboxID: string;
  templateID: string;
  alias?: string;
  clientID: string;
  envdVersion: string;
  buildID: string;
  /** Where the sandbox's envd traffic goes (the gateway's SANDBOX_DOMAIN): never one of E2B's hosts. */
  domain: string;
}

/** `running`, `paused`, or `unknown` while the sandbox's node is down. */
export type E2bSandboxState = "running" | "paused" | "unknown";

/** E2B's `ListedSandbox`. */
export interface E2bListedSandbox {
  sandboxID: string;
  templateID: string;
  alias?: string;
  clientID: string;
  startedAt: string;
  /** Running: when it times out. Paused: until when it is kept. */
  endAt: string;
  cpuCount: number;
  memoryMB: number;
  diskSizeMB: number;
  metadata: Record<string, string>;
  state: E2bSandboxState;
  envdVersion: string;
}

/** E2B's `SandboxDetail`: the listed fields, where its envd traffic goes and what happens at its end time. */
export interface E2bSandboxDetail extends E2bListedSandbox {
  domain: string;
  lifecycle: { autoResume: false; onTimeout: "kill" | "pause" };
}

/** E2B's `SandboxMetric`: sizes in bytes, the time in RFC 3339 and in Unix seconds. */
export interface E2bSandboxMetric {
  timestamp: string;
  timestampUnix: number;
  cpuCount: number;
  cpuUsedPct: number;
  memUsed: number;
  memTotal: number;
  memCache: number;
  diskUsed: number;
  diskTotal: number;
}

export interface E2bSandboxesWithMetrics {
  sandboxes: Record<string, E2bSandboxMetric>;
}

export type E2bLogLevel = "debug" | "info" | "warn" | "error";

/** E2B's `SandboxLogEntry`. */
export interface E2bSandboxLogEntry {
  timestamp: string;
  level: E2bLogLevel;
  message: string;
  fields: Record<string, string>;
}

/** E2B's `SandboxLogs` (`GET /sandboxes/{id}/logs`): each entry also as a JSON line, as E2B's CLI reads them. */
export interface E2bSandboxLogs {
  logs: { timestamp: string; line: string }[];
  logEntries: E2bSandboxLogEntry[];
}

/** E2B's `SandboxLogsV2Response` (`GET /v2/sandboxes/{id}/logs`). */
export interface E2bSandboxLogsV2 {
  logs: E2bSandboxLogEntry[];
}

/** E2B's `SandboxTimeoutRequest`. */
export interface GatewaySandboxTimeoutRequest {
  timeout: number;
}

/** E2B's `SandboxRefreshRequest`. */
export interface GatewaySandboxRefreshRequest {
  duration?: number;
}

/** E2B's `SandboxPauseRequest`: only a full (memory) pause is offered. */
export interface GatewaySandboxPauseRequest {
  memory?: boolean;
}

/** E2B's `ConnectSandbox` (its `timeout` may be left out: the default then). */
export interface GatewayConnectSandboxRequest {
  timeout?: number;
  memory?: boolean;
}

/** E2B's deprecated `ResumedSandbox`. */
export interface GatewayResumeSandboxRequest {
  timeout?: number;
  autoPause?: boolean;
  memory?: boolean;
}

/** E2B's `TemplateBuildRequestV3` (and the deprecated V2's `alias`). */
export interface GatewayTemplateBuildRequest {
  name?: string;
  alias?: string;
  tags?: string[];
  teamID?: string;
  cpuCount?: number;
  memoryMB?: number;
  minFreeDiskMb?: number;
}

export interface E2bTemplateRequestResponseV3 {
  templateID: string;
  buildID: string;
  public: boolean;
  names: string[];
  tags: string[];
  aliases: string[];
}

export interface E2bTemplateLegacy {
  templateID: string;
  buildID: string;
  cpuCount: number;
  memoryMB: number;
  diskSizeMB: number;
  public: boolean;
  aliases: string[];
  createdAt: string;
  updatedAt: string;
  createdBy: null;
  lastSpawnedAt: string | null;
  spawnCount: number;
  buildCount: number;
  envdVersion: string;
}
