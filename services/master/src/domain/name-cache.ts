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
  sizes(): { positive: number; negative: number; inFlight: number };
}

export function createNameCache<V extends object>(options: NameCacheOptions<V>): NameCache<V> {
  const counters = options.counters;
  let inFlight = 0;
  const cache = createMemoCache<V>({
    async load(key) {
      counters?.load();
      inFlight++;
      try {
        return await options.load(key);
      } finally {
        inFlight--;
      }
    },
    max: options.max,
    ttlMs: options.ttlMs,
    negativeMax: options.negativeMax,
    negativeTtlMs: options.negativeTtlMs,
  });

  return {
    async get(key) {
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
      return cache.refresh(key);
    },
    invalidate(keys) {
      cache.delete(...keys);
    },
    sizes: () => ({ ...cache.sizes(), inFlight }),
  };
}
