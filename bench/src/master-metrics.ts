/** Reads master's Prometheus metrics, the same figures an operator would scrape. */
export interface MasterMetrics {
  dbQueries: number;
  cacheHits: number;
  cacheMisses: number;
  positiveEntries: number;
  negativeEntries: number;
  heapUsedBytes: number;
}

export async function readMasterMetrics(masterUrl: string, headers: Record<string, string>): Promise<MasterMetrics> {
  const res = await fetch(`${masterUrl}/metrics`, { headers });
  const text = await res.text();
  if (!res.ok) throw new Error(`master's /metrics answered ${res.status}`);
  const value = (series: string): number => {
    const line = text.split("\n").find((l) => l.startsWith(`${series} `));
    if (!line) throw new Error(`master's /metrics has no ${series}`);
    return Number(line.slice(series.length + 1));
  };
  return {
    dbQueries: value("cubicle_name_lookup_db_queries_total"),
    cacheHits: value("cubicle_name_cache_hits_total"),
    cacheMisses: value("cubicle_name_cache_misses_total"),
    positiveEntries: value('cubicle_name_cache_entries{kind="positive"}'),
    negativeEntries: value('cubicle_name_cache_entries{kind="negative"}'),
    heapUsedBytes: value("nodejs_heap_size_used_bytes"),
  };
}
