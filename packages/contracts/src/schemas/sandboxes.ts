import { SANDBOX_ID_PATTERN, TEMPLATE_ID_PATTERN, UUID_PATTERN } from "../ids.js";
import { pageCursorSchema, requestIdSchema } from "./common.js";


/**
 * The parts of a sandbox request both APIs share, and master's sandbox API. A sandbox name
 * and namespace never hold ':', so `name:namespace:time` (a fast id's input) reads one way only.
 */

export const SANDBOX_MODES = ["fast", "strong"] as const;
/** What happens when a running sandbox reaches its end time: removed, or paused (E2B's `autoPause`). */
export const SANDBOX_ON_TIMEOUT = ["kill", "pause"] as const;
export type SandboxOnTimeout = (typeof SANDBOX_ON_TIMEOUT)[number];
/**
 * Seconds a sandbox runs before it times out. `max` is the ceiling of any configuration;
 * master enforces its own SANDBOX_MAX_TIMEOUT_S (default `defaultMax`, 24 hours) below it.
 */
export const SANDBOX_TIMEOUT_S = { min: 1, max: 2_592_000, defaultMax: 86_400, default: 300 } as const;
/** E2B's keep-alive (`/refreshes`) extends by at most an hour at a time. */
export const SANDBOX_REFRESH_S = { min: 0, max: 3_600, default: 300 } as const;
export const SANDBOX_LIST_LIMIT = { max: 1000, default: 100 } as const;
export const DEFAULT_NAMESPACE = "default";

export const SANDBOX_NAME_PATTERN = "^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$";
const label = (what: string) =>
  ({ type: "string", pattern: SANDBOX_NAME_PATTERN, description: `${what}: 1 to 63 ASCII letters, digits, '_', '.' or '-', starting with a letter or digit` }) as const;

/** String pairs with bounded keys and values, so a request cannot grow without limit. */
const stringMap = (what: string, maxProperties: number, maxValue: number) =>
  ({
    type: "object",
    maxProperties,
    propertyNames: { minLength: 1, maxLength: 128 },
    additionalProperties: { type: "string", maxLength: maxValue },
    description: `${what}: at most ${maxProperties} pairs, keys up to 128 characters, values up to ${maxValue}`,
  }) as const;

export const sandboxMetadata = stringMap("metadata shown with the sandbox", 64, 1024);
export const sandboxEnvVars = stringMap("environment variables handed to the sandbox (never stored or shown)", 256, 8192);
export const sandboxTimeout = {
  type: "integer",
  minimum: SANDBOX_TIMEOUT_S.min,
  maximum: SANDBOX_TIMEOUT_S.max,
  description: `seconds until the sandbox times out, at least ${SANDBOX_TIMEOUT_S.min} and at most the service's maximum (24 hours unless configured; default ${SANDBOX_TIMEOUT_S.default})`,
} as const;
/** A timeout counted from now (E2B allows 0: the sandbox times out at once). */
export const sandboxTimeoutFromNow = { ...sandboxTimeout, minimum: 0 } as const;
export const sandboxOnTimeout = { type: "string", enum: SANDBOX_ON_TIMEOUT, description: "at its end time the sandbox is removed ('kill', the default) or paused ('pause')" } as const;
export const sandboxIdSchema = { type: "string", pattern: SANDBOX_ID_PATTERN, description: "a sandbox id: 32 hex characters (fast) or a UUID (strong)" } as const;

export const createSandboxBodySchema = {
  type: "object",
  additionalProperties: false,
  required: ["templateId"],
  properties: {
    templateId: { type: "string", pattern: TEMPLATE_ID_PATTERN },
    buildId: { type: "string", pattern: UUID_PATTERN },
    mode: { type: "string", enum: SANDBOX_MODES },
    name: label("the sandbox's name (default 'sb-<UnixNano>')"),
    namespace: label(`the sandbox's namespace (default '${DEFAULT_NAMESPACE}')`),
    requestId: requestIdSchema,
    timeout: sandboxTimeout,
    metadata: sandboxMetadata,
    envVars: sandboxEnvVars,
    onTimeout: sandboxOnTimeout,
  },
} as const;

export const setSandboxTimeoutBodySchema = {
  type: "object",
  additionalProperties: false,
  required: ["timeout"],
  properties: { timeout: sandboxTimeoutFromNow },
} as const;

export const refreshSandboxBodySchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    duration: { type: "integer", minimum: SANDBOX_REFRESH_S.min, maximum: SANDBOX_REFRESH_S.max, description: `seconds the sandbox lives at least from now, ${SANDBOX_REFRESH_S.min} to ${SANDBOX_REFRESH_S.max} (default ${SANDBOX_REFRESH_S.default})` },
  },
} as const;

export const connectSandboxBodySchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    timeout: sandboxTimeoutFromNow,
    onlyPaused: { type: "boolean", description: "refuse (409) a sandbox that is already running" },
  },
} as const;

export const SANDBOX_METRICS_BATCH_MAX = 100;
export const sandboxIdsQuerySchema = {
  type: "object",
  required: ["ids"],
  properties: {
    ids: {
      type: "string",
      maxLength: SANDBOX_METRICS_BATCH_MAX * 37,
      pattern: "^[0-9a-fA-F-]+(,[0-9a-fA-F-]+)*$",
      description: `sandbox ids joined by commas, at most ${SANDBOX_METRICS_BATCH_MAX}`,
    },
  },
} as const;

export const sandboxParamsSchema = { type: "object", required: ["sandboxId"], properties: { sandboxId: sandboxIdSchema } } as const;

export const listSandboxesQuerySchema = {
  type: "object",
  properties: {
    limit: { type: "string", pattern: "^([1-9][0-9]{0,2}|1000)$", description: "a whole number from 1 to 1000" },
    cursor: pageCursorSchema,
    templateId: { type: "string", pattern: TEMPLATE_ID_PATTERN },
    metadata: { type: "string", maxLength: 16_384, description: "a JSON object of string pairs the sandbox's metadata must hold" },
    order: { type: "string", enum: ["asc", "desc"] },
    startedAfter: { type: "string", format: "date-time" },
    state: { type: "string", pattern: "^(running|paused)(,(running|paused))*$", description: "'running' and/or 'paused', comma-separated" },
  },
} as const;
