import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, jest, test } from "@jest/globals";
import { createMemoCache } from "./memo-cache.js";

/**
 * A clock the test moves by hand. lru-cache reads the time from the `performance` object it
 * found when loaded, which Jest's fake timers replace rather than change: that object's `now`
 * follows the fake Date here. The fake timers also fire lru-cache's timer that forgets the
 * time it last read (it reuses it for 1 ms).
 */
function manualClock() {
  const perf = performance; // lru-cache's, taken before the fake timers replace the global
  jest.useFakeTimers();
  const now = jest.spyOn(perf, "now").mockImplementation(() => Date.now());
  return {
    advance: (ms: number) => jest.advanceTimersByTime(ms),
    restore() {
      now.mockRestore();
      jest.useRealTimers();
    },
  };
}

function counting(answers: Record<string, { v: number } | null>, delayMs = 5) {
  const loads: string[] = [];
  return {
    loads,
    load: async (key: string) => {
      loads.push(key);
      await sleep(delayMs);
      return answers[key] ?? null;
    },
  };
}

describe("memo cache", () => {
  test("concurrent misses of one key share one load; then a hit is answered synchronously by peek", async () => {
    const src = counting({ a: { v: 1 } });
    const cache = createMemoCache({ load: src.load, max: 10, ttlMs: 60_000, negativeMax: 10, negativeTtlMs: 60_000 });
    expect(cache.peek("a")).toBeUndefined();
    expect(await Promise.all([cache.get("a"), cache.get("a"), cache.get("a")])).toEqual([{ v: 1 }, { v: 1 }, { v: 1 }]);
    expect(src.loads).toEqual(["a"]);
    expect(cache.peek("a")).toEqual({ v: 1 });
  });

  test("'none' is kept for its own (shorter) time, and answers expire", async () => {
    const clock = manualClock();
    try {
      const src = counting({ a: { v: 1 } }, 0);
      const cache = createMemoCache({ load: src.load, max: 10, ttlMs: 100, negativeMax: 10, negativeTtlMs: 40 });
      expect(await cache.get("missing")).toBeNull();
      await cache.get("a");
      expect(cache.peek("missing")).toBeNull();
      expect(cache.peek("a")).toEqual({ v: 1 });
      clock.advance(60);
      expect(cache.peek("missing")).toBeUndefined();
      expect(cache.peek("a")).toEqual({ v: 1 });
      clock.advance(60);
      expect(cache.peek("a")).toBeUndefined();
      expect(src.loads).toEqual(["missing", "a"]);
    } finally {
      clock.restore();
    }
  });

  test("an answer loaded across a delete is not kept (it may predate the change)", async () => {
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const cache = createMemoCache({
      load: async () => {
        await gate;
        return { v: 1 };
      },
      max: 10,
      ttlMs: 60_000,
      negativeMax: 10,
      negativeTtlMs: 60_000,
    });
    const pending = cache.get("a");
    cache.delete("a");
    open();
    expect(await pending).toEqual({ v: 1 });
    expect(cache.peek("a")).toBeUndefined();
  });

  test("deleteWhere drops the answers it matches; memory stays within max", async () => {
    const cache = createMemoCache({ load: async (k: string) => ({ owner: k.startsWith("x") ? "x" : "y" }), max: 3, ttlMs: 60_000, negativeMax: 3, negativeTtlMs: 60_000 });
    for (const k of ["x1", "y1", "x2", "y2", "x3"]) await cache.get(k);
    expect(cache.size).toBe(3);
    cache.deleteWhere((v) => v.owner === "x");
    expect(cache.peek("x3")).toBeUndefined();
    expect(cache.peek("y2")).toEqual({ owner: "y" });
  });

  test("a failed load is not cached: the next get tries again", async () => {
    let fail = true;
    const cache = createMemoCache({
      load: async () => {
        if (fail) throw new Error("unreachable");
        return { v: 2 };
      },
      max: 10,
      ttlMs: 60_000,
      negativeMax: 10,
      negativeTtlMs: 60_000,
    });
    await expect(cache.get("a")).rejects.toThrow("unreachable");
    fail = false;
    expect(await cache.get("a")).toEqual({ v: 2 });
  });
});

describe("memo cache clear()", () => {
  const options = { max: 10, ttlMs: 60_000, negativeMax: 10, negativeTtlMs: 60_000 };

  test("clear empties both the found and the 'none' entries: the next gets load again", async () => {
    const src = counting({ a: { v: 1 } }, 0);
    const cache = createMemoCache({ load: src.load, ...options });
    await cache.get("a");
    await cache.get("missing");
    expect(cache.sizes()).toEqual({ positive: 1, negative: 1 });
    cache.clear();
    expect(cache.sizes()).toEqual({ positive: 0, negative: 0 });
    expect(cache.size).toBe(0);
    expect(cache.peek("a")).toBeUndefined();
    expect(cache.peek("missing")).toBeUndefined();
    await cache.get("a");
    await cache.get("missing");
    expect(src.loads).toEqual(["a", "missing", "a", "missing"]);
  });

  test("a load in flight when clear() is called does not put its answer in the cache afterwards (found or none)", async () => {
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const cache = createMemoCache({
      load: async (key: string) => {
        await gate;
        return key === "a" ? { v: 1 } : null;
      },
      ...options,
    });
    const found = cache.get("a");
    const none = cache.get("missing");
    const refreshed = cache.refresh("a");
    cache.clear();
    open();
    expect(await found).toEqual({ v: 1 });
    expect(await none).toBeNull();
    expect(await refreshed).toEqual({ v: 1 });
    expect(cache.peek("a")).toBeUndefined();
    expect(cache.peek("missing")).toBeUndefined();
    expect(cache.sizes()).toEqual({ positive: 0, negative: 0 });
  });

  test("a get after clear() does not join a load from before it, and its answer is kept", async () => {
    let release!: () => void;
    let value = 1;
    const loads: number[] = [];
    const cache = createMemoCache({
      load: async () => {
        const v = value;
        loads.push(v);
        if (v === 1) await new Promise<void>((r) => (release = r));
        return { v };
      },
      ...options,
    });
    const before = cache.get("a");
    await sleep(0);
    cache.clear();
    value = 2;
    expect(await cache.get("a")).toEqual({ v: 2 });
    release();
    expect(await before).toEqual({ v: 1 });
    expect(loads).toEqual([1, 2]);
    expect(cache.peek("a")).toEqual({ v: 2 });
  });
});
