import type autocannon from "autocannon";
import { setTimeout as sleep } from "node:timers/promises";
import { describeWindow, fire, measure, type Target, type Window } from "./load.js";
import { readMasterMetrics } from "./master-metrics.js";
import type { Profile } from "./profile.js";
import { IMAGE, postJson, type System } from "./system.js";

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

/** Many concurrent lookups of one name nobody has looked up yet, each on its own connection. */
export async function stampede(sys: System, p: Profile): Promise<StampedeResult> {
  const name = "bench-stampede";
  // Creating it invalidates the name everywhere: the next lookup has to go to the database.
  await postJson(`${sys.master.url}/templates`, sys.masterHeaders, { displayName: name, image: IMAGE });
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
