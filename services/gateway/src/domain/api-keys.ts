import { createHash, randomBytes } from "node:crypto";

/** API keys are kept only as SHA-256 digests; a request's key is digested and looked up. */
export interface ApiKeys {
  /** The index of the key in `API_KEYS` (a safe label for logs and rate limits), or -1. */
  find(given: string): number;
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
  const byDigest = new Map(keys.map((k, i) => [digest(k), i]));
  return {
    find: (given) => byDigest.get(digest(given)) ?? -1,
    count: byDigest.size,
  };
}
