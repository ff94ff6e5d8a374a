import { createMemoCache } from "@cubicle/service-kit";

/**
 * The (team, name) → template lookup cache, on service-kit's memo cache: singleflight
 * (concurrent lookups of one uncached key share one database query), found names in one
 * bounded LRU (long TTL) and unknown names in a smaller one (short TTL), so memory stays
 * bounded however many distinct names are asked for; and a lookup that started before an
 * invalidation never puts its (possibly stale) answer into the cache after it. This adds
 * the counters `/metrics` reports and the loads in flight.
 */

export interface NameCacheOptions<V> {
  load: (key: string) => Promise<V | null>;
  ttlMs: number;
  max: number;
  negativeTtlMs: number;
  negativeMax: number;
  counters?: { hit(): void; miss(): void; load(): void };
}

export interface NameCache<V> {
  /** The cached answer, or one database query shared by every concurrent caller of the key. */
  get(key: string): Promise<V | null>;
  /** Reads the database without looking at the cache, and refreshes the cache with the answer. */
  getFresh(key: string): Promise<V | null>;
  invalidate(keys: Iterable<string>): void;
  /**
   * While the cache cannot hear other masters' changes (its notification connection is
   * down): forgets everything and answers every lookup from the database, keeping nothing.
   */
  bypass(): void;
  /** Hears changes again: forgets everything once more and caches as before. */
  resume(): void;
  /** True while bypassed. */
  readonly bypassed: boolean;
  sizes(): { positive: number; negative: number; inFlight: number };
}

export function createNameCache<V extends object>(options: NameCacheOptions<V>): NameCache<V> {
  const counters = options.counters;
  let inFlight = 0;
  async function load(key: string): Promise<V | null> {
    counters?.load();
    inFlight++;
    try {
      return await options.load(key);
    } finally {
      inFlight--;
    }
  }
  const cache = createMemoCache<V>({
    load,
    max: options.max,
    ttlMs: options.ttlMs,
    negativeMax: options.negativeMax,
    negativeTtlMs: options.negativeTtlMs,
  });

  let bypassed = false;

  return {
    async get(key) {
      if (bypassed) {
        counters?.miss();
        return load(key);
      }
      const hit = cache.peek(key);
      if (hit !== undefined) {
        counters?.hit();
        return hit;
      }
      counters?.miss();
      return cache.get(key);
    },
    getFresh(key) {
      counters?.miss();
      return bypassed ? load(key) : cache.refresh(key);
    },
    invalidate(keys) {
      cache.delete(...keys);
    },
    bypass() {
      bypassed = true;
      cache.clear();
    },
    resume() {
      cache.clear();
      bypassed = false;
    },
    get bypassed() {
      return bypassed;
    },
    sizes: () => ({ ...cache.sizes(), inFlight }),
  };
}
