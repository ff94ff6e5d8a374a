import { cpus, totalmem, availableParallelism } from "node:os";
import { execFileSync } from "node:child_process";
import { median, type Window } from "./load.js";
import type { Profile } from "./profile.js";
import type { CreateScenario, MemoryResult, RoundScenario, StampedeResult, Windows } from "./scenarios.js";
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

export interface TargetCheck {
  figure: keyof Headline;
  /** What the figure must reach: `>=` a ratio, `==` a count, `<` megabytes. */
  op: ">=" | "==" | "<";
  value: number;
  met: boolean;
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
    `Tracing: ${fmt(r.tracing.otlp_exports)} OTLP exports (${fmt(r.tracing.otlp_bytes / 1024)} KiB) reached the sink.`,
    "",
    "| headline | value | target | |",
    "|---|---:|---:|---|",
    ...r.targets.map((t) => `| ${t.figure} | ${r.headline[t.figure]} | ${t.op} ${t.value} | ${t.met ? "met" : "**missed**"} |`),
    `| master_cached_vs_http | ${r.headline.master_cached_vs_http} | (reported) | |`,
  ];
  return lines.join("\n");
}
