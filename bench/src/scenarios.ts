import type autocannon from "autocannon";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { Client } from "undici";
import { describeWindow, fire, measure, type Target, type Window } from "./load.js";
import { readMasterMetrics } from "./master-metrics.js";
import type { Profile } from "./profile.js";
import { IMAGE, type System } from "./system.js";

/** Throughput scenarios measured in rounds: one window of each per round. */
export const ROUND_SCENARIOS = [
  "baseline_http",
  "baseline_express",
  "master_cached_lookup",
  "baseline_pg_lookup",
  "master_uncached_lookup",
  "baseline_two_hop",
  "gateway_cached_lookup",
  "gateway_cached_lookup_traced",
] as const;
export type RoundScenario = (typeof ROUND_SCENARIOS)[number];

export type CreateScenario = "sandbox_creates_fast" | "sandbox_creates_strong" | "template_creates";

export type Windows<K extends string> = Record<K, Window[]>;

/** A request path that differs per request: `<prefix><n>`, n counting up from 0. */
function counting(make: (n: number) => Partial<autocannon.Request>): (req: autocannon.Request) => autocannon.Request {
  let n = 0;
  return (req) => ({ ...req, ...make(n++) });
}

function lookupTargets(sys: System): Record<RoundScenario, Target> {
  const q = `name=${encodeURIComponent(sys.templateName)}`;
  // The baselines get the requests the services get (path, query, headers), byte for byte.
  const master = (url: string, path = `/lookup?${q}`): Target => ({ url, path, headers: sys.masterHeaders, expect: 200 });
  const gateway = (url: string): Target => ({ url, path: `/templates/lookup?${q}`, headers: sys.gatewayHeaders, expect: 200 });
  return {
    baseline_http: master(sys.http.url),
    baseline_express: master(sys.express.url),
    master_cached_lookup: master(sys.master.url),
    baseline_pg_lookup: master(sys.pgLookup.url, `/lookup?${q}&fresh=true`),
    master_uncached_lookup: master(sys.master.url, `/lookup?${q}&fresh=true`),
    baseline_two_hop: gateway(sys.proxy.url),
    gateway_cached_lookup: gateway(sys.gateway.url),
    gateway_cached_lookup_traced: gateway(sys.tracedGateway.url),
  };
}

/**
 * Every lookup scenario and its baselines, interleaved: each round runs one warm-up and one
 * measured window of each, so slow drift of a noisy machine lands on all of them alike.
 */
export async function lookupRounds(sys: System, p: Profile, progress: (msg: string) => void): Promise<Windows<RoundScenario>> {
  const targets = lookupTargets(sys);
  const out = Object.fromEntries(ROUND_SCENARIOS.map((k) => [k, [] as Window[]])) as Windows<RoundScenario>;
  for (let round = 1; round <= p.windows; round++) {
    for (const key of ROUND_SCENARIOS) {
      const w = await measure(targets[key], p.connections, p.warmupS, p.windowS);
      out[key].push(w);
      progress(`round ${round}/${p.windows} ${key}: ${describeWindow(w)}`);
    }
  }
  return out;
}

export interface StampedeResult {
  requests: number;
  dbQueries: number;
  /** Requests that found no cached answer and shared the one query (the first started it). */
  joinedInFlight: number;
  answeredFromCache: number;
  failures: number;
}

/**
 * Many concurrent lookups of one name nobody has looked up yet, each on its own connection.
 * The template was made ready before the other scenarios (see startSystem): no change to it
 * (and so no notification dropping cached names) can land in the middle of the stampede.
 */
export async function stampede(sys: System, p: Profile): Promise<StampedeResult> {
  const name = sys.stampedeName;
  const before = await readMasterMetrics(sys.master.url, sys.masterHeaders);
  const w = await fire(
    { url: sys.master.url, path: `/lookup?name=${name}`, headers: sys.masterHeaders, expect: 200 },
    { connections: p.stampedeRequests, amount: p.stampedeRequests },
  );
  const after = await readMasterMetrics(sys.master.url, sys.masterHeaders);
  return {
    requests: w.requests,
    dbQueries: after.dbQueries - before.dbQueries,
    joinedInFlight: after.cacheMisses - before.cacheMisses,
    answeredFromCache: after.cacheHits - before.cacheHits,
    failures: w.failures,
  };
}

export interface MemoryResult {
  lookups: number;
  failures: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  rssPeakMb: number;
  rssGrowthMb: number;
  heapBeforeMb: number;
  heapAfterMb: number;
  cache: { positive: number; positiveCap: number; negative: number; negativeCap: number };
  rps: number;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** Lookups of distinct names nobody holds: each is a miss, a query and a negative-cache entry. */
export async function unknownNames(sys: System, p: Profile, caps: { positive: number; negative: number }, progress: (msg: string) => void): Promise<MemoryResult> {
  const rss = () => sys.master.rss() ?? NaN;
  const before = await readMasterMetrics(sys.master.url, sys.masterHeaders);
  const rssBefore = rss();
  let peak = rssBefore;
  let running = true;
  const sampler = (async () => {
    for (let s = 0; running; s++) {
      peak = Math.max(peak, rss());
      if (s % 30 === 29) progress(`unknown names: master RSS ${mb(rss())} MB`);
      await sleep(1_000);
    }
  })();
  const w = await fire(
    {
      url: sys.master.url,
      path: "/lookup?name=bench-unknown-0",
      headers: sys.masterHeaders,
      setupRequest: counting((n) => ({ path: `/lookup?name=bench-unknown-${n}` })),
      expect: 404,
    },
    { connections: p.connections, amount: p.unknownNames },
  );
  running = false;
  await sampler;
  const rssAfter = rss();
  const after = await readMasterMetrics(sys.master.url, sys.masterHeaders);
  return {
    lookups: w.requests,
    failures: w.failures,
    rssBeforeMb: mb(rssBefore),
    rssAfterMb: mb(rssAfter),
    rssPeakMb: mb(Math.max(peak, rssAfter)),
    rssGrowthMb: mb(rssAfter - rssBefore),
    heapBeforeMb: mb(before.heapUsedBytes),
    heapAfterMb: mb(after.heapUsedBytes),
    cache: { positive: after.positiveEntries, positiveCap: caps.positive, negative: after.negativeEntries, negativeCap: caps.negative },
    rps: w.rps,
  };
}

export interface InvalidationRun {
  /** Why the scenario did not run; null when it ran. */
  skipped: string | null;
  /** The master the names are changed through (A) and the one whose lookups are timed (B). */
  writer: string;
  reader: string;
  /** Per measured change: ms from A's answer to B's first correct answer. */
  lagsMs: number[];
  /** Per measured change: B's answers in that time that were still the old (stale) one. */
  staleLookups: number[];
  /** Changes after which B still answered stale when the scenario gave up on it (GIVE_UP_MS). */
  timeouts: number;
  /**
   * B's name-cache hits during the scenario: at least one per change (its warm lookup of the
   * current name) when B answers from its cache. None would mean B read the database for
   * every lookup (a master does while its notification connection is down), and the lag
   * would say nothing about invalidation.
   */
  readerCacheHits: number;
}

/** Unmeasured changes first: the rename's and the notification's code paths are cold on both masters. */
const INVALIDATION_WARMUP_CHANGES = 2;
/** Past this B is not going to answer right soon (a lost notification waits out the negative TTL, 30 s). */
const GIVE_UP_MS = 1_000;

/**
 * How long after a name change through one master another master answers the new result.
 * Masters on one database stay coherent through LISTEN/NOTIFY: a change's notification is
 * sent from inside the writing transaction, and each master drops its cached entries for the
 * names it hears about. So for each change, A renames the scenario's template (POST
 * /display-name) to a name B has just cached as unknown; as soon as A's answer arrives, B is
 * asked for the new name over and over (one keep-alive connection, sequential requests, no
 * pause) until it answers the template. The lag is the time from A's answer to B's first right
 * one; every 404 before it is a stale answer from B's cache.
 *
 * The two masters are the bench's own pair: the traced master is A and the plain one B. B's
 * reaction is what is timed, so it is the untraced one (no span work per poll, no OTLP export
 * batch on its event loop). A's tracing acts before A answers, and the notification has left
 * with its commit by then: it can add nothing to the lag as measured, so a third master (one
 * more process on a loaded machine) would buy nothing.
 *
 * Without warming B with the new name, its first lookup of it would go to the database and be
 * right whether or not it heard anything; its cached unknown entry is what the notification
 * must drop. (B also keeps the old name cached, as a positive entry the change must drop too.)
 *
 * The embedded database cannot relay notifications between connections: there the masters
 * run without them (DB_LISTEN=false) and the scenario is skipped.
 */
export async function invalidationLag(sys: System, p: Profile, progress: (msg: string) => void): Promise<InvalidationRun> {
  const writer = sys.tracedMaster;
  const reader = sys.master;
  const run: InvalidationRun = { skipped: null, writer: writer.name, reader: reader.name, lagsMs: [], staleLookups: [], timeouts: 0, readerCacheHits: 0 };
  if (sys.embedded || !sys.renameTemplate) {
    run.skipped = "the embedded PostgreSQL (PGlite) cannot relay notifications between connections: the bench's masters run on it with DB_LISTEN=false";
    return run;
  }
  const { templateId, displayName: base } = sys.renameTemplate;
  const a = new Client(writer.url);
  const b = new Client(reader.url);
  const json = { ...sys.masterHeaders, "content-type": "application/json" };
  /** One lookup on B: its status, whether it answered the template, and when it arrived (fully read). */
  const lookupOnB = async (name: string) => {
    const res = await b.request({ method: "GET", path: `/lookup?name=${encodeURIComponent(name)}`, headers: sys.masterHeaders });
    const text = await res.body.text();
    const at = performance.now();
    const found = res.statusCode === 200 && (JSON.parse(text) as { templateId?: string }).templateId === templateId;
    if (res.statusCode !== 404 && !found) throw new Error(`${reader.name} answered ${res.statusCode} to a lookup of '${name}': ${text}`);
    return { found, at };
  };
  const before = await readMasterMetrics(reader.url, sys.masterHeaders);
  try {
    let current = base;
    const total = INVALIDATION_WARMUP_CHANGES + p.invalidationChanges;
    for (let i = 1; i <= total; i++) {
      const next = `${base}-${i}`;
      // Warm B: the current name found, the next one unknown (both now in its cache).
      if (!(await lookupOnB(current)).found) throw new Error(`${reader.name} does not find '${current}' before the change`);
      if ((await lookupOnB(next)).found) throw new Error(`${reader.name} finds '${next}' before the change`);

      const res = await a.request({ method: "POST", path: "/display-name", headers: json, body: JSON.stringify({ templateId, displayName: next }) });
      const text = await res.body.text();
      const answered = performance.now();
      if (res.statusCode !== 200) throw new Error(`${writer.name} answered ${res.statusCode} to renaming the template to '${next}': ${text}`);

      let stale = 0;
      let lag: number;
      for (;;) {
        const { found, at } = await lookupOnB(next);
        if (found) {
          lag = at - answered;
          break;
        }
        stale++;
        if (at - answered > GIVE_UP_MS) {
          lag = at - answered;
          run.timeouts++;
          break;
        }
      }
      current = next;
      if (i <= INVALIDATION_WARMUP_CHANGES) continue;
      run.lagsMs.push(lag);
      run.staleLookups.push(stale);
      const n = i - INVALIDATION_WARMUP_CHANGES;
      if (n % 50 === 0 || n === p.invalidationChanges) progress(`invalidation lag: ${n}/${p.invalidationChanges} changes, last ${lag.toFixed(2)} ms after ${stale} stale lookups`);
    }
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
  run.readerCacheHits = (await readMasterMetrics(reader.url, sys.masterHeaders)).cacheHits - before.cacheHits;
  return run;
}

/**
 * Creates through the gateway: sandboxes in fast and strong mode interleaved, then template
 * creates with distinct names (last, as every one of them starts a build that keeps master
 * busy after the window).
 */
export async function createRounds(sys: System, p: Profile, progress: (msg: string) => void): Promise<Windows<CreateScenario>> {
  const json = { ...sys.gatewayHeaders, "content-type": "application/json" };
  const sandbox = (mode: "fast" | "strong"): Target => ({
    url: sys.gateway.url,
    method: "POST",
    path: "/sandboxes",
    headers: { ...json, "x-cubicle-sandbox-mode": mode },
    body: JSON.stringify({ templateID: sys.templateName }),
    expect: 201,
  });
  const templates: Target = {
    url: sys.gateway.url,
    method: "POST",
    path: "/templates",
    headers: json,
    setupRequest: counting((n) => ({ body: JSON.stringify({ name: `bench-create-${n}`, image: IMAGE }) })),
    expect: 202,
  };
  const targets: Record<CreateScenario, Target> = { sandbox_creates_fast: sandbox("fast"), sandbox_creates_strong: sandbox("strong"), template_creates: templates };
  // One create of each kind first, alone: the first one through gateway → master → node agent
  // sets up the connections and prepared statements on the way and can take longer than a
  // whole quick-profile window on a busy machine (it is no part of any figure).
  for (const [key, t] of Object.entries(targets)) {
    const body = key === "template_creates" ? JSON.stringify({ name: "bench-create-first", image: IMAGE }) : t.body;
    const res = await fetch(`${t.url}${t.path}`, { method: t.method, headers: t.headers, body });
    const text = await res.text();
    if (res.status !== t.expect) progress(`${key}: the first create answered ${res.status} (expected ${t.expect}): ${text.slice(0, 300)}`);
  }
  const out: Windows<CreateScenario> = { sandbox_creates_fast: [], sandbox_creates_strong: [], template_creates: [] };
  const run = async (key: CreateScenario, round: number) => {
    const w = await measure(targets[key], p.connections, p.warmupS, p.windowS);
    out[key].push(w);
    progress(`round ${round}/${p.windows} ${key}: ${describeWindow(w)}`);
  };
  for (let round = 1; round <= p.windows; round++) {
    await run("sandbox_creates_fast", round);
    await run("sandbox_creates_strong", round);
  }
  for (let round = 1; round <= p.windows; round++) await run("template_creates", round);
  return out;
}
