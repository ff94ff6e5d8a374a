import { Counter, Gauge, Registry, collectDefaultMetrics } from "prom-client";

/** Master's Prometheus metrics, on a registry of its own (several masters can share a process in tests). */
export function createMetrics(sizes: () => { positive: number; negative: number; inFlight: number }, pendingSandboxWrites: () => number = () => 0) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const hits = new Counter({ name: "cubicle_name_cache_hits_total", help: "Name lookups answered from the cache (found or known-missing)", registers: [registry] });
  const misses = new Counter({ name: "cubicle_name_cache_misses_total", help: "Name lookups the cache could not answer (including fresh=true)", registers: [registry] });
  const loads = new Counter({ name: "cubicle_name_lookup_db_queries_total", help: "Database queries made to resolve names", registers: [registry] });
  const builds = new Counter({ name: "cubicle_builds_finished_total", help: "Builds finished, by outcome", labelNames: ["status"], registers: [registry] });
  const sandboxesCreated = new Counter({ name: "cubicle_sandboxes_created_total", help: "Sandboxes created, by id mode", labelNames: ["mode"], registers: [registry] });
  const agentFailures = new Counter({ name: "cubicle_sandbox_agent_failures_total", help: "Node agent calls that failed or timed out, by operation", labelNames: ["op"], registers: [registry] });
  const writeRetries = new Counter({ name: "cubicle_sandbox_write_retries_total", help: "Sandbox record writes tried again after failing", registers: [registry] });
  const writesAbandoned = new Counter({
    name: "cubicle_sandbox_writes_abandoned_total",
    help: "Fast-mode sandboxes removed from their node because their record could not be written",
    registers: [registry],
  });
  const callersLeft = new Counter({
    name: "cubicle_writes_caller_left_total",
    help: "Creates and rebuilds whose caller closed the connection before the answer (a create without a requestId is then undone)",
    registers: [registry],
  });
  const expired = new Counter({ name: "cubicle_sandboxes_expired_total", help: "Sandboxes removed at the end of their timeout", registers: [registry] });
  new Gauge({
    name: "cubicle_sandbox_pending_writes",
    help: "Fast-mode sandboxes answered whose record is still being written",
    registers: [registry],
    collect() {
      this.set(pendingSandboxWrites());
    },
  });
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
    writes: { callerLeft: () => callersLeft.inc() },
    builds: { finished: (status: "ready" | "failed") => builds.inc({ status }) },
    sandboxes: {
      created: (mode: "fast" | "strong") => sandboxesCreated.inc({ mode }),
      agentFailed: (op: string) => agentFailures.inc({ op }),
      writeRetried: () => writeRetries.inc(),
      writeAbandoned: () => writesAbandoned.inc(),
      expired: () => expired.inc(),
    },
  };
}
