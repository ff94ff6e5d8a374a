import pMemoize from "p-memoize";
import { LRUCache } from "lru-cache";

/**
 * A small read-through cache for answers that may change but need not be seen at once: an
 * API key's owner (the gateway), a team slug's id (master). p-memoize gives singleflight
 * (concurrent misses of one key share one load); two LRUs bound memory, one for answers
 * found (`ttlMs`) and a smaller one for "none" (`negativeTtlMs`), so a flood of unknown keys
 * cannot evict the known ones. `peek` answers a hit synchronously: a warm request pays one
 * map lookup and no promise.
 */

export interface MemoCacheOptions<V> {
  load: (key: string) => Promise<V | null>;
  max: number;
  ttlMs: number;
  negativeMax: number;
  negativeTtlMs: number;
}

export interface MemoCache<V> {
  /** The cached answer (null: cached as none), or undefined when nothing is cached. */
  peek(key: string): V | null | undefined;
  /** The cached answer, or one load shared by every concurrent caller of the key. */
  get(key: string): Promise<V | null>;
  delete(key: string): void;
  /** Drops every cached answer for which `test` holds. */
  deleteWhere(test: (value: V) => boolean): void;
  readonly size: number;
}

const NONE = Symbol("none");

export function createMemoCache<V extends object>(options: MemoCacheOptions<V>): MemoCache<V> {
  const found = new LRUCache<string, V>({ max: options.max, ttl: options.ttlMs || 1, ttlAutopurge: false });
  const missing = new LRUCache<string, typeof NONE>({ max: options.negativeMax, ttl: options.negativeTtlMs || 1, ttlAutopurge: false });
  let generation = 0;

  const peek = (key: string): V | null | undefined => found.get(key) ?? (missing.get(key) === NONE ? null : undefined);

  // p-memoize only shares loads in flight: answers are kept by the LRUs above, and a load
  // that began before a `delete` does not store what it read (the generation moved on).
  const noCache = { has: () => false, get: () => undefined, set: () => {}, delete: () => {}, clear: () => {} };
  const load = pMemoize(
    async (key: string, started: number) => {
      const value = await options.load(key);
      if (started === generation) {
        if (value === null) {
          if (options.negativeTtlMs > 0) missing.set(key, NONE);
        } else if (options.ttlMs > 0) {
          found.set(key, value);
        }
      }
      return value;
    },
    { cacheKey: ([key, started]) => `${started}:${key}`, cache: noCache },
  );

  return {
    peek,
    async get(key) {
      const hit = peek(key);
      return hit !== undefined ? hit : load(key, generation);
    },
    delete(key) {
      generation++;
      found.delete(key);
      missing.delete(key);
    },
    deleteWhere(test) {
      generation++;
      for (const [key, value] of found.entries()) if (test(value)) found.delete(key);
    },
    get size() {
      return found.size + missing.size;
    },
  };
}
