/**
 * The one seam through which template writes tell lookup caches that a name's answer
 * changed. Names are unique per team, so a cached answer is keyed by team and name key
 * (`nameCacheKey`). Today it invalidates this process's cache; a cluster-wide
 * implementation (database notifications) plugs in here without touching the callers.
 */
export interface NameInvalidation {
  /** The names (keys) of `teamId` whose answer changed; null and undefined keys are skipped. */
  namesChanged(teamId: string, keys: Iterable<string | null | undefined>): void;
}

/** The name cache's key for a team's name key. */
export const nameCacheKey = (teamId: string, key: string): string => `${teamId}:${key}`;

export function localNameInvalidation(cache: { invalidate(keys: Iterable<string>): void }): NameInvalidation {
  return {
    namesChanged(teamId, keys) {
      const present = [...keys].filter((k): k is string => typeof k === "string").map((k) => nameCacheKey(teamId, k));
      if (present.length > 0) cache.invalidate(present);
    },
  };
}
