/**
 * The windows E2B's log queries cut from a log kept whole (a build's, a sandbox's): by level,
 * and by time in either direction. One copy for every log the gateway serves.
 */

/** E2B's log levels, lowest first: a query's `level` keeps entries at it or above. */
const LEVEL_RANK = { debug: 0, info: 1, warn: 2, error: 3 } as const;
export type LogLevel = keyof typeof LEVEL_RANK;

/** Whether `e` is at `min` or above (every entry when no level is asked for). */
export const atLevel = (min: LogLevel | undefined) => (e: { level: LogLevel }): boolean => min === undefined || LEVEL_RANK[e.level] >= LEVEL_RANK[min];

export interface TimeWindow {
  /** Milliseconds since the epoch. */
  cursor?: number;
  limit: number;
  direction: "forward" | "backward";
}

/**
 * From `entries` (oldest first): forward, the oldest first at or after `cursor`; backward,
 * the newest first at or before it. At most `limit`.
 */
export function timeWindow<E extends { timestamp: string }>(entries: readonly E[], q: TimeWindow): E[] {
  const at = (e: E) => Date.parse(e.timestamp);
  const window =
    q.direction === "forward"
      ? entries.filter((e) => q.cursor === undefined || at(e) >= q.cursor)
      : entries.filter((e) => q.cursor === undefined || at(e) <= q.cursor).reverse();
  return window.slice(0, q.limit);
}
