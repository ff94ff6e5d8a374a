import pMemoize from "p-memoize";
import { LRUCache } from "lru-cache";

/**
 * The name → template lookup cache. Built on p-memoize, which gives singleflight: concurrent
 * lookups of one key that is not cached share one database query. Found names are kept in
 * one LRU (long TTL), unknown names in a smaller one (short TTL), so memory stays bounded
 * however many distinct names are asked for; p-memoize's own in-flight map only holds
 * lookups while they run.
 *
 * A lookup that started before an invalidation must not put its (possibly stale) answer
 * into the cache after it: every invalidation bumps an epoch, and an answer is cached only
 * if no invalidation happened while it was being loaded.
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

interface Loaded<V> {
  value: V | null;
  epoch: number;
}

const MISSING = Symbol("missing");

export function createNameCache<V extends object>(options: NameCacheOptions<V>): NameCache<V> {
  const positive = new LRUCache<string, V>({ max: options.max, ttl: options.ttlMs || undefined, ttlAutopurge: false });
  const negative = new LRUCache<string, typeof MISSING>({
    max: options.negativeMax,
    ttl: options.negativeTtlMs || undefined,
    ttlAutopurge: false,
  });
  let epoch = 0;
  let inFlight = 0;
  const counters = options.counters;

  const loadFromDb = async (key: string, started = epoch): Promise<Loaded<V>> => {
    counters?.load();
    inFlight++;
    try {
      return { value: await options.load(key), epoch: started };
    } finally {
      inFlight--;
    }
  };

  const store = (key: string, loaded: Loaded<V>): void => {
    if (loaded.epoch !== epoch) return;
    if (loaded.value === null) {
      positive.delete(key);
      if (options.negativeTtlMs > 0) negative.set(key, MISSING);
    } else {
      negative.delete(key);
      if (options.ttlMs > 0) positive.set(key, loaded.value);
      else positive.delete(key);
    }
  };

  // p-memoize supplies the singleflight; the cache it reads is always empty, because hits
  // are answered before it is called and answers are stored by `shouldCache` below. The
  // epoch is part of the key, so a lookup made after an invalidation never joins a load
  // that started before it.
  const noCache = { has: () => false, get: () => undefined, set: () => {}, delete: () => {}, clear: () => {} };
  const loadShared = pMemoize(loadFromDb, {
    cacheKey: ([key, started]) => `${started}:${key}`,
    cache: noCache,
    shouldCache: (loaded, { argumentsList: [key] }) => {
      store(key, loaded);
      return false;
    },
  });

  const cached = (key: string): V | null | undefined => {
    const hit = positive.get(key);
    if (hit !== undefined) return hit;
    return negative.get(key) === MISSING ? null : undefined;
  };

  return {
    async get(key) {
      const hit = cached(key);
      if (hit !== undefined) {
        counters?.hit();
        return hit;
      }
      counters?.miss();
      return (await loadShared(key, epoch)).value;
    },
    async getFresh(key) {
      counters?.miss();
      const loaded = await loadFromDb(key);
      store(key, loaded);
      return loaded.value;
    },
    invalidate(keys) {
      epoch++;
      for (const key of keys) {
        positive.delete(key);
        negative.delete(key);
      }
    },
    sizes() {
      return { positive: positive.size, negative: negative.size, inFlight };
    },
  };
}
