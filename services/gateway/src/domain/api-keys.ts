import { createHash, randomBytes } from "node:crypto";

/** API keys are kept only as SHA-256 digests; a request's key is digested and looked up. */
export interface ApiKeys {
  /** The index of the key in `API_KEYS` (a safe label for logs and rate limits), or -1. */
  find(given: string): number;
  /**
   * A short, stable label of the key at `index` (a prefix of its digest), the same whatever
   * its position in `API_KEYS`: idempotency keys are kept apart per API key by it.
   */
  fingerprint(index: number): string;
  count: number;
}

const digest = (key: string) => createHash("sha256").update(key).digest("hex");

export function parseApiKeys(list: string): string[] {
  return [...new Set(list.split(",").map((k) => k.trim()).filter(Boolean))];
}

/** A fresh key for a gateway started without `API_KEYS`: 32 random bytes, url-safe. */
export function generateApiKey(): string {
  return `cubicle_${randomBytes(32).toString("base64url")}`;
}

export function createApiKeys(keys: string[]): ApiKeys {
  const digests = keys.map(digest);
  const byDigest = new Map(digests.map((d, i) => [d, i]));
  return {
    find: (given) => byDigest.get(digest(given)) ?? -1,
    fingerprint: (index) => digests[index]!.slice(0, 16),
    count: byDigest.size,
  };
}
