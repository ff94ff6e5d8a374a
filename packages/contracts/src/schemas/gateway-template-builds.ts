import { CPU_COUNT, MEMORY_MB, FILES_HASH_PATTERN, buildSpecBodySchema } from "./master.js";
import { UUID_PATTERN } from "../ids.js";
import { TAG_PATTERN, TAGS_PER_TEMPLATE_MAX } from "../tags.js";
import { BUILD_LOG_LEVELS, buildLogEntrySchema } from "./gateway.js";

/**
 * Schemas of E2B's template build flow on the gateway: `POST /v3/templates` (and the
 * deprecated `/v2/templates`), file upload links, the build spec, build logs and tags.
 * Field names are E2B's (`TemplateBuildRequestV3`, `TemplateBuildStartV2`, …).
 */

const ref = { type: "string", minLength: 1, maxLength: 4096, description: "a template's display name or id ('tpl-…'), optionally with ':tag'" } as const;
const nameWithTag = {
  type: "string",
  minLength: 1,
  maxLength: 4096,
  description: "the template's display name, optionally with ':tag' (the build takes that tag too)",
} as const;
const tag = { type: "string", pattern: TAG_PATTERN, description: "letters, digits, '_', '.' and '-' (case-sensitive), at most 128" } as const;
const tags = { type: "array", maxItems: TAGS_PER_TEMPLATE_MAX, items: tag } as const;
const cpuCount = { type: "integer", minimum: CPU_COUNT.min, maximum: CPU_COUNT.max, description: `vCPUs, default ${CPU_COUNT.default}` } as const;
const memoryMB = { type: "integer", minimum: MEMORY_MB.min, maximum: MEMORY_MB.max, description: `memory in MiB, default ${MEMORY_MB.default}` } as const;
const teamID = { type: "string", maxLength: 256, description: "deprecated in E2B; the API key's team is used" } as const;
const dateTime = { type: "string", format: "date-time" } as const;
const names = { type: "array", items: { type: "string" } } as const;

// ---- requests ---------------------------------------------------------------------------

/** E2B's `TemplateBuildRequestV3`. */
export const templateBuildRequestV3Schema = {
  type: "object",
  additionalProperties: false,
  properties: {
    name: nameWithTag,
    alias: { ...nameWithTag, description: "E2B's deprecated word for `name`" },
    tags: { ...tags, description: "tags the build takes when it is ready (besides 'default')" },
    teamID,
    cpuCount,
    memoryMB,
    minFreeDiskMb: { type: "integer", minimum: 0, description: "accepted for E2B's SDK; the simulated builder has no disk to keep free" },
  },
} as const;

/** E2B's deprecated `TemplateBuildRequestV2`. */
export const templateBuildRequestV2Schema = {
  type: "object",
  additionalProperties: false,
  required: ["alias"],
  properties: { alias: nameWithTag, teamID, cpuCount, memoryMB },
} as const;

/** E2B's `TemplateBuildStartV2`: the same shape master takes. */
export const templateBuildStartSchema = buildSpecBodySchema;

export const templateFileParamsSchema = {
  type: "object",
  required: ["ref", "hash"],
  properties: { ref, hash: { type: "string", pattern: FILES_HASH_PATTERN, description: "the file set's SHA-256 (64 hex characters), as E2B's SDK computes it" } },
} as const;

export const uploadTokenParamsSchema = {
  type: "object",
  required: ["token"],
  properties: { token: { type: "string", pattern: "^[A-Za-z0-9_-]{43}$", description: "the token of an upload link" } },
} as const;

export const buildLogsQuerySchema = {
  type: "object",
  properties: {
    cursor: { type: "string", pattern: "^(0|[1-9][0-9]{0,15})$", description: "milliseconds since the epoch: entries from (forward) or up to (backward) this time" },
    limit: { type: "string", pattern: "^([0-9]|[1-9][0-9]|100)$", description: "a whole number from 0 to 100 (default 100)" },
    direction: { type: "string", enum: ["forward", "backward"], description: "default forward" },
    level: { type: "string", enum: BUILD_LOG_LEVELS, description: "the lowest level to return" },
    source: { type: "string", enum: ["temporary", "persistent"], description: "accepted for E2B's SDK: a build's logs are kept with it" },
  },
} as const;

/** E2B's `AssignTemplateTagsRequest`. */
export const assignTemplateTagsBodySchema = {
  type: "object",
  additionalProperties: false,
  required: ["target", "tags"],
  properties: { target: { ...ref, description: "the build to tag: 'name:tag' (no tag: the ready build)" }, tags: { ...tags, minItems: 1 } },
} as const;

/** E2B's `DeleteTemplateTagsRequest`. */
export const deleteTemplateTagsBodySchema = {
  type: "object",
  additionalProperties: false,
  required: ["name", "tags"],
  properties: { name: { ...ref, description: "the template" }, tags: { ...tags, minItems: 1 } },
} as const;

// ---- responses --------------------------------------------------------------------------

/** E2B's `TemplateRequestResponseV3`. */
export const templateRequestResponseV3Schema = {
  type: "object",
  required: ["templateID", "buildID", "public", "aliases", "names", "tags"],
  properties: {
    templateID: { type: "string" },
    buildID: { type: "string", description: "the build waiting for its spec" },
    public: { type: "boolean" },
    names,
    tags: { type: "array", items: { type: "string" } },
    aliases: { ...names, description: "deprecated in E2B: the same as `names`" },
  },
} as const;

/** E2B's `TemplateLegacy` (the answer of the deprecated `POST /v2/templates`). */
export const templateLegacySchema = {
  type: "object",
  required: ["templateID", "buildID", "cpuCount", "memoryMB", "diskSizeMB", "public", "createdAt", "updatedAt", "createdBy", "lastSpawnedAt", "spawnCount", "buildCount", "envdVersion", "aliases"],
  properties: {
    templateID: { type: "string" },
    buildID: { type: "string" },
    cpuCount: { type: "integer" },
    memoryMB: { type: "integer" },
    diskSizeMB: { type: "integer" },
    public: { type: "boolean" },
    aliases: names,
    createdAt: dateTime,
    updatedAt: dateTime,
    createdBy: { type: "null" },
    lastSpawnedAt: { type: ["string", "null"], format: "date-time" },
    spawnCount: { type: "integer" },
    buildCount: { type: "integer" },
    envdVersion: { type: "string" },
  },
} as const;

/** E2B's `TemplateBuildFileUpload`. */
export const templateBuildFileUploadSchema = {
  type: "object",
  required: ["present"],
  properties: {
    present: { type: "boolean", description: "whether the file set is already stored" },
    url: { type: "string", description: "where to PUT the file set (a tar archive, gzip'd or not) when it is not; valid for this hash until it expires" },
  },
} as const;

export const uploadResponseSchema = {
  type: "object",
  required: ["hash", "bytes"],
  properties: { hash: { type: "string" }, bytes: { type: "integer", description: "bytes stored (0 when the set was already there)" } },
} as const;

/** E2B's `TemplateBuildLogsResponse`. */
export const templateBuildLogsResponseSchema = {
  type: "object",
  required: ["logs"],
  properties: { logs: { type: "array", items: buildLogEntrySchema } },
} as const;

/** E2B's `TemplateTag`. */
export const templateTagSchema = {
  type: "object",
  required: ["tag", "buildID", "createdAt"],
  properties: { tag: { type: "string" }, buildID: { type: "string", pattern: UUID_PATTERN }, createdAt: dateTime },
} as const;

export const templateTagListSchema = { type: "array", items: templateTagSchema } as const;

/** E2B's `AssignedTemplateTags`. */
export const assignedTemplateTagsSchema = {
  type: "object",
  required: ["tags", "buildID"],
  properties: { tags: { type: "array", items: { type: "string" } }, buildID: { type: "string", pattern: UUID_PATTERN } },
} as const;
