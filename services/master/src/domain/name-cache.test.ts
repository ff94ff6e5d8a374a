import { afterEach, beforeEach, describe, expect, jest, test } from "@jest/globals";
import { setTimeout as sleep } from "node:timers/promises";
import { createNameCache, type NameCacheOptions } from "./name-cache.js";

interface Entry {
  id: string;
}

/** A controllable stand-in for the database query. */
class FakeLoad {
  calls: string[] = [];
  /** The answer per key; unknown keys answer null (not found). */
  values = new Map<string, Entry | null>();
  /** When set, every load waits for `release()` before answering. */
  private gate: { promise: Promise<void>; resolve: () => void } | null = null;
  private failWith: Error | null = null;

  readonly load = async (key: string): Promise<Entry | null> => {
    this.calls.push(key);
    const gate = this.gate;
    if (gate) await gate.promise;
    if (this.failWith) throw this.failWith;
    return this.values.get(key) ?? null;
  };

  callsFor(key: string): number {
    return this.calls.filter((k) => k === key).length;
  }

  /** Makes the following loads wait until `release()` is called. */
  hold(): void {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    this.gate = { promise, resolve };
  }

  release(): void {
    const gate = this.gate;
    this.gate = null;
    gate?.resolve();
  }

  fail(err: Error | null): void {
    this.failWith = err;
  }
}

class Counters {
  hits = 0;
  misses = 0;
  loads = 0;
  hit = (): void => void this.hits++;
  miss = (): void => void this.misses++;
  load = (): void => void this.loads++;
}

function setup(overrides: Partial<NameCacheOptions<Entry>> = {}) {
  const fake = new FakeLoad();
  const counters = new Counters();
  const cache = createNameCache<Entry>({
    load: fake.load,
    ttlMs: 60_000,
    max: 100,
    negativeTtlMs: 60_000,
    negativeMax: 100,
    counters,
    ...overrides,
  });
  return { fake, counters, cache };
}

/** Lets pending promise callbacks run. */
const flush = () => sleep(0);

describe("positive and negative caching", () => {
  test("a found value is cached: the second get does not call load", async () => {
    const { fake, cache } = setup();
    const entry = { id: "tpl-1" };
    fake.values.set("box", entry);
    expect(await cache.get("box")).toBe(entry);
    expect(await cache.get("box")).toBe(entry);
    expect(fake.callsFor("box")).toBe(1);
    expect(cache.sizes()).toEqual({ positive: 1, negative: 0, inFlight: 0 });
  });

  test("a not-found answer is cached in the negative cache: the second get does not call load", async () => {
    const { fake, cache } = setup();
    expect(await cache.get("nobody")).toBeNull();
    expect(await cache.get("nobody")).toBeNull();
    expect(fake.callsFor("nobody")).toBe(1);
    expect(cache.sizes()).toEqual({ positive: 0, negative: 1, inFlight: 0 });
  });

  test("different keys are cached separately", async () => {
    const { fake, cache } = setup();
    fake.values.set("a", { id: "1" });
    fake.values.set("b", { id: "2" });
    expect(await cache.get("a")).toEqual({ id: "1" });
    expect(await cache.get("b")).toEqual({ id: "2" });
    expect(await cache.get("c")).toBeNull();
    expect(fake.calls).toEqual(["a", "b", "c"]);
    expect(cache.sizes()).toEqual({ positive: 2, negative: 1, inFlight: 0 });
  });

  test("a ttlMs of 0 disables positive caching", async () => {
    const { fake, cache } = setup({ ttlMs: 0 });
    fake.values.set("box", { id: "1" });
    await cache.get("box");
    await cache.get("box");
    expect(fake.callsFor("box")).toBe(2);
    expect(cache.sizes().positive).toBe(0);
  });

  test("a negativeTtlMs of 0 disables negative caching", async () => {
    const { fake, cache } = setup({ negativeTtlMs: 0 });
    await cache.get("nobody");
    await cache.get("nobody");
    expect(fake.callsFor("nobody")).toBe(2);
    expect(cache.sizes().negative).toBe(0);
  });

  test("a failing load is not cached and its error reaches the caller; the next get loads again", async () => {
    const { fake, cache } = setup();
    fake.fail(new Error("db down"));
    await expect(cache.get("box")).rejects.toThrow("db down");
    fake.fail(null);
    fake.values.set("box", { id: "1" });
    expect(await cache.get("box")).toEqual({ id: "1" });
    expect(fake.callsFor("box")).toBe(2);
    expect(cache.sizes()).toEqual({ positive: 1, negative: 0, inFlight: 0 });
  });
});

describe("singleflight", () => {
  test("200 concurrent gets of one uncached key call load exactly once and all get the same answer", async () => {
    const { fake, cache, counters } = setup();
    const entry = { id: "tpl-shared" };
    fake.values.set("box", entry);
    fake.hold();
    const gets = Array.from({ length: 200 }, () => cache.get("box"));
    await flush();
    expect(cache.sizes().inFlight).toBe(1);
    fake.release();
    const answers = await Promise.all(gets);
    expect(fake.callsFor("box")).toBe(1);
    for (const answer of answers) expect(answer).toBe(entry);
    expect(counters).toMatchObject({ misses: 200, loads: 1, hits: 0 });
    expect(cache.sizes()).toEqual({ positive: 1, negative: 0, inFlight: 0 });
  });

  test("200 concurrent gets of one unknown key call load once and all get null", async () => {
    const { fake, cache } = setup();
    fake.hold();
    const gets = Array.from({ length: 200 }, () => cache.get("nobody"));
    await flush();
    fake.release();
    const answers = await Promise.all(gets);
    expect(fake.callsFor("nobody")).toBe(1);
    expect(answers.every((a) => a === null)).toBe(true);
  });

  test("concurrent gets of different keys load each key once", async () => {
    const { fake, cache } = setup();
    fake.hold();
    const gets = ["a", "b", "a", "b", "c"].map((k) => cache.get(k));
    await flush();
    expect(cache.sizes().inFlight).toBe(3);
    fake.release();
    await Promise.all(gets);
    expect([...fake.calls].sort()).toEqual(["a", "b", "c"]);
  });

  test("a failing shared load rejects every concurrent caller and is not cached", async () => {
    const { fake, cache } = setup();
    fake.hold();
    fake.fail(new Error("db down"));
    const gets = Array.from({ length: 10 }, () => cache.get("box"));
    await flush();
    fake.release();
    const results = await Promise.allSettled(gets);
    expect(results.every((r) => r.status === "rejected")).toBe(true);
    expect(fake.callsFor("box")).toBe(1);
    expect(cache.sizes()).toEqual({ positive: 0, negative: 0, inFlight: 0 });
  });
});

describe("TTL expiry", () => {
  // The caches (lru-cache) read the time from `performance.now()`: these tests move it by hand,
  // so no pause of the machine can age an entry between two calls.
  let now = 0;
  beforeEach(() => {
    now = 1_000;
    jest.spyOn(performance, "now").mockImplementation(() => now);
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });
  /** Moves the clock on; lru-cache reuses a reading for 1 ms (real time), so that passes too. */
  const advance = async (ms: number) => {
    now += ms;
    await sleep(5);
  };

  test("a positive entry expires after ttlMs and the next get loads again", async () => {
    const { fake, cache } = setup({ ttlMs: 30 });
    fake.values.set("box", { id: "old" });
    expect(await cache.get("box")).toEqual({ id: "old" });
    fake.values.set("box", { id: "new" });
    await advance(29);
    expect(await cache.get("box")).toEqual({ id: "old" });
    await advance(2);
    expect(await cache.get("box")).toEqual({ id: "new" });
    expect(fake.callsFor("box")).toBe(2);
  });

  test("a negative entry expires after negativeTtlMs and the next get loads again", async () => {
    const { fake, cache } = setup({ negativeTtlMs: 30 });
    expect(await cache.get("box")).toBeNull();
    fake.values.set("box", { id: "created" });
    await advance(29);
    expect(await cache.get("box")).toBeNull();
    await advance(2);
    expect(await cache.get("box")).toEqual({ id: "created" });
    expect(fake.callsFor("box")).toBe(2);
  });

  test("positive and negative entries have separate TTLs", async () => {
    const { fake, cache } = setup({ ttlMs: 60_000, negativeTtlMs: 30 });
    fake.values.set("found", { id: "1" });
    await cache.get("found");
    await cache.get("missing");
    await advance(60);
    await cache.get("found");
    await cache.get("missing");
    expect(fake.callsFor("found")).toBe(1);
    expect(fake.callsFor("missing")).toBe(2);
  });
});

describe("bounded size", () => {
  test("after 1000 distinct found keys the positive cache holds at most max entries", async () => {
    const { fake, cache } = setup({ max: 10, negativeMax: 5 });
    for (let i = 0; i < 1000; i++) fake.values.set(`k${i}`, { id: `tpl-${i}` });
    for (let i = 0; i < 1000; i++) await cache.get(`k${i}`);
    const sizes = cache.sizes();
    expect(sizes.positive).toBeLessThanOrEqual(10);
    expect(sizes.positive).toBeGreaterThan(0);
    expect(sizes.negative).toBeLessThanOrEqual(5);
    expect(sizes.inFlight).toBe(0);
  });

  test("after 1000 distinct unknown keys the negative cache holds at most negativeMax entries", async () => {
    const { cache } = setup({ max: 10, negativeMax: 5 });
    for (let i = 0; i < 1000; i++) await cache.get(`missing-${i}`);
    const sizes = cache.sizes();
    expect(sizes.negative).toBeLessThanOrEqual(5);
    expect(sizes.negative).toBeGreaterThan(0);
    expect(sizes.positive).toBe(0);
  });

  test("after 1000 concurrent gets of distinct keys, found and not found mixed, both caches stay within their caps", async () => {
    const { fake, cache } = setup({ max: 10, negativeMax: 5 });
    for (let i = 0; i < 1000; i += 2) fake.values.set(`k${i}`, { id: `tpl-${i}` });
    await Promise.all(Array.from({ length: 1000 }, (_, i) => cache.get(`k${i}`)));
    const sizes = cache.sizes();
    expect(sizes.positive).toBeLessThanOrEqual(10);
    expect(sizes.negative).toBeLessThanOrEqual(5);
    expect(sizes.inFlight).toBe(0);
  });

  test("the least recently used entry is the one evicted", async () => {
    const { fake, cache } = setup({ max: 2 });
    for (const k of ["a", "b", "c"]) fake.values.set(k, { id: k });
    await cache.get("a");
    await cache.get("b");
    await cache.get("a"); // a is now more recent than b
    await cache.get("c"); // evicts b
    fake.calls = [];
    await cache.get("a");
    await cache.get("b");
    expect(fake.calls).toEqual(["b"]);
  });
});

describe("getFresh", () => {
  test("getFresh calls load even when the key is cached, and a following get is a hit with the fresh value", async () => {
    const { fake, cache, counters } = setup();
    fake.values.set("box", { id: "old" });
    await cache.get("box");
    fake.values.set("box", { id: "new" });
    expect(await cache.getFresh("box")).toEqual({ id: "new" });
    expect(fake.callsFor("box")).toBe(2);
    const loadsBefore = counters.loads;
    const hitsBefore = counters.hits;
    expect(await cache.get("box")).toEqual({ id: "new" });
    expect(fake.callsFor("box")).toBe(2);
    expect(counters.loads).toBe(loadsBefore);
    expect(counters.hits).toBe(hitsBefore + 1);
  });

  test("getFresh always calls load, every time", async () => {
    const { fake, cache } = setup();
    fake.values.set("box", { id: "1" });
    await cache.getFresh("box");
    await cache.getFresh("box");
    await cache.getFresh("box");
    expect(fake.callsFor("box")).toBe(3);
  });

  test("getFresh on a key cached as not found replaces the negative entry with the found value", async () => {
    const { fake, cache } = setup();
    expect(await cache.get("box")).toBeNull();
    fake.values.set("box", { id: "created" });
    expect(await cache.getFresh("box")).toEqual({ id: "created" });
    expect(await cache.get("box")).toEqual({ id: "created" });
    expect(fake.callsFor("box")).toBe(2);
    expect(cache.sizes()).toEqual({ positive: 1, negative: 0, inFlight: 0 });
  });

  test("getFresh of an unknown key caches the not-found answer", async () => {
    const { fake, cache } = setup();
    expect(await cache.getFresh("nobody")).toBeNull();
    expect(await cache.get("nobody")).toBeNull();
    expect(fake.callsFor("nobody")).toBe(1);
  });

  test("getFresh on a key cached as found that is now gone makes a following get answer null", async () => {
    // The name was released or renamed: the fresh read says "not found", and the cache
    // must not keep answering with the old, positive entry.
    const { fake, cache } = setup();
    fake.values.set("box", { id: "old" });
    expect(await cache.get("box")).toEqual({ id: "old" });
    fake.values.delete("box");
    expect(await cache.getFresh("box")).toBeNull();
    expect(await cache.get("box")).toBeNull();
  });
});

describe("invalidate", () => {
  test("invalidate removes positive and negative entries of the given keys only", async () => {
    const { fake, cache } = setup();
    fake.values.set("a", { id: "1" });
    fake.values.set("keep", { id: "2" });
    await cache.get("a");
    await cache.get("keep");
    await cache.get("missing");
    expect(cache.sizes()).toEqual({ positive: 2, negative: 1, inFlight: 0 });
    cache.invalidate(["a", "missing"]);
    expect(cache.sizes()).toEqual({ positive: 1, negative: 0, inFlight: 0 });
    fake.calls = [];
    await cache.get("a");
    await cache.get("missing");
    await cache.get("keep");
    expect(fake.calls).toEqual(["a", "missing"]);
  });

  test("an invalidated key reloads and picks up the new value", async () => {
    const { fake, cache } = setup();
    fake.values.set("box", { id: "old" });
    await cache.get("box");
    fake.values.set("box", { id: "new" });
    cache.invalidate(new Set(["box"]));
    expect(await cache.get("box")).toEqual({ id: "new" });
  });

  test("invalidating a key that is not cached is harmless", async () => {
    const { cache } = setup();
    cache.invalidate(["never-seen"]);
    cache.invalidate([]);
    expect(cache.sizes()).toEqual({ positive: 0, negative: 0, inFlight: 0 });
  });


  test("an invalidation during an in-flight load keeps that stale answer out of the cache", async () => {
    const { fake, cache } = setup();
    fake.values.set("box", { id: "stale" });
    fake.hold();
    const pending = cache.get("box");
    await flush();
    expect(cache.sizes().inFlight).toBe(1);
    cache.invalidate(["box"]);
    fake.release();
    // The caller that asked before the invalidation still gets the answer it waited for...
    expect(await pending).toEqual({ id: "stale" });
    // ...but it was not stored: the next get loads again.
    expect(cache.sizes()).toEqual({ positive: 0, negative: 0, inFlight: 0 });
    fake.values.set("box", { id: "fresh" });
    expect(await cache.get("box")).toEqual({ id: "fresh" });
    expect(fake.callsFor("box")).toBe(2);
  });

  test("a get made after an invalidation does not join a load that started before it", async () => {
    const { fake, cache } = setup();
    fake.values.set("box", { id: "old" });
    fake.hold();
    const before = cache.get("box");
    await flush();
    cache.invalidate(["box"]);
    fake.values.set("box", { id: "new" });
    const after = cache.get("box");
    await flush();
    fake.release();
    await before;
    expect(await after).toEqual({ id: "new" });
    expect(fake.callsFor("box")).toBe(2);
    expect(await cache.get("box")).toEqual({ id: "new" });
  });

  test("an invalidation during an in-flight not-found load keeps that answer out of the negative cache", async () => {
    const { fake, cache } = setup();
    fake.hold();
    const pending = cache.get("box");
    await flush();
    cache.invalidate(["box"]);
    fake.release();
    expect(await pending).toBeNull();
    expect(cache.sizes().negative).toBe(0);
    fake.values.set("box", { id: "created" });
    expect(await cache.get("box")).toEqual({ id: "created" });
    expect(fake.callsFor("box")).toBe(2);
  });


  test("an invalidation during an in-flight getFresh keeps that answer out of the cache", async () => {
    const { fake, cache } = setup();
    fake.values.set("box", { id: "stale" });
    fake.hold();
    const pending = cache.getFresh("box");
    await flush();
    cache.invalidate(["box"]);
    fake.release();
    expect(await pending).toEqual({ id: "stale" });
    expect(cache.sizes().positive).toBe(0);
  });

  test("a load that starts after an invalidation is cached as usual", async () => {
    const { fake, cache } = setup();
    fake.values.set("box", { id: "1" });
    cache.invalidate(["box"]);
    await cache.get("box");
    await cache.get("box");
    expect(fake.callsFor("box")).toBe(1);
  });
});

describe("counters", () => {
  test("a miss counts miss and load; a following hit counts hit only", async () => {
    const { fake, cache, counters } = setup();
    fake.values.set("box", { id: "1" });
    await cache.get("box");
    expect(counters).toMatchObject({ hits: 0, misses: 1, loads: 1 });
    await cache.get("box");
    expect(counters).toMatchObject({ hits: 1, misses: 1, loads: 1 });
  });

  test("a negative-cache hit counts as a hit", async () => {
    const { cache, counters } = setup();
    await cache.get("nobody");
    await cache.get("nobody");
    expect(counters).toMatchObject({ hits: 1, misses: 1, loads: 1 });
  });

  test("getFresh counts a miss and a load", async () => {
    const { cache, counters } = setup();
    await cache.getFresh("box");
    expect(counters).toMatchObject({ hits: 0, misses: 1, loads: 1 });
  });

  test("the cache works without counters", async () => {
    const fake = new FakeLoad();
    fake.values.set("box", { id: "1" });
    const cache = createNameCache<Entry>({ load: fake.load, ttlMs: 1000, max: 10, negativeTtlMs: 1000, negativeMax: 10 });
    expect(await cache.get("box")).toEqual({ id: "1" });
    expect(await cache.get("box")).toEqual({ id: "1" });
    expect(await cache.getFresh("box")).toEqual({ id: "1" });
    expect(fake.callsFor("box")).toBe(2);
  });
});

describe("bypass and resume", () => {
  test("while bypassed every get and getFresh loads from the loader, keeps nothing, and counts misses", async () => {
    const { fake, cache, counters } = setup();
    fake.values.set("box", { id: "1" });
    cache.bypass();
    expect(cache.bypassed).toBe(true);
    expect(await cache.get("box")).toEqual({ id: "1" });
    expect(await cache.get("box")).toEqual({ id: "1" });
    expect(await cache.get("nobody")).toBeNull();
    expect(await cache.get("nobody")).toBeNull();
    expect(await cache.getFresh("box")).toEqual({ id: "1" });
    expect(fake.callsFor("box")).toBe(3);
    expect(fake.callsFor("nobody")).toBe(2);
    expect(counters).toMatchObject({ hits: 0, misses: 5, loads: 5 });
    expect(cache.sizes()).toEqual({ positive: 0, negative: 0, inFlight: 0 });
  });

  test("while bypassed a changed value is seen at once (nothing stale is answered)", async () => {
    const { fake, cache } = setup();
    fake.values.set("box", { id: "old" });
    cache.bypass();
    expect(await cache.get("box")).toEqual({ id: "old" });
    fake.values.set("box", { id: "new" });
    expect(await cache.get("box")).toEqual({ id: "new" });
  });

  test("entries cached before bypass are gone, during it and after resume", async () => {
    const { fake, cache } = setup();
    fake.values.set("box", { id: "old" });
    await cache.get("box");
    await cache.get("nobody");
    expect(cache.sizes()).toEqual({ positive: 1, negative: 1, inFlight: 0 });
    cache.bypass();
    expect(cache.sizes()).toEqual({ positive: 0, negative: 0, inFlight: 0 });
    fake.values.set("box", { id: "new" });
    fake.values.set("nobody", { id: "created" });
    cache.resume();
    expect(cache.bypassed).toBe(false);
    expect(await cache.get("box")).toEqual({ id: "new" });
    expect(await cache.get("nobody")).toEqual({ id: "created" });
    expect(fake.callsFor("box")).toBe(2);
    expect(fake.callsFor("nobody")).toBe(2);
  });

  test("after resume caching works again: the second get is a hit", async () => {
    const { fake, cache, counters } = setup();
    fake.values.set("box", { id: "1" });
    cache.bypass();
    await cache.get("box");
    cache.resume();
    await cache.get("box");
    await cache.get("box");
    await cache.get("nobody");
    await cache.get("nobody");
    expect(fake.callsFor("box")).toBe(2);
    expect(fake.callsFor("nobody")).toBe(1);
    expect(counters).toMatchObject({ hits: 2, misses: 3, loads: 3 });
    expect(cache.sizes()).toEqual({ positive: 1, negative: 1, inFlight: 0 });
  });

  test("a load started before bypass() and finishing after resume() does not store its answer", async () => {
    const { fake, cache } = setup();
    fake.values.set("box", { id: "stale" });
    fake.hold();
    const pendingGet = cache.get("box");
    const pendingFresh = cache.getFresh("other");
    await flush();
    expect(cache.sizes().inFlight).toBe(2);
    cache.bypass();
    cache.resume();
    fake.release();
    expect(await pendingGet).toEqual({ id: "stale" });
    expect(await pendingFresh).toBeNull();
    expect(cache.sizes()).toEqual({ positive: 0, negative: 0, inFlight: 0 });
    fake.values.set("box", { id: "fresh" });
    expect(await cache.get("box")).toEqual({ id: "fresh" });
    expect(fake.callsFor("box")).toBe(2);
  });

  test("a load started while bypassed and finishing after resume does not store its answer", async () => {
    const { fake, cache } = setup();
    fake.values.set("box", { id: "stale" });
    cache.bypass();
    fake.hold();
    const pending = cache.get("box");
    await flush();
    cache.resume();
    fake.release();
    expect(await pending).toEqual({ id: "stale" });
    expect(cache.sizes()).toEqual({ positive: 0, negative: 0, inFlight: 0 });
  });

  test("bypass and resume are idempotent", async () => {
    const { fake, cache } = setup();
    fake.values.set("box", { id: "1" });
    cache.resume();
    expect(cache.bypassed).toBe(false);
    cache.bypass();
    cache.bypass();
    expect(cache.bypassed).toBe(true);
    cache.resume();
    cache.resume();
    await cache.get("box");
    await cache.get("box");
    expect(fake.callsFor("box")).toBe(1);
  });
});
