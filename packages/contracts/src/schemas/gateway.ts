import { CPU_COUNT, IMAGE_PATTERN, LIST_LIMIT, MEMORY_MB } from "./master.js";
import { pageCursorSchema } from "./common.js";
import { UUID_PATTERN } from "../ids.js";
import { ERROR_STATUS } from "../errors.js";

/**
 * JSON schemas of the gateway's public, E2B-compatible API: requests are validated with
 * them and `GET /openapi.json` is generated from them, so the two cannot drift apart.
 * Names are checked by the shared name rules (names.ts), not by a pattern here.
 */

const ref = { type: "string", minLength: 1, maxLength: 4096, description: "a template's display name, 'team-slug/name' (another team's public template) or id ('tpl-…')" } as const;
const name = { type: "string", maxLength: 4096, description: "a display name: ASCII letters, digits, '-' and '_', at most 256 characters, unique regardless of letter case" } as const;
const image = {
  type: "string",
  minLength: 1,
  maxLength: 512,
  pattern: IMAGE_PATTERN,
  description: "a container image reference such as 'alpine:3.20' or 'ghcr.io/org/app:1.0' (lower-case repository path)",
} as const;
const cpuCount = { type: "integer", minimum: CPU_COUNT.min, maximum: CPU_COUNT.max, description: `vCPUs, default ${CPU_COUNT.default}` } as const;
const memoryMB = { type: "integer", minimum: MEMORY_MB.min, maximum: MEMORY_MB.max, description: `memory in MiB, default ${MEMORY_MB.default}` } as const;
const buildID = { type: "string", pattern: UUID_PATTERN, description: "a build id (a UUID)" } as const;
const dateTime = { type: "string", format: "date-time" } as const;
const nonNegative = { type: "string", pattern: "^(0|[1-9][0-9]{0,8})$", description: "a whole number, 0 or more" } as const;

export const E2B_BUILD_STATUSES = ["waiting", "building", "ready", "error"] as const;
const buildStatus = { type: "string", enum: E2B_BUILD_STATUSES } as const;
const names = { type: "array", items: { type: "string" }, description: "the display name, or empty when the template has none" } as const;

// ---- requests ---------------------------------------------------------------------------

export const gatewayCreateTemplateBodySchema = {
  type: "object",
  additionalProperties: false,
  required: ["image"],
  properties: {
    name,
    alias: { ...name, description: "E2B's older word for `name`; give one of the two (or both, equal)" },
    image,
    cpuCount,
    memoryMB,
  },
} as const;

export const gatewayRebuildBodySchema = {
  type: "object",
  additionalProperties: false,
  properties: { image, cpuCount, memoryMB },
  description: "what the new build changes; omitted fields keep the template's current values",
} as const;

const publicFlag = { type: "boolean", description: "whether other teams may read the template (by id or 'team-slug/name') and start sandboxes from it" } as const;

export const gatewayUpdateTemplateBodySchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    name: { ...name, type: ["string", "null"], description: "the new display name, or null to clear it" },
    public: publicFlag,
  },
  description: "give `name`, `public` or both",
} as const;

/** E2B's `TemplateUpdateRequest` (`PATCH /v2/templates/{templateID}`). */
export const gatewayUpdateTemplateV2BodySchema = {
  type: "object",
  additionalProperties: false,
  required: ["public"],
  properties: { public: publicFlag },
} as const;

export const templateRefParamsSchema = { type: "object", required: ["ref"], properties: { ref } } as const;

export const templateBuildParamsSchema = { type: "object", required: ["ref", "buildID"], properties: { ref, buildID } } as const;

export const aliasParamsSchema = { type: "object", required: ["alias"], properties: { alias: name } } as const;

export const nameQuerySchema = { type: "object", required: ["name"], properties: { name } } as const;

export const BUILD_LOG_LIMIT = { max: 100, default: 100 } as const;
export const BUILD_LOG_LEVELS = ["debug", "info", "warn", "error"] as const;

export const buildStatusQuerySchema = {
  type: "object",
  properties: {
    logsOffset: { ...nonNegative, description: "index of the first log entry to return (default 0)" },
    limit: { type: "string", pattern: "^([0-9]|[1-9][0-9]|100)$", description: "a whole number from 0 to 100 (default 100)" },
    level: { type: "string", enum: BUILD_LOG_LEVELS, description: "the lowest log level to return" },
  },
} as const;

export const gatewayListTemplatesQuerySchema = {
  type: "object",
  properties: {
    limit: { type: "string", pattern: "^([1-9][0-9]{0,2}|1000)$", description: `a whole number from 1 to 1000 (default ${LIST_LIMIT.max})` },
    nextToken: { ...pageCursorSchema, description: "the `x-next-token` header of the previous page" },
    name: { type: "string", minLength: 1, maxLength: 256, description: "only templates whose display name contains this, in any letter case (a search)" },
  },
} as const;

// ---- responses --------------------------------------------------------------------------

export const errorResponseSchema = {
  type: "object",
  required: ["code", "message", "error_code", "requestId"],
  properties: {
    code: { type: "integer", description: "the HTTP status, repeated" },
    message: { type: "string" },
    error_code: { type: "string", enum: Object.keys(ERROR_STATUS) },
    requestId: { type: "string", description: "also in the `x-request-id` header" },
    details: { type: "object" },
  },
} as const;

export const templateBuildSummarySchema = {
  type: "object",
  required: ["buildID", "status", "createdAt", "updatedAt", "cpuCount", "memoryMB"],
  properties: {
    buildID: { type: "string" },
    status: buildStatus,
    createdAt: dateTime,
    updatedAt: dateTime,
    finishedAt: { ...dateTime, description: "absent until the build has finished" },
    cpuCount: { type: "integer" },
    memoryMB: { type: "integer" },
    diskSizeMB: { type: "integer", description: "what a ready build made; absent before" },
    envdVersion: { type: "string", description: "what a ready build made; absent before" },
  },
} as const;

const templateCommon = {
  templateID: { type: "string" },
  buildID: { type: ["string", "null"], description: "the ready build, else the latest one" },
  names,
  aliases: { ...names, description: "deprecated in E2B: the same as `names`" },
  buildStatus: { ...buildStatus, description: "the status of `buildID`: the ready build's once there is one (a rebuild running or failed does not change it), else the latest build's" },
  cpuCount: { type: "integer" },
  memoryMB: { type: "integer" },
  public: { type: "boolean" },
} as const;

export const templateSchema = {
  type: "object",
  required: [
    "templateID",
    "buildID",
    "names",
    "aliases",
    "buildStatus",
    "cpuCount",
    "memoryMB",
    "diskSizeMB",
    "envdVersion",
    "public",
    "buildCount",
    "spawnCount",
    "lastSpawnedAt",
    "createdBy",
    "createdAt",
    "updatedAt",
  ],
  properties: {
    ...templateCommon,
    buildCount: { type: "integer" },
    diskSizeMB: { type: "integer", description: "the root filesystem's size in MiB, of the build a sandbox starts from (0 before a build made one)" },
    envdVersion: { type: "string", description: "the envd version of that build (empty before a build made one)" },
    spawnCount: { type: "integer", description: "sandboxes started from the template" },
    lastSpawnedAt: { type: ["string", "null"], format: "date-time", description: "when the last of them started" },
    createdBy: { type: "null" },
    createdAt: dateTime,
    updatedAt: dateTime,
  },
} as const;

export const templateListSchema = { type: "array", items: templateSchema } as const;

export const templateWithBuildsSchema = {
  type: "object",
  required: [...templateSchema.required, "builds"],
  properties: { ...templateSchema.properties, builds: { type: "array", items: templateBuildSummarySchema, description: "newest first" } },
} as const;

export const createTemplateResponseSchema = {
  type: "object",
  required: ["templateID", "buildID", "names", "aliases", "buildStatus", "cpuCount", "memoryMB", "public"],
  properties: { ...templateCommon, buildID: { type: "string" } },
} as const;

export const updateTemplateResponseSchema = {
  type: "object",
  required: ["templateID", "names"],
  properties: { templateID: { type: "string" }, names },
} as const;

export const buildLogEntrySchema = {
  type: "object",
  required: ["timestamp", "level", "message"],
  properties: { timestamp: dateTime, level: { type: "string", enum: BUILD_LOG_LEVELS }, message: { type: "string" }, step: { type: "string" } },
} as const;

export const buildStatusResponseSchema = {
  type: "object",
  required: ["templateID", "buildID", "status", "logs", "logEntries"],
  properties: {
    templateID: { type: "string" },
    buildID: { type: "string" },
    status: buildStatus,
    logs: { type: "array", items: { type: "string" }, description: "the log entries' messages, as E2B's older clients read them" },
    logEntries: { type: "array", items: buildLogEntrySchema },
    reason: { type: "object", required: ["message"], properties: { message: { type: "string" }, step: { type: "string" } }, description: "why the build failed" },
  },
} as const;

export const startBuildResponseSchema = {
  type: "object",
  required: ["templateID", "buildID", "status"],
  properties: { templateID: { type: "string" }, buildID: { type: "string" }, status: buildStatus },
} as const;

export const aliasResponseSchema = {
  type: "object",
  required: ["templateID", "public"],
  properties: { templateID: { type: "string" }, public: { type: "boolean" } },
} as const;

export const lookupResponseSchema = {
  type: "object",
  required: ["templateID", "names", "buildStatus"],
  properties: { templateID: { type: "string" }, buildID: { type: ["string", "null"], description: "the build a tag names; without one, the ready build (else the latest)" }, names, buildStatus },
} as const;

export const nameValidationResponseSchema = {
  type: "object",
  required: ["valid", "normalized"],
  properties: {
    valid: { type: "boolean" },
    normalized: { type: "string", description: "the trimmed, lower-cased form that uniqueness is decided on" },
    displayName: { type: "string", description: "the name as it would be stored (trimmed, letter case kept)" },
    reason: { type: "string", enum: ["empty", "too_long", "invalid_chars", "reserved_prefix", "reserved_name", "taken"] },
    message: { type: "string" },
    templateID: { type: "string", description: "with reason 'taken': the team's template that holds the name" },
  },
} as const;
