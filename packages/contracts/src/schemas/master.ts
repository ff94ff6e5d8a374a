import { TEMPLATE_ID_PATTERN, UUID_PATTERN } from "../ids.js";

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
    image: { type: "string", minLength: 1, maxLength: 512, pattern: IMAGE_PATTERN },
    cpuCount: { type: "integer", minimum: CPU_COUNT.min, maximum: CPU_COUNT.max },
    memoryMB: { type: "integer", minimum: MEMORY_MB.min, maximum: MEMORY_MB.max },
  },
} as const;

export const setDisplayNameBodySchema = {
  type: "object",
  additionalProperties: false,
  required: ["templateId", "displayName"],
  properties: {
    templateId: { type: "string", pattern: TEMPLATE_ID_PATTERN },
    displayName,
  },
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
  properties: { templateId: { type: "string", pattern: TEMPLATE_ID_PATTERN } },
} as const;

export const buildParamsSchema = {
  type: "object",
  required: ["templateId", "buildId"],
  properties: {
    templateId: { type: "string", pattern: TEMPLATE_ID_PATTERN },
    buildId: { type: "string", pattern: UUID_PATTERN },
  },
} as const;
