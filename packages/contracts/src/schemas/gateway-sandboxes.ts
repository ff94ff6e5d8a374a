import { SANDBOX_LIST_LIMIT, SANDBOX_METRICS_BATCH_MAX, SANDBOX_ON_TIMEOUT, refreshSandboxBodySchema, sandboxEnvVars, setSandboxTimeoutBodySchema, sandboxMetadata, sandboxTimeout, sandboxTimeoutFromNow } from "./sandboxes.js";
import { pageCursorSchema } from "./common.js";

/**
 * The gateway's sandbox API in E2B's wire format (what E2B's SDK sends and reads). Options
 * E2B has and Cubicle does not (auto-resume, filesystem-only pauses, volumes, network rules,
 * MCP) are accepted only at their "off" values, so a request never silently loses what it
 * asked for.
 */

const dateTime = { type: "string", format: "date-time" } as const;
/** One state, or several joined by commas (both forms are in use by E2B's SDKs). */
const states = { type: "string", pattern: "^(running|paused)(,(running|paused))*$", description: "'running' and/or 'paused', comma-separated" } as const;

export const gatewayCreateSandboxBodySchema = {
  type: "object",
  additionalProperties: false,
  required: ["templateID"],
  properties: {
    templateID: { type: "string", minLength: 1, maxLength: 4096, description: "the template's display name or id ('tpl-…')" },
    timeout: sandboxTimeout,
    metadata: sandboxMetadata,
    envVars: sandboxEnvVars,
    secure: { type: "boolean", description: "accepted for E2B compatibility; the simulated agent has no envd to secure" },
    allow_internet_access: { type: "boolean", description: "accepted for E2B compatibility" },
    autoPause: { type: "boolean", description: "true: the sandbox is paused at its end time instead of removed (lifecycle.onTimeout 'pause')" },
    autoPauseMemory: { type: "boolean", description: "with autoPause, only true (a full pause, the default) is supported: a filesystem-only pause is not" },
    autoResume: { type: "object", description: "not supported: only {enabled: false} is accepted" },
    mcp: { type: ["object", "null"], description: "not supported: only null is accepted" },
    network: { type: "object", description: "not supported: only an empty object is accepted" },
    iam: { type: "object", description: "not supported: only an empty object is accepted" },
    volumeMounts: { type: "array", description: "not supported: only an empty list is accepted" },
  },
} as const;

/**
 * A sandbox id as E2B's clients may send one: letters, digits, '-' and '_'. Cubicle's own ids
 * (32 hex characters, or a UUID) are among them; any other such id (E2B's 20-character ids,
 * say) names no sandbox here and is answered 404, as an unknown sandbox is.
 */
const E2B_SANDBOX_ID = "[A-Za-z0-9_-]{1,128}";
export const E2B_SANDBOX_ID_PATTERN = `^${E2B_SANDBOX_ID}$`;
const e2bSandboxId = {
  type: "string",
  pattern: E2B_SANDBOX_ID_PATTERN,
  description: "a sandbox id: 1 to 128 letters, digits, '-' and '_' (Cubicle's are 32 hex characters or a UUID)",
} as const;

export const sandboxIdParamsSchema = {
  type: "object",
  required: ["sandboxID"],
  properties: { sandboxID: e2bSandboxId },
} as const;

/** E2B's `SandboxTimeoutRequest`: the sandbox ends `timeout` seconds from now, sooner or later than before. */
export const gatewaySandboxTimeoutBodySchema = setSandboxTimeoutBodySchema;

/** E2B's `SandboxRefreshRequest`: the sandbox lives at least `duration` seconds from now. */
export const gatewaySandboxRefreshBodySchema = refreshSandboxBodySchema;

const memoryFlag = { type: "boolean", description: "only true (the default: a full pause, memory included) is supported" } as const;

/** E2B's `SandboxPauseRequest`. */
export const gatewaySandboxPauseBodySchema = {
  type: "object",
  additionalProperties: false,
  properties: { memory: memoryFlag },
} as const;

/** E2B's `ConnectSandbox`. E2B's SDK leaves `timeout` out when it was not given: the default then. */
export const gatewayConnectSandboxBodySchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    timeout: { ...sandboxTimeoutFromNow, description: "seconds from now: a paused sandbox resumes and ends then; a running one lives at least that long (default 300)" },
    memory: memoryFlag,
  },
} as const;

/** E2B's deprecated `ResumedSandbox`. */
export const gatewayResumeSandboxBodySchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    timeout: { ...sandboxTimeoutFromNow, description: "seconds from now the resumed sandbox ends (default 300)" },
    autoPause: { type: "boolean", description: "not supported: a sandbox keeps the onTimeout it was created with; leave it out" },
    memory: memoryFlag,
  },
} as const;

const unixSeconds = { type: "string", pattern: "^(0|[1-9][0-9]{0,11})$", description: "a Unix time in seconds" } as const;
const unixMillis = { type: "string", pattern: "^(0|[1-9][0-9]{0,14})$", description: "a Unix time in milliseconds" } as const;

export const sandboxMetricsQuerySchema = {
  type: "object",
  properties: {
    start: { ...unixSeconds, description: "only samples at or after this Unix time, in seconds" },
    end: { ...unixSeconds, description: "only samples at or before this Unix time, in seconds" },
  },
} as const;

export const SANDBOX_IDS_QUERY_PATTERN = `^${E2B_SANDBOX_ID}(,${E2B_SANDBOX_ID})*$`;
export const sandboxesMetricsQuerySchema = {
  type: "object",
  required: ["sandbox_ids"],
  properties: {
    sandbox_ids: {
      type: "string",
      maxLength: SANDBOX_METRICS_BATCH_MAX * 129,
      pattern: SANDBOX_IDS_QUERY_PATTERN,
      description: `sandbox ids joined by commas, at most ${SANDBOX_METRICS_BATCH_MAX}, each once`,
    },
  },
} as const;

export const SANDBOX_LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export const SANDBOX_LOGS_LIMIT = { max: 1000, default: 1000 } as const;

export const sandboxLogsQuerySchema = {
  type: "object",
  properties: {
    start: { ...unixMillis, description: "only entries at or after this Unix time, in milliseconds" },
    limit: { type: "string", pattern: "^(0|[1-9][0-9]{0,8})$", description: `the most entries to return (default ${SANDBOX_LOGS_LIMIT.default})` },
  },
} as const;

export const sandboxLogsV2QuerySchema = {
  type: "object",
  properties: {
    cursor: { ...unixMillis, description: "where to start, a Unix time in milliseconds: entries at or after it (forward) or at or before it (backward)" },
    limit: { type: "string", pattern: "^([0-9]|[1-9][0-9]|[1-9][0-9][0-9]|1000)$", description: `the most entries to return, 0 to ${SANDBOX_LOGS_LIMIT.max} (default ${SANDBOX_LOGS_LIMIT.default})` },
    direction: { type: "string", enum: ["forward", "backward"], description: "forward (the default): oldest first from the cursor; backward: newest first back from it" },
    level: { type: "string", enum: SANDBOX_LOG_LEVELS, description: "the lowest level to return" },
    search: { type: "string", maxLength: 256, description: "only entries whose message contains this text (letter case counts)" },
  },
} as const;

export const gatewayListSandboxesQuerySchema = {
  type: "object",
  properties: {
    limit: { type: "string", pattern: "^([1-9][0-9]{0,2}|1000)$", description: `a whole number from 1 to ${SANDBOX_LIST_LIMIT.max} (default ${SANDBOX_LIST_LIMIT.default})` },
    nextToken: { ...pageCursorSchema, description: "the `x-next-token` header of the previous page" },
    metadata: { type: "string", maxLength: 16_384, description: "URL-encoded pairs the sandbox's metadata must hold, e.g. 'user=abc&app=prod'" },
    state: {
      anyOf: [states, { type: "array", items: states, maxItems: 10 }],
      description: "'running' and/or 'paused', repeated or comma-separated",
    },
    order: { type: "string", enum: ["asc", "desc"], description: "by start time (default desc, newest first)" },
    startedAfter: { ...dateTime, description: "only sandboxes started at or after this time" },
    template: { type: "string", minLength: 1, maxLength: 4096, description: "only sandboxes of this template (display name or id)" },
  },
} as const;

/**
 * The `Idempotency-Key` header. The gateway prefixes it with the API key's fingerprint to make
 * master's `requestId`, so it is shorter than a requestId may be.
 */
export const idempotencyKeySchema = {
  type: "string",
  pattern: "^[\\x21-\\x7e]{1,128}$",
  description: "1 to 128 printable ASCII characters without spaces",
} as const;

// ---- responses --------------------------------------------------------------------------

const sandboxCore = {
  sandboxID: { type: "string" },
  templateID: { type: "string", description: "the resolved template id" },
  alias: { type: "string", description: "the template's display name, when it has one" },
  clientID: { type: "string", description: "deprecated in E2B: the node agent holding the sandbox" },
  envdVersion: { type: "string" },
} as const;

const domain = { type: "string", description: "where the sandbox's envd traffic goes (SANDBOX_DOMAIN): never one of E2B's hosts" } as const;

export const sandboxSchema = {
  type: "object",
  required: ["sandboxID", "templateID", "clientID", "envdVersion", "buildID", "domain"],
  properties: { ...sandboxCore, buildID: { type: "string", description: "the template build the sandbox runs" }, domain },
} as const;

export const listedSandboxSchema = {
  type: "object",
  required: ["sandboxID", "templateID", "clientID", "startedAt", "endAt", "cpuCount", "memoryMB", "diskSizeMB", "metadata", "state", "envdVersion"],
  properties: {
    ...sandboxCore,
    startedAt: dateTime,
    endAt: { ...dateTime, description: "running: when it times out; paused: until when it is kept" },
    cpuCount: { type: "integer" },
    memoryMB: { type: "integer" },
    diskSizeMB: { type: "integer" },
    metadata: { type: "object", additionalProperties: { type: "string" } },
    state: { type: "string", enum: ["running", "paused", "unknown"], description: "'unknown' while the sandbox's node is down (it may still be running there)" },
  },
} as const;

export const listedSandboxListSchema = { type: "array", items: listedSandboxSchema } as const;

export const sandboxDetailSchema = {
  type: "object",
  required: [...listedSandboxSchema.required, "domain", "lifecycle"],
  properties: {
    ...listedSandboxSchema.properties,
    domain,
    lifecycle: {
      type: "object",
      required: ["autoResume", "onTimeout"],
      properties: {
        autoResume: { type: "boolean", description: "always false: a paused sandbox resumes only when asked (connect)" },
        onTimeout: { type: "string", enum: SANDBOX_ON_TIMEOUT, description: "at its end time the sandbox is removed (kill) or paused (pause)" },
      },
    },
  },
} as const;

const bytes = { type: "integer", minimum: 0 } as const;

export const sandboxMetricSchema = {
  type: "object",
  required: ["timestamp", "timestampUnix", "cpuCount", "cpuUsedPct", "memUsed", "memTotal", "memCache", "diskUsed", "diskTotal"],
  properties: {
    timestamp: dateTime,
    timestampUnix: { type: "integer", description: "the same time in Unix seconds" },
    cpuCount: { type: "integer" },
    cpuUsedPct: { type: "number" },
    memUsed: { ...bytes, description: "bytes" },
    memTotal: { ...bytes, description: "bytes" },
    memCache: { ...bytes, description: "bytes (0: a simulated sandbox has no page cache)" },
    diskUsed: { ...bytes, description: "bytes" },
    diskTotal: { ...bytes, description: "bytes" },
  },
} as const;

export const sandboxMetricListSchema = {
  type: "array",
  items: sandboxMetricSchema,
  description: "the node's sample of now, when now is within [start, end]",
} as const;

export const sandboxesWithMetricsSchema = {
  type: "object",
  required: ["sandboxes"],
  properties: { sandboxes: { type: "object", additionalProperties: sandboxMetricSchema, description: "by sandbox id; ids that name none of the team's sandboxes are left out" } },
} as const;

export const sandboxLogEntrySchema = {
  type: "object",
  required: ["timestamp", "level", "message", "fields"],
  properties: {
    timestamp: dateTime,
    level: { type: "string", enum: SANDBOX_LOG_LEVELS },
    message: { type: "string" },
    fields: { type: "object", additionalProperties: { type: "string" } },
  },
} as const;

export const sandboxLogsSchema = {
  type: "object",
  required: ["logs", "logEntries"],
  properties: {
    logs: {
      type: "array",
      items: { type: "object", required: ["timestamp", "line"], properties: { timestamp: dateTime, line: { type: "string", description: "the entry as a JSON object {level, logger, message}" } } },
    },
    logEntries: { type: "array", items: sandboxLogEntrySchema },
  },
} as const;

export const sandboxLogsV2Schema = {
  type: "object",
  required: ["logs"],
  properties: { logs: { type: "array", items: sandboxLogEntrySchema } },
} as const;
