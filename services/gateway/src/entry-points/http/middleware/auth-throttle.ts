import type { Response } from "express";
import { LRUCache } from "lru-cache";
import { CubicleError } from "@cubicle/contracts";

/**
 * Failed API-key attempts per client address. Past `limit` failures in a window, an address
 * is refused (before its key is even checked) until the window that began with its first
 * failure ends: refusing only further failures would still let it go on guessing, the 429s
 * telling wrong keys from the right one. Checked synchronously, so a request with a good
 * key pays one map lookup. Memory is bounded by an LRU of `maxAddresses` (the oldest
 * addresses are forgotten first) whose entries expire with their window.
 */
export interface AuthThrottle {
  /** Seconds until `address` may try again, or 0 when it may now. */
  retryAfter(address: string): number;
  /** Counts a failed attempt from `address`. */
  failed(address: string): void;
}

interface Failures {
  count: number;
  resetAt: number;
}

export function createAuthThrottle(limit: number, windowMs: number, maxAddresses = 10_000): AuthThrottle {
  if (limit === 0) return { retryAfter: () => 0, failed: () => {} };
  const failures = new LRUCache<string, Failures>({ max: maxAddresses, ttl: windowMs, ttlAutopurge: false });
  return {
    retryAfter(address) {
      const entry = failures.get(address);
      if (!entry || entry.count < limit) return 0;
      return Math.max(1, Math.ceil((entry.resetAt - Date.now()) / 1000));
    },
    failed(address) {
      const entry = failures.get(address);
      // Counted in place: the entry keeps the time-to-live of its first failure.
      if (entry) entry.count++;
      else failures.set(address, { count: 1, resetAt: Date.now() + windowMs });
    },
  };
}

/**
 * The 429 for an address past its failures (with `Retry-After`), before its `what` (an API
 * key, the admin token) is even checked; undefined when the address may try.
 */
export function throttled(throttle: AuthThrottle, address: string, res: Response, what: string): CubicleError | undefined {
  const wait = throttle.retryAfter(address);
  if (wait === 0) return undefined;
  res.setHeader("Retry-After", String(wait));
  return new CubicleError("rate_limited", `too many requests with a missing or wrong ${what} from this address; retry after ${wait} s`);
}
