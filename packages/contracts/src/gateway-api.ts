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
  finishedAt: string | null;
  cpuCount: number;
  memoryMB: number;
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
}

/** E2B's `ListedSandbox` (its `SandboxDetail` has the same fields here). */
export interface E2bListedSandbox {
  sandboxID: string;
  templateID: string;
  alias?: string;
  clientID: string;
  startedAt: string;
  endAt: string;
  cpuCount: number;
  memoryMB: number;
  diskSizeMB: number;
  metadata: Record<string, string>;
  /** `unknown` while the sandbox's node is down. */
  state: "running" | "unknown";
  envdVersion: string;
}
