import { UUID_PATTERN } from "../ids.js";

/** JSON schemas of the team and API-key calls, master's and the gateway's (E2B's shapes). */

const uuid = (what: string) => ({ type: "string", pattern: UUID_PATTERN, description: `${what} (a UUID)` }) as const;
const quota = (what: string) => ({ type: "integer", minimum: 0, maximum: 1_000_000, description: `${what}; 0 means unlimited` }) as const;

export const API_KEY_NAME_MAX_LENGTH = 200;
export const TEAM_NAME_MAX_LENGTH = 200;

/** A label a person reads: some non-blank text. */
const label = (max: number, what: string) => ({ type: "string", minLength: 1, maxLength: max, pattern: "\\S", description: `${what}: 1 to ${max} characters, not all blank` }) as const;

export const createTeamBodySchema = {
  type: "object",
  additionalProperties: false,
  required: ["slug"],
  properties: {
    slug: { type: "string", maxLength: 4096, description: "the team's unique slug: lower-case letters, digits and '-' (at most 63)" },
    name: label(TEAM_NAME_MAX_LENGTH, "the team's name (default: its slug)"),
    maxSandboxes: quota("concurrent sandboxes at most (default: the configured default)"),
    maxTemplates: quota("templates at most (default: the configured default)"),
  },
} as const;

export const newApiKeyBodySchema = {
  type: "object",
  additionalProperties: false,
  required: ["name"],
  properties: { name: label(API_KEY_NAME_MAX_LENGTH, "the key's name") },
} as const;

/** E2B's `UpdateTeamAPIKey`. */
export const updateApiKeyBodySchema = newApiKeyBodySchema;

const mask = {
  type: "object",
  additionalProperties: false,
  required: ["prefix", "valueLength", "maskedValuePrefix", "maskedValueSuffix"],
  properties: {
    prefix: { type: "string", maxLength: 32 },
    valueLength: { type: "integer", minimum: 0, maximum: 4096 },
    maskedValuePrefix: { type: "string", maxLength: 8 },
    maskedValueSuffix: { type: "string", maxLength: 8 },
  },
} as const;

export const verifyApiKeyBodySchema = {
  type: "object",
  additionalProperties: false,
  required: ["digest"],
  properties: {
    digest: { type: "string", pattern: "^[0-9a-f]{64}$", description: "the SHA-256 of the key, in lower-case hex" },
    register: {
      type: "object",
      additionalProperties: false,
      required: ["name", "mask"],
      properties: { name: newApiKeyBodySchema.properties.name, mask },
    },
  },
} as const;

export const teamParamsSchema = { type: "object", required: ["teamId"], properties: { teamId: uuid("a team id") } } as const;
export const apiKeyParamsSchema = {
  type: "object",
  required: ["teamId", "apiKeyId"],
  properties: { teamId: uuid("a team id"), apiKeyId: uuid("an API key id") },
} as const;

/** The gateway's paths name them as E2B does. */
export const gatewayTeamParamsSchema = { type: "object", required: ["teamID"], properties: { teamID: uuid("a team id") } } as const;
export const gatewayApiKeyParamsSchema = { type: "object", required: ["apiKeyID"], properties: { apiKeyID: uuid("an API key id") } } as const;
export const gatewayAdminApiKeyParamsSchema = {
  type: "object",
  required: ["teamID", "apiKeyID"],
  properties: { teamID: uuid("a team id"), apiKeyID: uuid("an API key id") },
} as const;

// ---- responses (the gateway's, published in its OpenAPI document) ---------------------

const dateTime = { type: "string", format: "date-time" } as const;

export const teamResponseSchema = {
  type: "object",
  additionalProperties: false,
  required: ["teamID", "slug", "name"],
  properties: { teamID: { type: "string" }, slug: { type: "string" }, name: { type: "string" } },
} as const;

export const teamApiKeySchema = {
  type: "object",
  additionalProperties: false,
  required: ["id", "name", "mask", "createdAt", "createdBy", "lastUsed"],
  properties: {
    id: { type: "string" },
    name: { type: "string" },
    mask,
    createdAt: dateTime,
    createdBy: { type: "null" },
    lastUsed: { type: ["string", "null"], format: "date-time" },
  },
} as const;

export const createdTeamApiKeySchema = {
  ...teamApiKeySchema,
  required: [...teamApiKeySchema.required, "key"],
  properties: { ...teamApiKeySchema.properties, key: { type: "string", description: "the key's value: shown this once" } },
} as const;
