// One page of the team's templates: searched by name, 20 at a time, forward by the API's
// `nextToken` and back by the tokens of the pages already seen. While a template on the page
// is building, the page is read again every few seconds so its status moves on by itself.
import type { Template } from "@cubicle/sdk";
import { useCallback, useEffect, useState } from "react";
import { useApiRead } from "../../../components/use-api-read";
import { useClient } from "../../../session";
import { inProgress } from "../shared/StatusBadge";

export const PAGE_SIZE = 20;
const REFRESH_WHILE_BUILDING_MS = 3_000;

interface PageState {
  items: Template[];
  nextToken: string | null;
  /** The search and token it was read with. */
  key: string;
}

export interface TemplatesPage {
  /** Null until the first answer. */
  page: PageState | null;
  /** Reading another page or search than the one shown (not a refresh of the same). */
  loading: boolean;
  error: unknown;
  /** 0 for the first page. */
  pageIndex: number;
  next(): void;
  prev(): void;
  reload(): void;
}

export function useTemplatesPage(search: string): TemplatesPage {
  const client = useClient();
  // tokens[i]: the token that reads page i (undefined for the first), for the search `search`;
  // a new search starts again from the first page.
  const [paging, setPaging] = useState<{ search: string; tokens: (string | undefined)[] }>({ search, tokens: [undefined] });
  const [page, setPage] = useState<PageState | null>(null);
  const [reloads, setReloads] = useState(0);

  const tokens = paging.search === search ? paging.tokens : [undefined];
  const pageIndex = tokens.length - 1;
  const token = tokens[pageIndex];
  const key = `${search}\n${token ?? ""}`;
  const building = page?.items.some((item) => inProgress(item.buildStatus)) ?? false;

  const { loading, error } = useApiRead(
    (signal) => client.templates.list({ ...(search && { name: search }), limit: PAGE_SIZE, ...(token && { nextToken: token }), signal }),
    (answer) => setPage({ items: answer.items, nextToken: answer.nextToken, key }),
    [client, search, token, key, reloads],
  );

  useEffect(() => {
    if (!building) return;
    const timer = setTimeout(() => setReloads((n) => n + 1), REFRESH_WHILE_BUILDING_MS);
    return () => clearTimeout(timer);
  }, [building, page]);

  const nextToken = page?.nextToken;
  const next = useCallback(() => {
    if (nextToken) setPaging({ search, tokens: [...tokens, nextToken] });
  }, [nextToken, search, tokens]);
  const prev = useCallback(() => setPaging({ search, tokens: tokens.length > 1 ? tokens.slice(0, -1) : tokens }), [search, tokens]);
  const reload = useCallback(() => setReloads((n) => n + 1), []);

  return { page, loading: loading && page?.key !== key, error, pageIndex, next, prev, reload };
}
