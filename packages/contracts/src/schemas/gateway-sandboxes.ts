import { SANDBOX_LIST_LIMIT, sandboxEnvVars, sandboxIdSchema, sandboxMetadata, sandboxTimeout } from "./sandboxes.js";
import { pageCursorSchema } from "./common.js";

/**
 * The gateway's sandbox API in E2B's wire format (what E2B's SDK sends and reads). Options
 * E2B has and Cubicle does not (pausing, volumes, network rules, MCP) are accepted only at
 * their "off" values, so a request never silently loses what it asked for.
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
    autoPause: { type: "boolean", description: "pausing is not supported: only false is accepted" },
    autoPauseMemory: { type: "boolean", description: "only meaningful with autoPause; not supported" },
    autoResume: { type: "object", description: "not supported: only {enabled: false} is accepted" },
    mcp: { type: ["object", "null"], description: "not supported: only null is accepted" },
    network: { type: "object", description: "not supported: only an empty object is accepted" },
    iam: { type: "object", description: "not supported: only an empty object is accepted" },
    volumeMounts: { type: "array", description: "not supported: only an empty list is accepted" },
  },
} as const;

export const sandboxIdParamsSchema = {
  type: "object",
  required: ["sandboxID"],
  properties: { sandboxID: sandboxIdSchema },
} as const;

export const gatewayListSandboxesQuerySchema = {
  type: "object",
  properties: {
    limit: { type: "string", pattern: "^([1-9][0-9]{0,2}|1000)$", description: `a whole number from 1 to ${SANDBOX_LIST_LIMIT.max} (default ${SANDBOX_LIST_LIMIT.default})` },
    nextToken: { ...pageCursorSchema, description: "the `x-next-token` header of the previous page" },
    metadata: { type: "string", maxLength: 16_384, description: "URL-encoded pairs the sandbox's metadata must hold, e.g. 'user=abc&app=prod'" },
    state: {
      anyOf: [states, { type: "array", items: states, maxItems: 10 }],
      description: "'running' and/or 'paused', repeated or comma-separated (Cubicle has no paused sandboxes)",
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

export const sandboxSchema = {
  type: "object",
  required: ["sandboxID", "templateID", "clientID", "envdVersion", "buildID"],
  properties: { ...sandboxCore, buildID: { type: "string", description: "the template build the sandbox runs" } },
} as const;

export const listedSandboxSchema = {
  type: "object",
  required: ["sandboxID", "templateID", "clientID", "startedAt", "endAt", "cpuCount", "memoryMB", "diskSizeMB", "metadata", "state", "envdVersion"],
  properties: {
    ...sandboxCore,
    startedAt: dateTime,
    endAt: dateTime,
    cpuCount: { type: "integer" },
    memoryMB: { type: "integer" },
    diskSizeMB: { type: "integer" },
    metadata: { type: "object", additionalProperties: { type: "string" } },
    state: { type: "string", enum: ["running", "unknown"], description: "'unknown' while the sandbox's node is down (it may still be running there)" },
  },
} as const;

export const listedSandboxListSchema = { type: "array", items: listedSandboxSchema } as const;

export const sandboxDetailSchema = listedSandboxSchema;
