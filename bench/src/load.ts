import autocannon from "autocannon";
import { createHistogram } from "node:perf_hooks";

/** Where and what to send. Every request of a target is the same unless `setupRequest` says otherwise. */
export interface Target {
  url: string;
  path: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  /** Makes each request different (a distinct name, say). */
  setupRequest?: (request: autocannon.Request) => autocannon.Request;
  /** The status every answer must have; anything else is counted as a failure. */
  expect: number;
}

export interface Load {
  connections: number;
  /** Seconds to run, or... */
  durationS?: number;
  /** ...a number of requests to send. */
  amount?: number;
}

/** One measured window. */
export interface Window {
  /** Answers with the expected status per second. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Answers with another status, plus connection errors and timeouts. */
  failures: number;
  statuses: Record<string, number>;
}

/**
 * Runs autocannon against `target` once. Latency is recorded here with microsecond
 * resolution (autocannon's own histogram keeps whole milliseconds, and most answers here
 * take less than one).
 */
export async function fire(target: Target, load: Load): Promise<Window> {
  const micros = createHistogram();
  const statuses: Record<string, number> = {};
  let ok = 0;
  let done!: (r: { err: unknown; result: autocannon.Result }) => void;
  const finished = new Promise<{ err: unknown; result: autocannon.Result }>((resolve) => (done = resolve));
  const instance = autocannon({
    url: target.url,
    connections: load.connections,
    pipelining: 1,
    // autocannon notices the end of a window only at a sample tick (1 s by default).
    sampleInt: 100,
    ...(load.amount !== undefined ? { amount: load.amount } : { duration: load.durationS ?? 1 }),
    timeout: 30,
    requests: [
      {
        method: target.method ?? "GET",
        path: target.path,
        headers: target.headers ?? {},
        ...(target.body !== undefined ? { body: target.body } : {}),
        ...(target.setupRequest ? { setupRequest: target.setupRequest } : {}),
      },
    ],
  }, (err, result) => done({ err, result }));
  instance.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTimeMs: number) => {
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    if (statusCode !== target.expect) return;
    ok++;
    micros.record(Math.max(1, Math.round(responseTimeMs * 1000)));
  });
  const { err, result } = await finished;
  if (err) throw err;
  const elapsedS = (result.finish.getTime() - result.start.getTime()) / 1000;
  const answered = Object.values(statuses).reduce((a, b) => a + b, 0);
  return {
    rps: ok / elapsedS,
    p50Ms: ok ? micros.percentile(50) / 1000 : NaN,
    p99Ms: ok ? micros.percentile(99) / 1000 : NaN,
    requests: answered,
    failures: answered - ok + result.errors,
    statuses,
  };
}

/** One line for the progress log; the statuses seen are shown when some answers were unexpected. */
export function describeWindow(w: Window): string {
  const failed = w.failures ? `, ${w.failures} failed (statuses ${JSON.stringify(w.statuses)})` : "";
  return `${Math.round(w.rps)} req/s, p99 ${w.p99Ms.toFixed(2)} ms${failed}`;
}

/** Warm-up (discarded), then one measured window. */
export async function measure(target: Target, connections: number, warmupS: number, windowS: number): Promise<Window> {
  if (warmupS > 0) await fire(target, { connections, durationS: warmupS });
  return fire(target, { connections, durationS: windowS });
}

export const median = (xs: number[]): number => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
