/**
 * The one seam through which template writes tell lookup caches that a name's answer
 * changed. Today it invalidates this process's cache; a cluster-wide implementation
 * (database notifications) plugs in here without touching the callers.
 */
export interface NameInvalidation {
  namesChanged(keys: Iterable<string | null | undefined>): void;
}

export function localNameInvalidation(cache: { invalidate(keys: Iterable<string>): void }): NameInvalidation {
  return {
    namesChanged(keys) {
      const present = [...keys].filter((k): k is string => typeof k === "string");
      if (present.length > 0) cache.invalidate(present);
    },
  };
}
