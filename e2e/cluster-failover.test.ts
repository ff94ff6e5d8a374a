// Two masters on one database behind the gateway, a node agent registered with both: name
// changes made through one master are answered by the other within a coherence bound; a
// master killed under load costs no read (the gateway retries it on the other) and no
// idempotency-keyed create runs twice; a rolling restart of the masters behind the gateway
// loses no request at all; with both masters down the gateway answers 503, never 500, and
// recovers on its own when one comes back.
//
// One cluster serves the whole file (starting processes is most of an e2e file's time on a
// small machine); each test first brings it to the state it needs (`bothMastersInService`),
// so any test can also run alone.
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import pg from "pg";
import {
  eventually,
  startAgentProcess,
  startGatewayProcess,
  startMasterProcess,
  stopAllServices,
  truncateTables,
  waitForStatus,
  type GatewayProcess,
  type MasterProcess,
  type ServiceProcess,
} from "./support.js";

const MASTER_TOKEN = "e2e-cluster-failover-token-0123456789";
/**
 * Every master here: quick builds, room for the sandboxes the load makes, and on SIGTERM
 * readiness failing for 4 s before it stops listening: well past the gateway's probe (every
 * 1 s, each waiting up to 1 s) on a busy machine, so the gateway stops sending to it first
 * (a write without an idempotency key that met the master closing its connections would fail,
 * not being sent twice). (Stops by SIGKILL, as in afterAll, skip it.)
 */
const MASTER_ENV = { MASTER_TOKEN, BUILD_PHASE_DELAY_MS: "10", TEAM_MAX_SANDBOXES: "100000", MASTER_DRAIN_MS: "4000" };
/** Gateway: no rate limit in the way of the load. */
const GATEWAY_ENV = {
  MASTER_TOKEN,
  RATE_LIMIT_LOOKUPS: "0",
  RATE_LIMIT_CREATES: "0",
  RATE_LIMIT_SANDBOXES: "0",
  RATE_LIMIT_READS: "0",
  RATE_LIMIT_WRITES: "0",
};
const RUN = `${Date.now().toString(36)}-${process.pid}`;
/** The template the load reads and starts sandboxes from. */
const NAME = `failover-${RUN}`;
const TEST_TIMEOUT = 60_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const running = (p: ServiceProcess | undefined): p is ServiceProcess => p !== undefined && p.process.exitCode === null && p.process.signalCode === null;

// ---- the cluster ----------------------------------------------------------------------

/** Masters A and B (index 0 and 1), each on a port of its own that a restart keeps. */
const masters: [MasterProcess | undefined, MasterProcess | undefined] = [undefined, undefined];
const masterPorts: number[] = [];
let gateway: GatewayProcess;
let templateID: string;
/** Every process started, by name, for the output of a failing test. */
const everyProcess = new Map<string, ServiceProcess>();
const LETTER = ["A", "B"] as const;

function master(i: 0 | 1): MasterProcess {
  const m = masters[i];
  if (!running(m)) throw new Error(`master ${LETTER[i]} is not running`);
  return m;
}

/** Starts master `i` (again) on its port. */
async function startMaster(i: 0 | 1): Promise<MasterProcess> {
  const m = await startMasterProcess({ ...MASTER_ENV, ...(masterPorts[i] !== undefined && { MASTER_PORT: String(masterPorts[i]) }) });
  masterPorts[i] = m.port;
  masters[i] = m;
  let name = `master ${LETTER[i]}`;
  for (let n = 2; everyProcess.has(name); n++) name = `master ${LETTER[i]} (start ${n})`;
  everyProcess.set(name, m);
  return m;
}

/** Name lookups a master served (hits and misses): how to tell the gateway sends it requests. */
async function lookupsServed(m: MasterProcess): Promise<number> {
  return (await metric(m, "cubicle_name_cache_hits_total")) + (await metric(m, "cubicle_name_cache_misses_total"));
}

/**
 * Waits until the gateway sends lookups to each of `ms` (a restarted one once its probe found
 * it ready). Through `/templates/lookup`, one call to a master per request: a request that
 * makes two (such as `GET /templates/:name`, a lookup then a read) would send every lookup to
 * the same one of two masters taken in turn.
 */
async function waitUntilGatewayUses(ms: MasterProcess[], timeoutMs = 10_000): Promise<void> {
  const before = await Promise.all(ms.map(lookupsServed));
  await eventually(
    async () => {
      await gateway.api.get(`/templates/lookup?name=${NAME}`);
      const now = await Promise.all(ms.map(lookupsServed));
      return now.every((n, i) => n > before[i]!) ? true : undefined;
    },
    timeoutMs,
    `the gateway to send lookups to the masters on ports ${ms.map((m) => m.port).join(", ")}`,
  );
}

/** Starts whichever master is not running, and waits until the gateway uses both. */
async function bothMastersInService(): Promise<void> {
  await Promise.all(([0, 1] as const).map((i) => (running(masters[i]) ? undefined : startMaster(i))));
  await waitUntilGatewayUses([master(0), master(1)]);
}

/** Adds every process's output to a failing assertion's message. */
async function withOutput<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (err) {
    // Without the lines of requests answered below 500 (master logs every 4xx as a warning).
    const kept = (p: ServiceProcess) =>
      p
        .output()
        .split("\n")
        .filter((line) => !(line.includes('"msg":"request completed"') && /"statusCode":[1-4]\d\d/.test(line)))
        .join("\n")
        .slice(-10_000);
    const outputs = [...everyProcess].map(([name, p]) => `--- ${name} (port ${p.port}) output ---\n${kept(p) || "(none)"}`);
    if (err instanceof Error) err.message += `\n${outputs.join("\n")}`;
    throw err;
  }
}

// ---- measuring --------------------------------------------------------------------------

/** A counter or gauge (without labels) from a master's /metrics. */
async function metric(m: MasterProcess, name: string): Promise<number> {
  const r = await m.api.get("/metrics");
  if (r.status !== 200) throw new Error(`GET /metrics answered ${r.status}`);
  const found = new RegExp(`^${name} (\\S+)$`, "m").exec(String(r.body));
  if (!found) throw new Error(`no ${name} in /metrics`);
  return Number(found[1]);
}

/** The p-th percentile (0–100) of `values`, nearest rank. */
function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

type Outcome = { label: string; status: number; error?: string };

/** One request of a load run, times in ms from the run's start. */
interface Sample extends Outcome {
  start: number;
  end: number;
}

/**
 * Runs each step in a loop of its own until `until()` says stop, recording every request;
 * `pauseMs` between a loop's requests leaves the (small, shared) machine some room.
 */
async function runLoops(t0: number, steps: Array<() => Promise<Outcome>>, until: () => boolean, pauseMs = 0): Promise<Sample[]> {
  const samples: Sample[] = [];
  await Promise.all(
    steps.map(async (step) => {
      while (!until()) {
        const start = Date.now() - t0;
        const outcome = await step();
        samples.push({ ...outcome, start, end: Date.now() - t0 });
        if (pauseMs > 0) await sleep(pauseMs);
      }
    }),
  );
  return samples;
}

/** A call reduced to what a sample keeps: its status and, unless 2xx or 404, what went wrong (status 0: no answer at all). */
async function sampled(label: string, call: () => Promise<{ status: number; body: any }>): Promise<Outcome> {
  try {
    const r = await call();
    return { label, status: r.status, ...(r.status >= 300 && r.status !== 404 && { error: String(r.body?.error_code ?? JSON.stringify(r.body)).slice(0, 200) }) };
  } catch (err) {
    return { label, status: 0, error: String((err as Error).cause ?? (err as Error).message) };
  }
}

const summary = (samples: Sample[]) => samples.map((s) => `${s.label} @${s.start}-${s.end}ms → ${s.status} ${s.error ?? ""}`);

// ---- the tests --------------------------------------------------------------------------

beforeAll(async () => {
  await truncateTables();
  await Promise.all([startMaster(0), startMaster(1)]);
  const urls = `${master(0).url},${master(1).url}`;
  const [agent, gw] = await Promise.all([startAgentProcess(urls, { MASTER_TOKEN }), startGatewayProcess(urls, GATEWAY_ENV)]);
  everyProcess.set("node agent", agent);
  everyProcess.set("gateway", gw);
  gateway = gw;
  await withOutput(async () => {
    const created = await gateway.api.post("/templates", { name: NAME, image: "alpine:3.20" });
    expect({ status: created.status }).toEqual({ status: 202 });
    templateID = created.body.templateID;
    await waitForStatus(master(0).api, templateID, ["ready"], 15_000);
  });
}, TEST_TIMEOUT);

afterAll(async () => {
  await stopAllServices();
});

// The embedded database (PGlite) cannot relay notifications between connections, so it runs
// one master (see the README): there is no cluster of masters to test on it.
const describeCluster = process.env.CUBICLE_TEST_EMBEDDED === "1" ? describe.skip : describe;

describeCluster("two masters on one database behind one gateway", () => {
  test(
    "a rename through master A is answered by master B within the coherence bound, over many changes",
    async () => {
      await withOutput(async () => {
        await bothMastersInService();
        const A = master(0);
        const B = master(1);
        // Two names the template goes back and forth between: after each change B holds the
        // new name as unknown and the old one as the template, both stale until it hears.
        const names = [`coherent-${RUN}-x`, `coherent-${RUN}-y`] as const;
        const created = await A.api.post("/templates", { displayName: names[0], image: "alpine:3.20" });
        expect({ status: created.status }).toEqual({ status: 202 });
        const templateId: string = created.body.templateId;
        await waitForStatus(A.api, templateId, ["ready"], 15_000);

        // Warm B: the first name as the (ready) template, the other as unknown.
        await eventually(
          async () => {
            const r = await B.api.get(`/lookup?name=${names[0]}`);
            return r.status === 200 && r.body.templateId === templateId && r.body.status === "ready" ? true : undefined;
          },
          5_000,
          "B to answer the ready template",
        );
        expect((await B.api.get(`/lookup?name=${names[1]}`)).status).toBe(404);

        const CHANGES = 50;
        // No stale answer after this long: a coherence bound, generous for a loaded CI machine
        // (the 100 ms p99 target is measured by the bench, not here).
        const BOUND_MS = 2_000;
        const EXTRA_LOOKUPS = 10;
        const lags: number[] = [];
        const stale: string[] = [];
        let lookups = 0;
        let queriesBetweenChanges = 0;
        const queriesBefore = await metric(B, "cubicle_name_lookup_db_queries_total");

        for (let i = 1; i <= CHANGES; i++) {
          const from = names[(i + 1) % 2]!;
          const to = names[i % 2]!;
          const renamed = await A.api.post("/display-name", { templateId, displayName: to });
          const answeredAt = performance.now();
          expect({ change: i, status: renamed.status, displayName: renamed.body?.displayName }).toEqual({ change: i, status: 200, displayName: to });

          // B, as soon as A has answered: the new name must answer the template, the old one 404.
          let lag: number | undefined;
          let last = "";
          while (performance.now() - answeredAt < BOUND_MS) {
            const [now, old] = await Promise.all([B.api.get(`/lookup?name=${to}`), B.api.get(`/lookup?name=${from}`)]);
            lookups += 2;
            if (now.status === 200 && now.body.templateId === templateId && old.status === 404) {
              lag = performance.now() - answeredAt;
              break;
            }
            last = `new name ${now.status} ${now.body?.templateId ?? ""}, old name ${old.status} ${old.body?.templateId ?? ""}`;
          }
          if (lag === undefined) stale.push(`change ${i} (${from} → ${to}): still stale after ${BOUND_MS} ms: ${last}`);
          else lags.push(lag);

          // Until the next change B answers both names from its cache: no database query.
          const before = await metric(B, "cubicle_name_lookup_db_queries_total");
          for (let k = 0; k < EXTRA_LOOKUPS; k++) {
            const name = k % 2 === 0 ? to : from;
            const r = await B.api.get(`/lookup?name=${name}`);
            lookups++;
            expect({ change: i, name, status: r.status }).toEqual({ change: i, name, status: name === to ? 200 : 404 });
          }
          queriesBetweenChanges += (await metric(B, "cubicle_name_lookup_db_queries_total")) - before;
        }
        const queries = (await metric(B, "cubicle_name_lookup_db_queries_total")) - queriesBefore;

        console.log(
          `[cluster-failover] coherence over ${CHANGES} renames through A, read on B: ` +
            `lag p50 ${percentile(lags, 50).toFixed(1)} ms, p99 ${percentile(lags, 99).toFixed(1)} ms, max ${Math.max(...lags).toFixed(1)} ms; ` +
            `B made ${queries} name queries for ${lookups} lookups (${(queries / CHANGES).toFixed(2)} per change, ${queriesBetweenChanges} between changes)`,
        );
        expect(stale).toEqual([]);
        expect(lags.length).toBe(CHANGES);
        // Each change changes what two names answer (the new one and the old one): B reads
        // each once, after it heard of the change, and answers every other lookup from memory.
        expect(queries).toBeLessThanOrEqual(2 * CHANGES + 4);
        expect(queriesBetweenChanges).toBe(0);
        expect(lookups).toBeGreaterThan(5 * queries);
      });
    },
    TEST_TIMEOUT,
  );

  test(
    "master A killed (SIGKILL) under load through the gateway: only requests in flight on A fail; reads are retried on B; the gateway keeps answering",
    async () => {
      await withOutput(async () => {
        await bothMastersInService();
        const gw = gateway.api;
        const A = master(0);

        const KILL_AT = 1_000;
        const RUN_FOR = 3_000;
        const t0 = Date.now();
        let killedAt = Infinity;
        const read = (label: string, path: string) => () => sampled(label, () => gw.get(path));

        // Sandbox creates with an idempotency key, one after another in two loops, across the kill.
        const keyed: Array<{ key: string; start: number; end: number; status: number; sandboxID?: string; replayed: boolean; error?: string }> = [];
        let keyNo = 0;
        const keyedCreate = async (): Promise<Outcome> => {
          const key = `${RUN}-k${++keyNo}`;
          const start = Date.now() - t0;
          let sandboxID: string | undefined;
          let replayed = false;
          const outcome = await sampled("keyed create", async () => {
            const res = await gw.post("/sandboxes", { templateID: NAME }, { "idempotency-key": key });
            sandboxID = res.body?.sandboxID;
            replayed = res.headers.get("idempotent-replayed") === "true";
            return res;
          });
          keyed.push({ key, start, end: Date.now() - t0, status: outcome.status, sandboxID, replayed, error: outcome.error });
          return outcome;
        };

        const killer = (async () => {
          await sleep(KILL_AT);
          killedAt = Date.now() - t0;
          expect(await A.stop("SIGKILL")).toEqual({ code: null, signal: "SIGKILL" });
        })();
        const samples = await runLoops(
          t0,
          [
            read("GET /templates/:name", `/templates/${NAME}`),
            read("GET /templates/lookup", `/templates/lookup?name=${NAME}`),
            read("GET /v2/sandboxes", "/v2/sandboxes?limit=10"),
            read("GET /templates/:name", `/templates/${NAME}`),
            keyedCreate,
            keyedCreate,
          ],
          () => Date.now() - t0 >= RUN_FOR,
        );
        await killer;

        const reads = samples.filter((s) => s.label !== "keyed create");
        const failed = reads.filter((s) => s.status !== 200);
        const lastSecond = reads.filter((s) => s.start >= RUN_FOR - 1_000).map((s) => s.end - s.start);
        const p99 = percentile(lastSecond, 99);
        const beforeKill = reads.filter((s) => s.end < killedAt).map((s) => s.end - s.start);
        const p99BeforeKill = percentile(beforeKill, 99);
        const across = (s: { start: number; end: number }) => s.start <= killedAt && s.end >= killedAt;
        const createMs = keyed.map((k) => k.end - k.start);
        console.log(
          `[cluster-failover] SIGKILL of master A at ${killedAt} ms under load: ${reads.length} reads (${reads.filter(across).length} in flight at the kill), ${failed.length} failed; ` +
            `before the kill p50 ${percentile(beforeKill, 50)} ms, p99 ${p99BeforeKill} ms; in the last second p50 ${percentile(lastSecond, 50)} ms, p99 ${p99} ms (${lastSecond.length} reads); ` +
            `${keyed.length} keyed creates (${keyed.filter(across).length} in flight at the kill, p50 ${percentile(createMs, 50)} ms), ${keyed.filter((k) => k.status !== 201).length} failed, ` +
            `${keyed.filter((k) => k.replayed).length} answered as replays (retried after A had made them)`,
        );

        // Every read succeeded: those whose connection to A was lost were retried on B.
        expect(summary(failed)).toEqual([]);
        expect(reads.filter((s) => s.start > killedAt).length).toBeGreaterThan(10);
        // Latency is back to normal once B serves everything: under 500 ms, or on a machine so
        // loaded that it was slower than that before the kill, at most twice what it was then.
        expect(p99).toBeLessThan(Math.max(500, 2 * p99BeforeKill));

        // Every keyed create succeeded at once (a lost connection is retried on B with the key)...
        expect(keyed.filter((k) => k.status !== 201).map((k) => `${k.key} @${k.start}-${k.end}ms → ${k.status} ${k.error ?? ""}`)).toEqual([]);
        expect(keyed.filter((k) => k.start > killedAt).length).toBeGreaterThan(1);
        // ... a repeat of each answers the same sandbox, replayed ...
        const repeats = await Promise.all(
          keyed.map(async (k) => {
            const r = await gw.post("/sandboxes", { templateID: NAME }, { "idempotency-key": k.key });
            return { key: k.key, status: r.status, sandboxID: r.body?.sandboxID, replayed: r.headers.get("idempotent-replayed") };
          }),
        );
        expect(repeats).toEqual(keyed.map((k) => ({ key: k.key, status: 201, sandboxID: k.sandboxID, replayed: "true" })));

        // ... and each key made exactly one sandbox: one record holds its request id, the one answered.
        const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
        await db.connect();
        try {
          const rows = (await db.query<{ id: string; request_id: string }>("SELECT id, request_id FROM sandboxes WHERE request_id LIKE $1", [`%:${RUN}-k%`])).rows;
          const byKey = new Map<string, string[]>();
          for (const row of rows) {
            const key = row.request_id.slice(row.request_id.lastIndexOf(":") + 1);
            byKey.set(key, [...(byKey.get(key) ?? []), row.id]);
          }
          expect(keyed.map((k) => ({ key: k.key, ids: byKey.get(k.key) ?? [] }))).toEqual(keyed.map((k) => ({ key: k.key, ids: [k.sandboxID] })));
          expect(rows.length).toBe(keyed.length);
        } finally {
          await db.end();
        }
      });
    },
    TEST_TIMEOUT,
  );

  test(
    "a rolling restart of one of two masters behind the gateway under load loses no request",
    async () => {
      await withOutput(async () => {
        const ready = Date.now();
        await bothMastersInService();
        const readyIn = Date.now() - ready;
        const gw = gateway.api;
        // A second template, renamed back and forth by id under load.
        const other = await gw.post("/templates", { name: `${NAME}-r0`, image: "alpine:3.20" });
        expect({ status: other.status }).toEqual({ status: 202 });
        const otherId: string = other.body.templateID;
        await waitForStatus(master(1).api, otherId, ["ready"], 15_000);

        const t0 = Date.now();
        let done = false;
        const phases: string[] = [`both masters in service ${readyIn} ms before`];
        const mark = (what: string) => phases.push(`${Date.now() - t0} ms: ${what}`);
        let renames = 0;
        let sandboxId: string | undefined;
        const samples = runLoops(
          t0,
          [
            () => sampled("GET /templates/:name", () => gw.get(`/templates/${NAME}`)),
            () => sampled("GET /templates/lookup", () => gw.get(`/templates/lookup?name=${NAME}`)),
            () => sampled("GET /v2/sandboxes", () => gw.get("/v2/sandboxes?limit=10")),
            // Writes without an idempotency key: the gateway never sends one twice.
            () => sampled("PATCH /templates/:id", () => gw.patch(`/templates/${otherId}`, { name: `${NAME}-r${++renames % 2}` })),
            // Sandbox creates and deletes in turn. Strong mode: the record is written before the
            // answer, so the delete finds it on either master (a fast-mode record is written
            // after the answer, and another master may not see it yet).
            async () => {
              if (sandboxId) {
                const id = sandboxId;
                sandboxId = undefined;
                return sampled("DELETE /sandboxes/:id", () => gw.delete(`/sandboxes/${id}`));
              }
              return sampled("POST /sandboxes", async () => {
                const res = await gw.post("/sandboxes", { templateID: NAME }, { "x-cubicle-sandbox-mode": "strong" });
                if (res.status === 201) sandboxId = res.body.sandboxID;
                return res;
              });
            },
          ],
          () => done,
          10,
        );

        try {
          await sleep(500);
          for (const i of [0, 1] as const) {
            // SIGTERM: readiness fails for 4 s (the gateway's probe sees it and stops sending),
            // then the master stops listening, finishes what it was doing and exits.
            mark(`SIGTERM to master ${LETTER[i]}`);
            expect(await master(i).stop("SIGTERM")).toEqual({ code: 0, signal: null });
            mark(`master ${LETTER[i]} exited`);
            if (i === 1) break;
            // The new one on the same port: the gateway sends to it again once its probe finds it ready.
            const again = await startMaster(i);
            mark(`master ${LETTER[i]} started again`);
            await waitUntilGatewayUses([again]);
            mark(`the gateway uses master ${LETTER[i]} again`);
          }
          await sleep(500);
        } finally {
          done = true;
        }
        const all = await samples;
        const failed = all.filter((s) => !(s.status >= 200 && s.status < 300));
        const byLabel = new Map<string, number>();
        for (const s of all) byLabel.set(s.label, (byLabel.get(s.label) ?? 0) + 1);
        const durations = all.map((s) => s.end - s.start);
        console.log(
          `[cluster-failover] rolling restart: ${all.length} requests (${[...byLabel].map(([l, n]) => `${l} ${n}`).join(", ")}), ${failed.length} failed, ` +
            `p50 ${percentile(durations, 50)} ms, p99 ${percentile(durations, 99)} ms, max ${Math.max(...durations)} ms; ${phases.join("; ")}`,
        );
        expect(summary(failed)).toEqual([]);
        for (const label of ["GET /templates/:name", "PATCH /templates/:id", "POST /sandboxes", "DELETE /sandboxes/:id"]) {
          expect({ label, some: (byLabel.get(label) ?? 0) > 5 }).toEqual({ label, some: true });
        }
      });
    },
    TEST_TIMEOUT,
  );

  test(
    "both masters down → the gateway answers 503 (never 500) and recovers when one comes back",
    async () => {
      await withOutput(async () => {
        const gw = gateway.api;
        // Whatever the tests before left running (any test may run alone), then none.
        if (!masters.some(running)) await startMaster(0);
        await eventually(async () => ((await gw.get(`/templates/${NAME}`)).status === 200 ? true : undefined), 10_000, "the gateway to answer the template");
        await Promise.all(masters.filter(running).map((m) => m.stop("SIGKILL")));

        let n = 0;
        const calls: Array<() => Promise<Outcome>> = [
          () => sampled("GET /templates/:name", () => gw.get(`/templates/${NAME}`)),
          () => sampled("GET /templates/:id", () => gw.get(`/templates/${templateID}`)),
          () => sampled("GET /v2/sandboxes", () => gw.get("/v2/sandboxes")),
          () => sampled("POST /sandboxes", () => gw.post("/sandboxes", { templateID: NAME })),
          () => sampled("POST /sandboxes keyed", () => gw.post("/sandboxes", { templateID }, { "idempotency-key": `${RUN}-down-${++n}` })),
          () => sampled("PATCH /templates/:id", () => gw.patch(`/templates/${templateID}`, { name: `${NAME}-renamed` })),
          () => sampled("POST /templates", () => gw.post("/templates", { name: `${NAME}-new-${++n}`, image: "alpine:3.20" })),
          () => sampled("GET /readyz", () => gw.get("/readyz")),
          // A key the gateway has not verified yet: it cannot ask a master whose it is.
          () => sampled("GET /templates (unknown key)", () => gw.get("/templates", { "x-api-key": `e2e-unknown-key-${RUN}-${++n}` })),
        ];
        const t0 = Date.now();
        const samples = await runLoops(t0, calls, () => Date.now() - t0 >= 1_500);
        const not503 = samples.filter((s) => s.status !== 503);
        const outcomes = new Map<string, Set<string>>();
        for (const s of samples) outcomes.set(s.label, (outcomes.get(s.label) ?? new Set()).add(`${s.status} ${s.error ?? ""}`));
        console.log(
          `[cluster-failover] both masters down: ${samples.length} requests, ${not503.length} not 503: ${[...outcomes].map(([l, s]) => `${l} → ${[...s].join(" | ")}`).join("; ")}`,
        );
        expect(summary(not503)).toEqual([]);
        expect(new Set(samples.map((s) => s.error))).toEqual(new Set(["upstream_unavailable"]));
        expect((await gw.get("/healthz")).status).toBe(200);

        // One master back on its port: the gateway answers again on its own.
        const from = Date.now();
        const back = await startMaster(0);
        const startedIn = Date.now() - from;
        await eventually(async () => ((await gw.get(`/templates/${NAME}`)).status === 200 ? true : undefined), 10_000, "the gateway to answer the template again");
        const answeredIn = Date.now() - from;
        await eventually(async () => ((await gw.get("/readyz")).status === 200 ? true : undefined), 10_000, "the gateway's /readyz to answer 200 again");
        console.log(`[cluster-failover] master A back: ready ${startedIn} ms after its start began, the gateway answered after ${answeredIn} ms`);
        // With one master of two up, every request is answered, by it.
        const servedBefore = await lookupsServed(back);
        for (let i = 0; i < 6; i++) {
          const r = await gw.get(`/templates/${NAME}`);
          expect({ i, status: r.status }).toEqual({ i, status: 200 });
        }
        expect((await lookupsServed(back)) - servedBefore).toBeGreaterThanOrEqual(6);
        const sandbox = await gw.post("/sandboxes", { templateID: NAME }, { "idempotency-key": `${RUN}-after` });
        expect({ status: sandbox.status }).toEqual({ status: 201 });
        const renamed = await gw.patch(`/templates/${templateID}`, { name: `${NAME}-renamed` });
        expect({ status: renamed.status, names: renamed.body?.names }).toEqual({ status: 200, names: [`${NAME}-renamed`] });
        expect((await gw.patch(`/templates/${templateID}`, { name: NAME })).status).toBe(200);
      });
    },
    TEST_TIMEOUT,
  );
});
