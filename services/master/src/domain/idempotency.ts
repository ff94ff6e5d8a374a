import { createHash } from "node:crypto";

/** The answer to a write that may carry an idempotency key, and whether an earlier write with the key gave it. */
export interface Keyed<T> {
  response: T;
  replayed: boolean;
}

/**
 * A digest of what a create asked for, with defaults applied, so a repeat with the same
 * idempotency key can be told apart from a different request reusing it. Object keys are
 * sorted: `{a, b}` and `{b, a}` are the same request. Secrets (envVars) enter only the digest.
 */
export function requestDigest(parts: Record<string, unknown>): string {
  return createHash("sha256").update(stableJson(parts)).digest("hex");
}

function stableJson(value: unknown): string {
  if (value === undefined) return "null";
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
}

/**
 * Creates under way in this process, by idempotency key, so a repeat that arrives while
 * the first is still running waits for it instead of making a second sandbox. An entry
 * stays until `release` (for fast mode: until the record is written).
 */
export function createInFlight<T>() {
  const running = new Map<string, Promise<T>>();
  return {
    get: (key: string) => running.get(key),
    /** Starts `work` under `key`; the entry stays until the returned `release` is called. */
    start(key: string, work: () => Promise<T>): { result: Promise<T>; release: () => void } {
      const result = work();
      running.set(key, result);
      return {
        result,
        release: () => {
          if (running.get(key) === result) running.delete(key);
        },
      };
    },
    get size() {
      return running.size;
    },
  };
}
