// The list of the team's sandboxes as the page shows it: one page of the API's list for the
// filters, loaded again every few seconds (one call at a time; none while the tab is hidden)
// and at once on `refresh()`. A failed load keeps the last rows and says why.
import { useCallback, useEffect, useState } from "react";
import type { ListedSandbox } from "@cubicle/sdk";
import { isAbort } from "../../api";
import { useClient } from "../../session";

/** How often the list is loaded again. */
export const REFRESH_MS = 5000;
/** Sandboxes a page. */
export const PAGE_SIZE = 50;

export interface SandboxQuery {
  state?: ("running" | "paused")[] | undefined;
  metadata?: Record<string, string> | undefined;
  template?: string | undefined;
  nextToken?: string | undefined;
}

export interface SandboxList {
  items: ListedSandbox[];
  nextToken: string | null;
  /** The last load's error, until a load succeeds. */
  error: unknown;
  /** When the rows were loaded (null before the first answer for these filters). */
  loadedAt: Date | null;
  /** Whether the rows are from other filters than those asked (an answer is on its way). */
  stale: boolean;
  refresh(): void;
  /** Takes a sandbox out of the rows now (it was killed), before the next load. */
  drop(sandboxID: string): void;
}

interface Loaded {
  key: string;
  items: ListedSandbox[];
  nextToken: string | null;
  error: unknown;
  loadedAt: Date | null;
}

export function useSandboxList(query: SandboxQuery): SandboxList {
  const client = useClient();
  const key = JSON.stringify(query);
  const [loaded, setLoaded] = useState<Loaded>({ key, items: [], nextToken: null, error: null, loadedAt: null });
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    const { state, metadata, template, nextToken } = JSON.parse(key) as SandboxQuery;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      if (!document.hidden) {
        try {
          const page = await client.sandboxes.list({ state, metadata, template, nextToken, limit: PAGE_SIZE, signal: controller.signal });
          setLoaded({ key, items: page.items, nextToken: page.nextToken, error: null, loadedAt: new Date() });
        } catch (err) {
          if (isAbort(err) || controller.signal.aborted) return;
          setLoaded((last) => (last.key === key ? { ...last, error: err } : { key, items: [], nextToken: null, error: err, loadedAt: null }));
        }
      }
      if (!controller.signal.aborted) timer = setTimeout(() => void load(), REFRESH_MS);
    };
    void load();
    // Back to the tab: load now rather than at the next turn.
    const onVisible = () => {
      if (document.hidden) return;
      clearTimeout(timer);
      setTick((n) => n + 1);
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      controller.abort();
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [client, key, tick]);

  const refresh = useCallback(() => setTick((n) => n + 1), []);
  const drop = useCallback((sandboxID: string) => setLoaded((last) => ({ ...last, items: last.items.filter((s) => s.sandboxID !== sandboxID) })), []);
  return { items: loaded.items, nextToken: loaded.nextToken, error: loaded.error, loadedAt: loaded.loadedAt, stale: loaded.key !== key, refresh, drop };
}
