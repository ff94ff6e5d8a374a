import { cpus, totalmem, availableParallelism } from "node:os";
import { execFileSync } from "node:child_process";
import { median, type Window } from "./load.js";
import type { Profile } from "./profile.js";
import type { CreateScenario, InvalidationRun, MemoryResult, RoundScenario, StampedeResult, Windows } from "./scenarios.js";
import { repoRoot } from "./processes.js";

export interface ScenarioFigures {
  rps: number;
  p50_ms: number;
  p99_ms: number;
  failures: number;
  windows: { rps: number; p50_ms: number; p99_ms: number }[];
}

export interface Headline {
  master_cached_vs_express: number;
  master_cached_vs_http: number;
  gateway_cached_vs_two_hop: number;
  cached_vs_uncached: number;
  uncached_vs_pg: number;
  tracing_on_vs_off: number;
  stampede_db_queries: number;
  rss_growth_mb_1m_unknown: number;
}

/** How soon another master answers a name change (milliseconds); null when the scenario was skipped. */
export interface InvalidationFigures {
  /** Why the scenario did not run (the embedded database); null when it ran. */
  skipped: string | null;
  /** Names were changed through `writer` (A); `reader` (B) was timed. */
  writer: string;
  reader: string;
  changes: number;
  invalidation_lag_ms_p50: number | null;
  invalidation_lag_ms_p99: number | null;
  invalidation_lag_ms_max: number | null;
  /** B's answers per change, on average, that were still the old one. */
  stale_lookups_per_change: number | null;
  /** Changes B still answered stale a second later, when the scenario gave up on it (counted at that lag). */
  timeouts: number;
  /** B's name-cache hits meanwhile: at least one per change when B answered from its cache (0: the lag means nothing). */
  reader_cache_hits: number;
  /** The target: B answers the new result within 100 ms of A's answer at p99. */
  invalidation_lag_p99_under_100ms: boolean | null;
}

/** Target figures outside the headline ratios: the invalidation lag (ms). */
export type TargetFigure = keyof Headline | "invalidation_lag_ms_p99";

export interface TargetCheck {
  figure: TargetFigure;
  /** What the figure must reach: `>=` a ratio, `==` a count, `<` megabytes or milliseconds. */
  op: ">=" | "==" | "<";
  value: number;
  /** Null when the figure's scenario was skipped. */
  met: boolean | null;
}

export interface Results {
  commit: string;
  /** Uncommitted changes were present when it ran. */
  dirty: boolean;
  date: string;
  machine: { cores: number; cpu: string; memory_gb: number; node: string; platform: string };
  database: string;
  profile: Profile;
  scenarios: Record<RoundScenario | CreateScenario, ScenarioFigures>;
  stampede: StampedeResult;
  memory: MemoryResult;
  invalidation: InvalidationFigures;
  tracing: { otlp_exports: number; otlp_bytes: number; sampler: string };
  headline: Headline;
  targets: TargetCheck[];
}

const round = (x: number, digits: number) => (Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : x);

function figures(ws: Window[]): ScenarioFigures {
  return {
    rps: round(median(ws.map((w) => w.rps)), 0),
    p50_ms: round(median(ws.map((w) => w.p50Ms)), 3),
    p99_ms: round(median(ws.map((w) => w.p99Ms)), 3),
    failures: ws.reduce((n, w) => n + w.failures, 0),
    windows: ws.map((w) => ({ rps: round(w.rps, 0), p50_ms: round(w.p50Ms, 3), p99_ms: round(w.p99Ms, 3) })),
  };
}

/**
 * A ratio of two scenarios: the median, over the rounds, of the two windows measured in the
 * same round (neighbours in time share whatever else the machine was doing).
 */
function ratio(a: Window[], b: Window[]): number {
  return round(median(a.map((w, i) => w.rps / (b[i]?.rps ?? NaN))), 3);
}

/** Nearest-rank percentile of ascending `sorted`. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const INVALIDATION_TARGET_MS = 100;

function invalidationFigures(run: InvalidationRun): InvalidationFigures {
  const lags = [...run.lagsMs].sort((x, y) => x - y);
  const ran = run.skipped === null && lags.length > 0;
  const p99 = ran ? round(percentile(lags, 99), 3) : null;
  return {
    skipped: run.skipped,
    writer: run.writer,
    reader: run.reader,
    changes: lags.length,
    invalidation_lag_ms_p50: ran ? round(percentile(lags, 50), 3) : null,
    invalidation_lag_ms_p99: p99,
    invalidation_lag_ms_max: ran ? round(lags[lags.length - 1]!, 3) : null,
    stale_lookups_per_change: ran ? round(run.staleLookups.reduce((a, b) => a + b, 0) / run.staleLookups.length, 2) : null,
    timeouts: run.timeouts,
    reader_cache_hits: run.readerCacheHits,
    invalidation_lag_p99_under_100ms: p99 === null ? null : p99 < INVALIDATION_TARGET_MS,
  };
}

function git(args: string[]): string {
  try {
    return execFileSync("git", args, { cwd: repoRoot, encoding: "utf8" }).trim();
  } catch {
    return "";
  }
}

export function buildResults(input: {
  profile: Profile;
  database: string;
  lookups: Windows<RoundScenario>;
  creates: Windows<CreateScenario>;
  stampede: StampedeResult;
  memory: MemoryResult;
  invalidation: InvalidationRun;
  otlp: { exports: number; bytes: number };
}): Results {
  const { lookups: l } = input;
  const headline: Headline = {
    master_cached_vs_express: ratio(l.master_cached_lookup, l.baseline_express),
    master_cached_vs_http: ratio(l.master_cached_lookup, l.baseline_http),
    gateway_cached_vs_two_hop: ratio(l.gateway_cached_lookup, l.baseline_two_hop),
    cached_vs_uncached: ratio(l.master_cached_lookup, l.master_uncached_lookup),
    uncached_vs_pg: ratio(l.master_uncached_lookup, l.baseline_pg_lookup),
    tracing_on_vs_off: ratio(l.gateway_cached_lookup_traced, l.gateway_cached_lookup),
    stampede_db_queries: input.stampede.dbQueries,
    rss_growth_mb_1m_unknown: input.memory.rssGrowthMb,
  };
  const target = (figure: keyof Headline, op: TargetCheck["op"], value: number): TargetCheck => {
    const x = headline[figure];
    return { figure, op, value, met: op === ">=" ? x >= value : op === "==" ? x === value : x < value };
  };
  const invalidation = invalidationFigures(input.invalidation);
  const scenarios = Object.fromEntries(Object.entries({ ...input.lookups, ...input.creates }).map(([k, ws]) => [k, figures(ws)])) as Results["scenarios"];
  return {
    commit: git(["rev-parse", "HEAD"]) || "unknown",
    dirty: git(["status", "--porcelain", "--", ".", ":!bench/results"]) !== "",
    date: new Date().toISOString(),
    machine: {
      cores: availableParallelism(),
      cpu: cpus()[0]?.model ?? "unknown",
      memory_gb: round(totalmem() / 1024 ** 3, 1),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
    },
    database: input.database,
    profile: input.profile,
    scenarios,
    stampede: input.stampede,
    memory: input.memory,
    invalidation,
    tracing: { otlp_exports: input.otlp.exports, otlp_bytes: input.otlp.bytes, sampler: "parentbased_traceidratio 0.1" },
    headline,
    targets: [
      target("master_cached_vs_express", ">=", 0.8),
      target("gateway_cached_vs_two_hop", ">=", 0.6),
      target("uncached_vs_pg", ">=", 0.5),
      target("tracing_on_vs_off", ">=", 0.8),
      target("cached_vs_uncached", ">=", 5),
      target("stampede_db_queries", "==", 1),
      target("rss_growth_mb_1m_unknown", "<", 50),
      { figure: "invalidation_lag_ms_p99", op: "<", value: INVALIDATION_TARGET_MS, met: invalidation.invalidation_lag_p99_under_100ms },
    ],
  };
}

const LABELS: Record<keyof Results["scenarios"], string> = {
  baseline_http: "baseline: bare node:http",
  baseline_express: "baseline: bare express",
  master_cached_lookup: "master lookup, cached",
  baseline_pg_lookup: "baseline: express + pg, the same SELECT",
  master_uncached_lookup: "master lookup, fresh=true",
  baseline_two_hop: "baseline: express → undici → express",
  gateway_cached_lookup: "gateway lookup, cached",
  gateway_cached_lookup_traced: "gateway lookup, cached, traced 10%",
  sandbox_creates_fast: "sandbox create, fast mode",
  sandbox_creates_strong: "sandbox create, strong mode",
  template_creates: "template create",
};

/** A target figure's value as the report shows it. */
const figureValue = (r: Results, figure: TargetFigure): number | null =>
  figure === "invalidation_lag_ms_p99" ? r.invalidation.invalidation_lag_ms_p99 : r.headline[figure];

function invalidationLine(i: InvalidationFigures): string {
  if (i.skipped !== null) return `Invalidation lag: skipped (${i.skipped}).`;
  const timeouts = i.timeouts ? `; **${i.timeouts} still stale after 1 s**` : "";
  const uncached = i.reader_cache_hits < i.changes ? `; **${i.reader} hit its cache only ${i.reader_cache_hits} times: it was not answering from it**` : "";
  return (
    `Invalidation lag: ${i.changes} renames through ${i.writer}, then lookups of the new name on ${i.reader} until it answers it → ` +
    `p50 ${fmt(i.invalidation_lag_ms_p50 ?? NaN, 2)} ms, p99 ${fmt(i.invalidation_lag_ms_p99 ?? NaN, 2)} ms, max ${fmt(i.invalidation_lag_ms_max ?? NaN, 2)} ms ` +
    `after the rename's answer, ${i.stale_lookups_per_change} stale answers per change on average${timeouts}${uncached}.`
  );
}

const fmt = (x: number, digits = 0) => (Number.isFinite(x) ? x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits }) : "n/a");

/** The report for a terminal or a pull request. */
export function markdown(r: Results): string {
  const lines = [
    `Cubicle bench (${r.profile.name}) at ${r.commit.slice(0, 12)}${r.dirty ? " + uncommitted changes" : ""}: ${r.machine.cores} cores, Node ${r.machine.node}, ${r.database}`,
    `${r.profile.windows} windows of ${r.profile.windowS} s per scenario after ${r.profile.warmupS} s of warm-up each, ${r.profile.connections} connections; medians`,
    "",
    "| scenario | req/s | p50 ms | p99 ms | failed |",
    "|---|---:|---:|---:|---:|",
    ...Object.entries(r.scenarios).map(
      ([k, s]) => `| ${LABELS[k as keyof Results["scenarios"]]} | ${fmt(s.rps)} | ${fmt(s.p50_ms, 2)} | ${fmt(s.p99_ms, 2)} | ${s.failures} |`,
    ),
    "",
    `Stampede: ${r.stampede.requests} concurrent lookups of one uncached name → ${r.stampede.dbQueries} database ${r.stampede.dbQueries === 1 ? "query" : "queries"} (${r.stampede.joinedInFlight} missed the cache and shared that query, ${r.stampede.answeredFromCache} found its answer cached).`,
    `Memory: ${fmt(r.memory.lookups)} lookups of distinct unknown names at ${fmt(r.memory.rps)} req/s → master RSS ${r.memory.rssBeforeMb} → ${r.memory.rssAfterMb} MB (peak ${r.memory.rssPeakMb}), ` +
      `name cache ${r.memory.cache.positive}/${r.memory.cache.positiveCap} found, ${r.memory.cache.negative}/${r.memory.cache.negativeCap} unknown.`,
    invalidationLine(r.invalidation),
    `Tracing: ${fmt(r.tracing.otlp_exports)} OTLP exports (${fmt(r.tracing.otlp_bytes / 1024)} KiB) reached the sink.`,
    "",
    "| headline | value | target | |",
    "|---|---:|---:|---|",
    ...r.targets.map((t) => `| ${t.figure} | ${figureValue(r, t.figure) ?? "n/a"} | ${t.op} ${t.value} | ${t.met === null ? "skipped" : t.met ? "met" : "**missed**"} |`),
    `| master_cached_vs_http | ${r.headline.master_cached_vs_http} | (reported) | |`,
  ];
  return lines.join("\n");
}
