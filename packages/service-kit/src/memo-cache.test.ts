import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, test } from "@jest/globals";
import { createMemoCache } from "./memo-cache.js";

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
    const src = counting({ a: { v: 1 } }, 0);
    const cache = createMemoCache({ load: src.load, max: 10, ttlMs: 40, negativeMax: 10, negativeTtlMs: 40 });
    expect(await cache.get("missing")).toBeNull();
    expect(cache.peek("missing")).toBeNull();
    await cache.get("a");
    await sleep(60);
    expect(cache.peek("a")).toBeUndefined();
    expect(cache.peek("missing")).toBeUndefined();
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
