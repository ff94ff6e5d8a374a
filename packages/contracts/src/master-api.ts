/** The shapes master's internal API speaks: shared by master and its clients. */
import type { AgentSandboxMetrics } from "./schemas/nodes.js";
import type { SandboxOnTimeout } from "./schemas/sandboxes.js";

/**
 * Response header on a create's answer (sandbox, template, rebuild) that repeats an earlier
 * create's: same idempotency key, same request. Master and the gateway both send it.
 */
export const REPLAYED_HEADER = "idempotent-replayed";

export type TemplateStatus = "building" | "ready" | "failed";
export type BuildStatus = "waiting" | "building" | "ready" | "failed";

export interface CreateTemplateRequest {
  displayName?: string | null;
  image: string;
  cpuCount?: number;
  memoryMB?: number;
  /** Repeating a create with the same requestId and request answers the same template. */
  requestId?: string;
}

/** What a new build builds, and its state when it was accepted. */
export interface SubmittedBuild {
  buildId: string;
  buildStatus: BuildStatus;
  image: string;
  cpuCount: number;
  memoryMB: number;
}

export interface CreateTemplateResponse extends SubmittedBuild {
  templateId: string;
  displayName: string | null;
  status: TemplateStatus;
}

export interface RebuildRequest {
  image?: string;
  cpuCount?: number;
  memoryMB?: number;
  /** Repeating a rebuild with the same requestId and request answers the same build. */
  requestId?: string;
}

export interface RebuildResponse extends SubmittedBuild {
  templateId: string;
  displayName: string | null;
  status: TemplateStatus;
}

export interface SetDisplayNameRequest {
  templateId: string;
  displayName: string | null;
}

export interface BuildLogEntry {
  timestamp: string;
  level: "info" | "warn" | "error";
  message: string;
  /** The phase the build was in (for an E2B build spec: `base`, `1`, `2`, …, `finalize`). */
  step?: string;
}

export interface BuildView {
  buildId: string;
  templateId: string;
  status: BuildStatus;
  image: string;
  cpuCount: number;
  memoryMB: number;
  phase: string | null;
  reason: string | null;
  logs: BuildLogEntry[];
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** What a ready build made: its root filesystem's size and envd version; null before. */
  diskSizeMB: number | null;
  envdVersion: string | null;
}

export interface TemplateView {
  templateId: string;
  displayName: string | null;
  /** Other teams may read it and start sandboxes from it. */
  public: boolean;
  /** The spec of the ready build (before one is ready: of the latest build). */
  image: string;
  cpuCount: number;
  memoryMB: number;
  status: TemplateStatus;
  /** The build that is running or last finished, and its status. */
  latestBuildId: string | null;
  latestBuildStatus: BuildStatus | null;
  buildCount: number;
  /** The last build that reached `ready`: what a sandbox starts from. */
  readyBuildId: string | null;
  /** The root filesystem's size and the envd version of the ready build (else of the latest build); 0 and "" until a build has made them. */
  diskSizeMB: number;
  envdVersion: string;
  /** Sandboxes started from the template (by any team), and when the last one started. */
  spawnCount: number;
  lastSpawnedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface TemplateWithBuildsView extends TemplateView {
  builds: BuildView[];
}

export interface LookupResponse {
  templateId: string;
  /** Null only for a template looked up by id that has no name. */
  displayName: string | null;
  status: TemplateStatus;
  /** The build the tag names; without a tag, the ready (`default`) build when there is one, else the latest build. */
  buildId: string | null;
  /** The tag asked for (`my-app:v1` → `v1`), or null. */
  tag: string | null;
  /** Other teams may read it (by `team-slug/name` or id) and start sandboxes from it. */
  public: boolean;
}

/**
 * How master makes a sandbox's id. `fast`: md5 of name, namespace and creation time, before
 * the agent is called; the record is written after the caller is answered. `strong`: the
 * record is written first and its database-generated UUID is the id.
 */
export type SandboxMode = "fast" | "strong";

export interface CreateSandboxRequest {
  templateId: string;
  /** A ready build of the template (one a tag names); default its ready build. */
  buildId?: string;
  mode?: SandboxMode;
  /** Default `sb-<UnixNano>`. */
  name?: string;
  /** Default `default`. */
  namespace?: string;
  /** Repeating a create with the same requestId and body answers the same sandbox. */
  requestId?: string;
  /** Seconds until master removes the sandbox (default 300). */
  timeout?: number;
  metadata?: Record<string, string>;
  /** Handed to the node agent; never stored or shown. */
  envVars?: Record<string, string>;
  /** At its end time the sandbox is removed (`kill`, the default) or paused (`pause`, E2B's `autoPause`). */
  onTimeout?: SandboxOnTimeout;
}

export interface SandboxView {
  sandboxId: string;
  templateId: string;
  buildId: string;
  /** The template's display name (at creation for a create's answer, current for reads). */
  displayName: string | null;
  mode: SandboxMode;
  name: string;
  namespace: string;
  /** Creation time in nanoseconds since the Unix epoch, as a decimal string (a fast id is md5 of `name:namespace:<this>`). */
  createTimestamp: string;
  startedAt: string;
  endAt: string;
  /** Seconds from start (or from the last change of its timeout) to end, as last asked for. */
  timeout: number;
  cpuCount: number;
  memoryMB: number;
  diskSizeMB: number;
  metadata: Record<string, string>;
  /**
   * `running` or `paused` (kept, not running; `endAt` is then until when it is kept);
   * `unknown` while its node is down (not answering heartbeats): it may still run there.
   */
  state: SandboxState;
  onTimeout: SandboxOnTimeout;
  /** When it was last paused; null if it never was. */
  pausedAt: string | null;
  /** The node agent holding the sandbox. */
  node: string;
  envdVersion: string;
}

export type SandboxState = "running" | "paused" | "unknown";

/** `POST /sandboxes/{id}/timeout`: the running sandbox ends `timeout` seconds from now (sooner or later than before). */
export interface SetSandboxTimeoutRequest {
  timeout: number;
}

/** `POST /sandboxes/{id}/refreshes`: the running sandbox lives at least `duration` seconds from now (never shortened). */
export interface RefreshSandboxRequest {
  duration?: number;
}

/**
 * `POST /sandboxes/{id}/connect`: a paused sandbox is resumed and ends `timeout` seconds
 * from now; a running one lives at least that long (never shortened). With `onlyPaused`
 * (E2B's deprecated resume), a running sandbox is refused with 409 instead.
 */
export interface ConnectSandboxRequest {
  timeout?: number;
  onlyPaused?: boolean;
}

export interface ConnectedSandbox {
  sandbox: SandboxView;
  /** True when the sandbox was paused and is running again. */
  resumed: boolean;
}

/** `GET /sandbox-metrics?ids=…`: metrics of several of the team's sandboxes; unknown ids are left out. */
export interface SandboxMetricsBatch {
  metrics: Record<string, AgentSandboxMetrics>;
}

export interface SandboxPage {
  sandboxes: SandboxView[];
  nextCursor: string | null;
}

export interface ListSandboxesQuery {
  limit?: number;
  cursor?: string | undefined;
  templateId?: string | undefined;
  /** Only sandboxes whose metadata holds all of these pairs. */
  metadata?: Record<string, string> | undefined;
  /** By start time; default newest first. */
  order?: "asc" | "desc" | undefined;
  startedAfter?: string | undefined;
  /** Only sandboxes in one of these states (as recorded); default all. */
  state?: ("running" | "paused")[] | undefined;
}

export interface CreateTeamRequest {
  slug: string;
  /** Default: the slug. */
  name?: string;
  /** Quotas; omitted means master's configured defaults. */
  maxSandboxes?: number;
  maxTemplates?: number;
}

export interface TeamView {
  teamId: string;
  slug: string;
  name: string;
  /** The team's quotas in force (its own, else master's defaults); 0 means unlimited. */
  maxSandboxes: number;
  maxTemplates: number;
  createdAt: string;
}

/** An API key as a listing shows it (E2B's `TeamAPIKey`): never its value. */
export interface ApiKeyView {
  id: string;
  name: string;
  mask: { prefix: string; valueLength: number; maskedValuePrefix: string; maskedValueSuffix: string };
  createdAt: string;
  lastUsed: string | null;
}

/** A key just made (E2B's `CreatedTeamAPIKey`): its value is shown this once. */
export interface CreatedApiKeyView extends ApiKeyView {
  key: string;
}

/**
 * A gateway asking whose key a digest is. `register` (for keys the gateway was configured
 * with, `API_KEYS`) makes the key in the default team when no key has this digest yet.
 */
export interface VerifyApiKeyRequest {
  digest: string;
  register?: { name: string; mask: ApiKeyView["mask"] };
}

export interface VerifiedApiKey {
  keyId: string;
  teamId: string;
  teamSlug: string;
}

/**
 * E2B's build flow, step 1 (`POST /v3/templates`): a template named `displayName` with a new
 * build that waits for its spec. A name the team already holds gets a new build of that
 * template (E2B's "create or rebuild"); a new name is reserved as a create reserves it.
 */
export interface RequestBuildRequest {
  displayName: string | null;
  /** Tags the build takes when it becomes ready (besides `default`). */
  tags?: string[];
  cpuCount?: number;
  memoryMB?: number;
}

export interface RequestBuildResponse {
  template: TemplateView;
  buildId: string;
  tags: string[];
}

/** E2B's build spec as its SDK sends it (`TemplateBuildStartV2`). */
export interface BuildSpecRequest {
  fromImage?: string;
  fromTemplate?: string;
  fromImageRegistry?: Record<string, unknown>;
  force?: boolean;
  steps?: { type: string; args?: string[]; filesHash?: string; force?: boolean }[];
  startCmd?: string;
  readyCmd?: string;
}

export interface StartedBuild {
  templateId: string;
  buildId: string;
  status: BuildStatus;
}

/** Whether a file set is stored, and if not, a token for uploading it (valid for this hash until `expiresAt`). */
export interface FileUploadLink {
  present: boolean;
  token?: string;
  expiresAt?: string;
}

export interface StoredUpload {
  hash: string;
  /** Bytes written (0 when the set was already stored). */
  bytes: number;
  /** False when the set was already stored and nothing was written. */
  stored: boolean;
}

export interface TemplateTagView {
  tag: string;
  buildId: string;
  createdAt: string;
}

export interface AssignTagsRequest {
  buildId: string;
  tags: string[];
}

export interface AssignedTags {
  buildId: string;
  tags: string[];
}
