import { CubicleError } from "./errors.js";
import { echo } from "./echo.js";

/**
 * Display-name rules, shared by every service: master enforces them on write, the gateway
 * checks them before calling master, and `GET /names/validate` explains them to users.
 */

export const DISPLAY_NAME_MAX_LENGTH = 256;

/** Prefixes that belong to ids, so a name can never be mistaken for one. */
export const RESERVED_NAME_PREFIXES = ["tpl-", "snap-"] as const;

/**
 * Whole names (in any letter case) that are words of the API's paths, Cubicle's own and
 * E2B's: a name stands where a path has a parameter (`/templates/{ref}`), so a template
 * named `tags` would be the target of `DELETE /templates/tags` (E2B's "remove tags") and one
 * named `lookup` could never be read by its name. Every literal segment of E2B's API
 * description is here, so a path E2B adds later at a name's position cannot meet a name.
 */
export const RESERVED_NAMES = [
  // Cubicle's own paths
  "lookup",
  "names",
  "validate",
  "healthz",
  "readyz",
  // E2B's paths (e2b-dev/infra spec/openapi.yml)
  "access-tokens",
  "admin",
  "aliases",
  "api-keys",
  "builds",
  "cancel",
  "connect",
  "files",
  "fork",
  "health",
  "kill",
  "logs",
  "max",
  "metrics",
  "network",
  "nodes",
  "pause",
  "refreshes",
  "resume",
  "running-counts",
  "sandboxes",
  "secrets",
  "snapshots",
  "status",
  "tags",
  "teams",
  "templates",
  "timeout",
  "v2",
  "v3",
  "volumes",
] as const;

const RESERVED = new Set<string>(RESERVED_NAMES);

export type NameInvalidReason = "empty" | "too_long" | "invalid_chars" | "reserved_prefix" | "reserved_name";

export type NameCheck =
  | { valid: true; displayName: string; key: string }
  | { valid: false; reason: NameInvalidReason; message: string };

const ALLOWED = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** The form a name is stored under for uniqueness: names differing only in case collide. */
export function nameKey(displayName: string): string {
  return displayName.toLowerCase();
}

/**
 * Checks a display name. The input is trimmed first; `displayName` is the trimmed form
 * (the user's case kept) and `key` its lower-case uniqueness key.
 */
export function checkDisplayName(input: string): NameCheck {
  const displayName = input.trim();
  if (displayName.length === 0) {
    return { valid: false, reason: "empty", message: "name is empty" };
  }
  if (displayName.length > DISPLAY_NAME_MAX_LENGTH) {
    return {
      valid: false,
      reason: "too_long",
      message: `name is ${displayName.length} characters long; at most ${DISPLAY_NAME_MAX_LENGTH} are allowed`,
    };
  }
  if (!ALLOWED.test(displayName)) {
    return {
      valid: false,
      reason: "invalid_chars",
      message: "name may hold only ASCII letters, digits, '-' and '_', and must start with a letter or digit",
    };
  }
  const key = nameKey(displayName);
  const prefix = RESERVED_NAME_PREFIXES.find((p) => key.startsWith(p));
  if (prefix) {
    return {
      valid: false,
      reason: "reserved_prefix",
      message: `name must not start with '${prefix}' (in any letter case): that prefix is reserved for ids`,
    };
  }
  if (RESERVED.has(key)) {
    return { valid: false, reason: "reserved_name", message: `name '${echo(displayName)}' is reserved: it is a word of the API's paths` };
  }
  return { valid: true, displayName, key };
}

/** A name from a request: valid (trimmed, with its key), or a 400 `invalid_name` saying why. */
export function parseDisplayName(input: string): { displayName: string; key: string } {
  const check = checkDisplayName(input);
  if (!check.valid) throw new CubicleError("invalid_name", `invalid name: ${check.message}`, { reason: check.reason });
  return check;
}
