import { describe, expect, test } from "@jest/globals";
import { createHash } from "node:crypto";
import fc from "fast-check";
import { createUnixNanoClock, defaultSandboxName, fastSandboxId, nanoToDate } from "./sandbox-id.js";

const T = 1_763_856_000_123_456_789n;

describe("fastSandboxId", () => {
  test("is md5 of 'name:namespace:UnixNano' as 32 lower-case hex characters", () => {
    const expected = createHash("md5").update(`web:default:${T}`).digest("hex");
    expect(fastSandboxId("web", "default", T)).toBe(expected);
    expect(fastSandboxId("web", "default", T)).toMatch(/^[0-9a-f]{32}$/);
  });

  test("the same inputs give the same id", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.bigInt({ min: 0n, max: 2n ** 63n }), (name, ns, t) => {
        expect(fastSandboxId(name, ns, t)).toBe(fastSandboxId(name, ns, t));
      }),
    );
  });

  test("a different timestamp gives a different id", () => {
    expect(fastSandboxId("web", "default", T)).not.toBe(fastSandboxId("web", "default", T + 1n));
  });

  test("a different namespace gives a different id", () => {
    expect(fastSandboxId("web", "default", T)).not.toBe(fastSandboxId("web", "team-a", T));
  });

  test("a different name gives a different id", () => {
    expect(fastSandboxId("web", "default", T)).not.toBe(fastSandboxId("api", "default", T));
  });

  test("every id is 32 lower-case hex characters, whatever the inputs", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.bigInt({ min: 0n, max: 2n ** 63n }), (name, ns, t) => {
        expect(fastSandboxId(name, ns, t)).toMatch(/^[0-9a-f]{32}$/);
      }),
    );
  });
});

describe("defaultSandboxName", () => {
  test("is 'sb-' and the UnixNano timestamp", () => {
    expect(defaultSandboxName(T)).toBe(`sb-${T}`);
  });
});

describe("createUnixNanoClock", () => {
  test("starts at the wall clock, in nanoseconds", () => {
    let mono = 5_000n;
    const clock = createUnixNanoClock(() => 1_700_000_000_000, () => mono);
    expect(clock()).toBe(1_700_000_000_000n * 1_000_000n);
    mono += 1_500n;
    expect(clock()).toBe(1_700_000_000_000n * 1_000_000n + 1_500n);
  });

  test("is strictly increasing even when the monotonic clock does not move", () => {
    const clock = createUnixNanoClock(() => 1_700_000_000_000, () => 0n);
    const a = clock();
    const b = clock();
    const c = clock();
    expect(b).toBe(a + 1n);
    expect(c).toBe(b + 1n);
  });

  test("the real clock gives 10,000 distinct, increasing timestamps near now", () => {
    const clock = createUnixNanoClock();
    const stamps = Array.from({ length: 10_000 }, () => clock());
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]! > stamps[i - 1]!).toBe(true);
    expect(Math.abs(Number(stamps[0]! / 1_000_000n) - Date.now())).toBeLessThan(5_000);
  });
});

describe("nanoToDate", () => {
  test("keeps millisecond precision", () => {
    expect(nanoToDate(T).toISOString()).toBe(new Date(1_763_856_000_123).toISOString());
  });
});
