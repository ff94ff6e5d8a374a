import { CubicleError } from "./errors.js";
import { echo } from "./echo.js";

/**
 * Tag rules and `name:tag` references, shared by the gateway (which checks what callers
 * write) and master (which resolves it). A tag names one build of a template, as E2B's
 * `my-app:v1` does.
 *
 * Tags are case-sensitive, as image tags are: `v1-RC` and `v1-rc` are two tags, and a tag
 * written in an SDK's code is matched exactly as written. (Display names are not: two
 * names differing only in case are one name, because people say names aloud; tags are
 * copied, like versions.)
 */

export const DEFAULT_TAG = "default";
export const TAG_MAX_LENGTH = 128;
/** Tags one template may hold, `default` included: a lookup's cached answer carries them all. */
export const TAGS_PER_TEMPLATE_MAX = 100;
/** Letters, digits, `_`, `.` and `-`, starting with a letter, digit or `_` (Docker's tag grammar). */
export const TAG_PATTERN = "^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$";
const TAG = new RegExp(TAG_PATTERN);

export function isTag(tag: string): boolean {
  return TAG.test(tag);
}

/** The tag as written, or a 400 that says what is wrong with it. */
export function checkTag(tag: string): string {
  if (!isTag(tag)) {
    throw new CubicleError(
      "invalid_request",
      `invalid tag '${echo(tag)}': 1 to ${TAG_MAX_LENGTH} letters, digits, '_', '.' and '-', not starting with '.' or '-'`,
      { reason: "invalid_tag" },
    );
  }
  return tag;
}

/** A template reference split at its tag: `my-app:v1` → `{ name: "my-app", tag: "v1" }`; no `:` → tag null. */
export interface TemplateReference {
  /** A display name, `team-slug/name` or a template id, as written (trimmed). */
  name: string;
  tag: string | null;
}

/**
 * Splits `ref` at its last `:` (a display name never holds one). The tag is checked; the
 * name part is left to the caller's rules for names and ids. An empty tag (`my-app:`) is a 400.
 */
export function splitReference(ref: string): TemplateReference {
  const trimmed = ref.trim();
  const colon = trimmed.lastIndexOf(":");
  if (colon < 0) return { name: trimmed, tag: null };
  return { name: trimmed.slice(0, colon).trim(), tag: checkTag(trimmed.slice(colon + 1).trim()) };
}

/** `name` with `tag`, as references write it. */
export const withTag = (name: string, tag: string | null): string => (tag === null ? name : `${name}:${tag}`);
