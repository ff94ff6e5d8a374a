import { Counter, Gauge, Registry, collectDefaultMetrics } from "prom-client";

/** Master's Prometheus metrics, on a registry of its own (several masters can share a process in tests). */
export function createMetrics(sizes: () => { positive: number; negative: number; inFlight: number }) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const hits = new Counter({ name: "cubicle_name_cache_hits_total", help: "Name lookups answered from the cache (found or known-missing)", registers: [registry] });
  const misses = new Counter({ name: "cubicle_name_cache_misses_total", help: "Name lookups the cache could not answer (including fresh=true)", registers: [registry] });
  const loads = new Counter({ name: "cubicle_name_lookup_db_queries_total", help: "Database queries made to resolve names", registers: [registry] });
  const builds = new Counter({ name: "cubicle_builds_finished_total", help: "Builds finished, by outcome", labelNames: ["status"], registers: [registry] });
  new Gauge({
    name: "cubicle_name_cache_entries",
    help: "Entries in the name cache, by kind",
    labelNames: ["kind"],
    registers: [registry],
    collect() {
      const s = sizes();
      this.set({ kind: "positive" }, s.positive);
      this.set({ kind: "negative" }, s.negative);
      this.set({ kind: "in_flight" }, s.inFlight);
    },
  });
  return {
    registry,
    nameCache: { hit: () => hits.inc(), miss: () => misses.inc(), load: () => loads.inc() },
    builds: { finished: (status: "ready" | "failed") => builds.inc({ status }) },
  };
}
