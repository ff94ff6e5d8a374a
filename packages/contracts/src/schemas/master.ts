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
  },
} as const;
