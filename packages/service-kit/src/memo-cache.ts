import pMemoize from "p-memoize";
import { LRUCache } from "lru-cache";

/**
 * A small read-through cache for answers that may change: master's name → template lookups
 * and team slugs, the gateway's API-key owners. p-memoize gives singleflight (concurrent
 * misses of one key share one load); two LRUs bound memory, one for answers found
 * (`ttlMs`) and a smaller one for "none" (`negativeTtlMs`), so a flood of unknown keys
 * cannot evict the known ones. `peek` answers a hit synchronously: a warm request pays one
 * map lookup and no promise. A TTL of 0 keeps nothing of that kind.
 *
 * A load that started before a `delete` must not put its (possibly stale) answer into the
 * cache after it: every delete moves a generation on, and an answer is kept only if no
 * delete happened while it was being loaded.
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
  /** Loads the key without looking at the cache (nor sharing a load), and keeps the answer. */
  refresh(key: string): Promise<V | null>;
  /** Forgets the keys at once; loads under way keep nothing. */
  delete(...keys: string[]): void;
  /** Drops every cached answer for which `test` holds. */
  deleteWhere(test: (value: V) => boolean): void;
  /** Forgets everything at once; loads under way keep nothing. */
  clear(): void;
  sizes(): { positive: number; negative: number };
  readonly size: number;
}

const NONE = Symbol("none");

export function createMemoCache<V extends object>(options: MemoCacheOptions<V>): MemoCache<V> {
  const found = new LRUCache<string, V>({ max: options.max, ttl: options.ttlMs || 1, ttlAutopurge: false });
  const missing = new LRUCache<string, typeof NONE>({ max: options.negativeMax, ttl: options.negativeTtlMs || 1, ttlAutopurge: false });
  let generation = 0;

  const peek = (key: string): V | null | undefined => found.get(key) ?? (missing.get(key) === NONE ? null : undefined);

  /** Loads the key; keeps the answer unless a delete came since `started`. */
  async function loadAndKeep(key: string, started: number): Promise<V | null> {
    const value = await options.load(key);
    if (started !== generation) return value;
    if (value === null) {
      found.delete(key);
      if (options.negativeTtlMs > 0) missing.set(key, NONE);
    } else {
      missing.delete(key);
      if (options.ttlMs > 0) found.set(key, value);
      else found.delete(key);
    }
    return value;
  }

  // p-memoize only shares loads in flight: answers are kept by the LRUs above. The
  // generation is part of the key, so a get after a delete never joins a load from before it.
  const noCache = { has: () => false, get: () => undefined, set: () => {}, delete: () => {}, clear: () => {} };
  const shared = pMemoize(loadAndKeep, { cacheKey: ([key, started]) => `${started}:${key}`, cache: noCache });

  return {
    peek,
    async get(key) {
      const hit = peek(key);
      return hit !== undefined ? hit : shared(key, generation);
    },
    refresh: (key) => loadAndKeep(key, generation),
    delete(...keys) {
      generation++;
      for (const key of keys) {
        found.delete(key);
        missing.delete(key);
      }
    },
    deleteWhere(test) {
      generation++;
      for (const [key, value] of found.entries()) if (test(value)) found.delete(key);
    },
    clear() {
      generation++;
      found.clear();
      missing.clear();
    },
    sizes: () => ({ positive: found.size, negative: missing.size }),
    get size() {
      return found.size + missing.size;
    },
  };
}
