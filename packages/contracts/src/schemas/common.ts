/** Schemas both services' APIs share. */

/** An idempotency key as master takes it: the gateway's Idempotency-Key, prefixed with the API key's fingerprint. */
export const requestIdSchema = {
  type: "string",
  minLength: 1,
  maxLength: 200,
  pattern: "^[\\x21-\\x7e]+$",
  description: "an idempotency key: printable ASCII without spaces, up to 200 characters",
} as const;

/**
 * A page position: the last item's creation time and id, base64url-encoded. Opaque to
 * callers; it stays valid when that item is deleted (a page starts after its position, not
 * after a row that must still exist).
 */
export const pageCursorSchema = { type: "string", pattern: "^[A-Za-z0-9_-]{1,200}$", description: "the cursor the previous page gave" } as const;
