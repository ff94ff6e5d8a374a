// The transport's pure parts, as properties over many inputs (fast-check): how long a
// Retry-After asks to wait, the backoff between attempts, the Idempotency-Keys it makes and
// the path parameters it accepts.
import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { backoffMs, newIdempotencyKey, pathSegment, retryAfterMs, type RetryOptions } from "../src/transport.js";

const retryOptions = fc.record({
  retries: fc.nat(10),
  minDelayMs: fc.nat(10_000),
  maxDelayMs: fc.nat(60_000),
  maxRetryAfterMs: fc.nat(120_000),
});
const unit = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

describe("backoffMs", () => {
  test("is a whole number of ms from 0 to min(maxDelayMs, minDelayMs·2^attempt), whatever the attempt", () => {
    fc.assert(
      fc.property(fc.nat(2_000), retryOptions, unit, (attempt, retry: RetryOptions, r) => {
        const ms = backoffMs(attempt, retry, () => r);
        expect(Number.isInteger(ms)).toBe(true);
        expect(ms).toBeGreaterThanOrEqual(0);
        expect(ms).toBeLessThanOrEqual(retry.maxDelayMs);
        expect(ms).toBeLessThanOrEqual(retry.minDelayMs === 0 ? 0 : Math.min(retry.maxDelayMs, retry.minDelayMs * 2 ** attempt));
      }),
    );
  });

  test("its ceiling doubles from minDelayMs until it reaches maxDelayMs, then stays there", () => {
    fc.assert(
      fc.property(fc.nat(30), retryOptions, (attempt, retry: RetryOptions) => {
        const top = () => 1 - Number.EPSILON;
        const now = backoffMs(attempt, retry, top);
        const next = backoffMs(attempt + 1, retry, top);
        expect(next).toBeGreaterThanOrEqual(now);
        expect(backoffMs(0, retry, top)).toBe(Math.round(Math.min(retry.maxDelayMs, retry.minDelayMs) * (1 - Number.EPSILON)));
      }),
    );
  });

  test("is jittered over the whole range: random 0 waits nothing", () => {
    fc.assert(fc.property(fc.nat(40), retryOptions, (attempt, retry: RetryOptions) => expect(backoffMs(attempt, retry, () => 0)).toBe(0)));
  });
});

describe("retryAfterMs", () => {
  test("delay-seconds: n → n·1000 ms, blanks around it ignored", () => {
    fc.assert(
      fc.property(fc.nat(10_000_000), fc.constantFrom("", " ", "\t"), (n, pad) => {
        expect(retryAfterMs(`${pad}${n}${pad}`)).toBe(n * 1000);
      }),
    );
  });

  test("an HTTP date: the ms from now until then, 0 when it has passed", () => {
    const seconds = fc.integer({ min: 946_684_800, max: 4_102_444_800 });
    fc.assert(
      fc.property(seconds, seconds, (at, now) => {
        const header = new Date(at * 1000).toUTCString();
        expect(retryAfterMs(header, now * 1000)).toBe(Math.max(0, (at - now) * 1000));
      }),
    );
  });

  test("absent, empty or unreadable → undefined (the backoff applies)", () => {
    for (const value of [null, "", "   ", "soon", "later please", "Fri, 99 Foo 2030", "1.5", "-1"]) expect(retryAfterMs(value)).toBeUndefined();
  });
});

describe("newIdempotencyKey", () => {
  test("is 32 hex characters (a form the API accepts) and never repeats", () => {
    const keys = Array.from({ length: 1_000 }, () => newIdempotencyKey());
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe("pathSegment", () => {
  test("any other string is one path segment that decodes back to itself", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme", minLength: 1 }).filter((s) => s !== "." && s !== ".."),
        (value) => {
          const segment = pathSegment(value);
          const url = new URL(`templates/${segment}/tags`, "http://h/api/");
          expect(url.pathname).toBe(`/api/templates/${segment}/tags`);
          expect(decodeURIComponent(url.pathname.split("/")[3]!)).toBe(value);
        },
      ),
    );
  });

  test.each(["", ".", ".."])("%j is refused: it would name another path", (value) => {
    expect(() => pathSegment(value)).toThrow(TypeError);
  });
});
