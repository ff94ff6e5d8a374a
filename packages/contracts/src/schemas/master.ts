import { TAG_PATTERN, TAGS_PER_TEMPLATE_MAX } from "../tags.js";
import { TEMPLATE_ID_PATTERN, UUID_PATTERN } from "../ids.js";
import { pageCursorSchema, requestIdSchema } from "./common.js";

const templateId = { type: "string", pattern: TEMPLATE_ID_PATTERN, description: "a template id: 'tpl-' and 24 lower-case hex characters" };
const buildId = { type: "string", pattern: UUID_PATTERN, description: "a build id (a UUID)" };

/** JSON schemas for master's internal API. Names are checked by the name rules, not here. */

export const CPU_COUNT = { min: 1, max: 64, default: 2 } as const;
export const MEMORY_MB = { min: 128, max: 262_144, default: 512 } as const;

/**
 * A container image reference: `[registry[:port]/]path[:tag][@sha256:digest]`.
 * Lower-case path components as OCI requires.
 */
export const IMAGE_PATTERN =
  "^(?:[A-Za-z0-9.-]+(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$";

const displayName = { type: ["string", "null"], maxLength: 4096 } as const;

export const createTemplateBodySchema = {
  type: "object",
  additionalProperties: false,
  required: ["image"],
  properties: {
    displayName,
    image: {
      type: "string",
      minLength: 1,
      maxLength: 512,
      pattern: IMAGE_PATTERN,
      description: "a container image reference such as 'alpine:3.20' or 'ghcr.io/org/app:1.0' (lower-case repository path)",
    },
    cpuCount: { type: "integer", minimum: CPU_COUNT.min, maximum: CPU_COUNT.max },
    memoryMB: { type: "integer", minimum: MEMORY_MB.min, maximum: MEMORY_MB.max },
    requestId: requestIdSchema,
  },
} as const;

/** A rebuild may change what is built; what it omits is kept from the template. */
export const rebuildBodySchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    image: createTemplateBodySchema.properties.image,
    cpuCount: createTemplateBodySchema.properties.cpuCount,
    memoryMB: createTemplateBodySchema.properties.memoryMB,
    requestId: requestIdSchema,
  },
} as const;

export const setDisplayNameBodySchema = {
  type: "object",
  additionalProperties: false,
  required: ["templateId", "displayName"],
  properties: {
    templateId,
    displayName,
  },
} as const;

export const setPublicBodySchema = {
  type: "object",
  additionalProperties: false,
  required: ["public"],
  properties: { public: { type: "boolean", description: "whether other teams may read the template and start sandboxes from it" } },
} as const;

export const lookupQuerySchema = {
  type: "object",
  required: ["name"],
  properties: {
    name: { type: "string", maxLength: 4096 },
    fresh: { type: "string", enum: ["true", "false", "1", "0"] },
  },
} as const;

export const templateParamsSchema = {
  type: "object",
  required: ["templateId"],
  properties: { templateId },
} as const;

export const buildParamsSchema = {
  type: "object",
  required: ["templateId", "buildId"],
  properties: {
    templateId,
    buildId,
  },
} as const;

export const LIST_LIMIT = { max: 1000, default: 100 } as const;

export const listTemplatesQuerySchema = {
  type: "object",
  properties: {
    limit: { type: "string", pattern: "^([1-9][0-9]{0,2}|1000)$", description: "a whole number from 1 to 1000" },
    cursor: pageCursorSchema,
    name: { type: "string", minLength: 1, maxLength: 256, description: "only templates whose display name contains this, in any letter case" },
  },
} as const;

const tagList = {
  type: "array",
  maxItems: TAGS_PER_TEMPLATE_MAX,
  items: { type: "string", pattern: TAG_PATTERN },
} as const;

export const requestBuildBodySchema = {
  type: "object",
  additionalProperties: false,
  required: ["displayName"],
  properties: {
    displayName,
    tags: tagList,
    cpuCount: createTemplateBodySchema.properties.cpuCount,
    memoryMB: createTemplateBodySchema.properties.memoryMB,
  },
} as const;

/** 64 hex characters: E2B's SDK names a file set by a SHA-256. */
export const FILES_HASH_PATTERN = "^[0-9a-fA-F]{64}$";

/** E2B's `TemplateBuildStartV2`; the E2B spec allows more fields than Cubicle reads, so extra ones are kept out of the stored spec, not refused. */
export const buildSpecBodySchema = {
  type: "object",
  properties: {
    fromImage: createTemplateBodySchema.properties.image,
    fromTemplate: { type: "string", minLength: 1, maxLength: 600 },
    fromImageRegistry: { type: "object" },
    force: { type: "boolean" },
    steps: {
      type: "array",
      maxItems: 1000,
      items: {
        type: "object",
        required: ["type"],
        properties: {
          type: { type: "string", minLength: 1, maxLength: 32 },
          args: { type: "array", maxItems: 1000, items: { type: "string", maxLength: 65536 } },
          filesHash: { type: "string", pattern: FILES_HASH_PATTERN },
          force: { type: "boolean" },
        },
      },
    },
    startCmd: { type: "string", maxLength: 65536 },
    readyCmd: { type: "string", maxLength: 65536 },
  },
} as const;

export const fileParamsSchema = {
  type: "object",
  required: ["templateId", "hash"],
  properties: { templateId, hash: { type: "string", pattern: FILES_HASH_PATTERN } },
} as const;

export const uploadParamsSchema = {
  type: "object",
  required: ["token"],
  properties: { token: { type: "string", pattern: "^[A-Za-z0-9_-]{43}$" } },
} as const;

export const assignTagsBodySchema = {
  type: "object",
  additionalProperties: false,
  required: ["buildId", "tags"],
  properties: { buildId, tags: { ...tagList, minItems: 1 } },
} as const;

export const removeTagsBodySchema = {
  type: "object",
  additionalProperties: false,
  required: ["tags"],
  properties: { tags: { ...tagList, minItems: 1 } },
} as const;
