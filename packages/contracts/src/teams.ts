import { createHash, randomBytes } from "node:crypto";
import { CubicleError } from "./errors.js";
import { echo } from "./echo.js";

/**
 * Teams and their API keys, as every service sees them: a team's slug rules, how a key is
 * made, digested and masked, and the header that carries a call's team to master.
 */

/** The header naming the team a call to master serves (its id). Master refuses scoped calls without it. */
export const TEAM_HEADER = "x-cubicle-team";

/** The header naming the API key (its id) whose request a call to master serves: for master's request lines only. */
export const KEY_HEADER = "x-cubicle-key";

/** The slug of the team that exists from the start: keys in `API_KEYS` and data from before teams belong to it. */
export const DEFAULT_TEAM_SLUG = "default";

export const TEAM_SLUG_MAX_LENGTH = 63;
const SLUG = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/** A team slug from a request: lower-case letters, digits and inner '-', or a 400 saying why not. */
export function parseTeamSlug(input: string): string {
  const slug = input.trim();
  if (slug.length === 0 || slug.length > TEAM_SLUG_MAX_LENGTH || !SLUG.test(slug)) {
    throw new CubicleError(
      "invalid_request",
      `invalid team slug '${echo(slug)}': 1 to ${TEAM_SLUG_MAX_LENGTH} lower-case letters, digits and '-', starting and ending with a letter or digit`,
      { in: "body", field: "slug" },
    );
  }
  return slug;
}

export const isTeamSlug = (value: string): boolean => value.length <= TEAM_SLUG_MAX_LENGTH && SLUG.test(value);

/** Every key Cubicle makes starts with this, so a leaked one is recognisable (and scannable). */
export const API_KEY_PREFIX = "cubicle_";

/** A new API key: the prefix and 20 random bytes in hex (160 bits, as E2B's keys). */
export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(20).toString("hex");
}

/** What is stored of a key: the SHA-256 of its whole value, in hex. Keys are random, so no slow hash is needed. */
export function apiKeyDigest(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** E2B's `IdentifierMaskingDetails`: what a listing may show of a key. */
export interface KeyMask {
  prefix: string;
  valueLength: number;
  maskedValuePrefix: string;
  maskedValueSuffix: string;
}

/**
 * E2B's mask of a key: its prefix, the length of the rest, the rest's first two and last
 * four characters. A key chosen by an operator (`API_KEYS`) may have no prefix.
 */
export function maskApiKey(key: string): KeyMask {
  const prefix = key.startsWith(API_KEY_PREFIX) ? API_KEY_PREFIX : "";
  const value = key.slice(prefix.length);
  return { prefix, valueLength: value.length, maskedValuePrefix: value.slice(0, 2), maskedValueSuffix: value.slice(-4) };
}
