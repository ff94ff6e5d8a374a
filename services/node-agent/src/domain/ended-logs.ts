import { LRUCache } from "lru-cache";
import type { AgentLogEntry } from "@cubicle/contracts";

/**
 * The lifecycle logs of sandboxes the node no longer holds (killed, stopped or removed at
 * their end time), so that "why did my sandbox go away?" can still be answered a while
 * after it went. Kept in memory only, for a bounded time and count: lru-cache drops them
 * after `ttlMs` and drops the oldest first beyond `max`. A TTL or max of 0 keeps none.
 */

export interface EndedLogsOptions {
  ttlMs: number;
  max: number;
  /** The node's clock (tests move it). */
  now: () => number;
}

export interface EndedLogs {
  /** Keeps the events of a sandbox that just ended (replacing older ones of the same id). */
  keep(sandboxId: string, events: readonly AgentLogEntry[]): void;
  /** A copy of the events of an ended sandbox, or null when none are kept. */
  get(sandboxId: string): AgentLogEntry[] | null;
  /** Entries held (expired ones included until they are next looked at). */
  readonly size: number;
}

export function createEndedLogs(options: EndedLogsOptions): EndedLogs {
  const cache =
    options.ttlMs > 0 && options.max > 0
      ? new LRUCache<string, readonly AgentLogEntry[]>({
          max: options.max,
          ttl: options.ttlMs,
          // The node's clock, read at every check (no cached time: tests move the clock).
          perf: { now: options.now },
          ttlResolution: 0,
        })
      : undefined;
  return {
    keep(sandboxId, events) {
      cache?.set(sandboxId, [...events]);
    },
    get(sandboxId) {
      const events = cache?.get(sandboxId);
      return events ? [...events] : null;
    },
    get size() {
      return cache?.size ?? 0;
    },
  };
}
