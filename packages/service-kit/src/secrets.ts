import { timingSafeEqual } from "node:crypto";

/**
 * Whether a token a caller sent is the expected one: constant-time for a token of the right
 * length; one of another length is refused at once (which tells only its length is wrong).
 */
export function sameToken(given: string, expected: Buffer): boolean {
  const bytes = Buffer.from(given);
  return bytes.length === expected.length && timingSafeEqual(bytes, expected);
}
