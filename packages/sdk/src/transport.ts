// One request to the API, on `fetch` (Node ≥ 18 and browsers): the key, JSON both ways, the
// error classes, and retries. A request is repeated only when repeating it cannot do a thing
// twice: a read, or a write carrying an `Idempotency-Key` (the SDK makes one for the writes
// the API deduplicates, so a retried create answers the first create's template or sandbox).
// It is repeated after 429 and 503 (and, being safe, after 502, 504 and a lost connection),
// waiting what `Retry-After` says, else an exponential backoff with jitter. A 429 without
// `Retry-After` is a quota, not a rate: it is not repeated.
import { CubicleApiError, CubicleConnectionError, errorClassFor, type ErrorBody } from "./errors.js";

export interface RetryOptions {
  /** How many times a failed request may be repeated (default 3; 0 never repeats). */
  retries: number;
  /** The first backoff (default 250 ms), doubled each time up to `maxDelayMs`. */
  minDelayMs: number;
  /** The longest backoff (default 5 s). */
  maxDelayMs: number;
  /** A `Retry-After` longer than this (default 60 s) is not waited for: the error is thrown with `retryAfterSeconds`. */
  maxRetryAfterMs: number;
}

export interface TransportOptions {
  /** The gateway, e.g. `http://127.0.0.1:3000`. */
  apiUrl: string;
  apiKey?: string | undefined;
  /** The operator's token (`X-Admin-Token`), for `teams`. */
  adminToken?: string | undefined;
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
  retry?: Partial<RetryOptions> | false;
  /** Per attempt (default 30 s). */
  timeoutMs?: number;
  /** Sent with every request (e.g. a `User-Agent` in Node). */
  headers?: Record<string, string>;
}

export type Query = Record<string, string | number | boolean | string[] | undefined>;

export interface RequestSpec {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: string;
  query?: Query | undefined;
  body?: unknown;
  /** A write the API deduplicates by `Idempotency-Key`: one is made (unless given) and the write may be retried. */
  idempotent?: boolean;
  headers?: Record<string, string | undefined> | undefined;
  /** Which credential to send (default the API key). */
  auth?: "key" | "admin" | "none";
  signal?: AbortSignal | undefined;
}

export interface Answer<T> {
  data: T;
  status: number;
  headers: Headers;
}

const RETRY_DEFAULTS: RetryOptions = { retries: 3, minDelayMs: 250, maxDelayMs: 5_000, maxRetryAfterMs: 60_000 };
const RETRIED = new Set([429, 502, 503, 504]);

/** A random `Idempotency-Key` (works where `crypto.randomUUID` does not: plain-HTTP pages). */
export function newIdempotencyKey(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** `Retry-After` in ms: seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  // An HTTP date names its day and month in words; Date.parse would also take "1.5" or "-1".
  if (!/[a-z]{3}/i.test(value)) return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The wait before attempt `attempt + 1` (0-based): full jitter over an exponential ceiling. */
export function backoffMs(attempt: number, retry: RetryOptions, random = Math.random): number {
  // 2 ** attempt is Infinity from attempt 1024 on, and 0 · Infinity is NaN: double at most 52 times.
  return Math.round(random() * Math.min(retry.maxDelayMs, retry.minDelayMs * 2 ** Math.min(attempt, 52)));
}

/** Waits `ms`, or rejects with `signal`'s reason once it aborts (leaving no listener behind either way). */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", stop, { once: true });
  });
}

/**
 * A path parameter (a template ref, build, sandbox, team or key id), URL-encoded. An empty
 * one, `.` or `..` would make another path (`/templates/` is the list, and a rebuild of it a
 * create), which no encoding prevents, so it is refused before any request.
 */
export function pathSegment(value: string): string {
  if (value === "" || value === "." || value === "..") throw new TypeError(`${JSON.stringify(value)} is not an id or name the API can be asked about`);
  return encodeURIComponent(value);
}

function urlOf(base: string, path: string, query: Query | undefined): string {
  const url = new URL(path.replace(/^\//, ""), base.endsWith("/") ? base : `${base}/`);
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(name, String(v));
  }
  return url.toString();
}

async function bodyOf(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export type Transport = <T>(spec: RequestSpec) => Promise<Answer<T>>;

export function createTransport(options: TransportOptions): Transport {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const retry: RetryOptions = options.retry === false ? { ...RETRY_DEFAULTS, retries: 0 } : { ...RETRY_DEFAULTS, ...options.retry };
  const timeoutMs = options.timeoutMs ?? 30_000;
  // fetch's own errors may quote a header's value (one it cannot send): never the credentials.
  const secrets = [options.apiKey, options.adminToken].filter((s): s is string => !!s);
  const redact = (text: string) => secrets.reduce((t, secret) => t.split(secret).join("[redacted]"), text);

  return async function request<T>(spec: RequestSpec): Promise<Answer<T>> {
    const headers: Record<string, string> = { accept: "application/json", ...options.headers };
    const auth = spec.auth ?? "key";
    if (auth === "key" && options.apiKey) headers["x-api-key"] = options.apiKey;
    if (auth === "admin" && options.adminToken) headers["x-admin-token"] = options.adminToken;
    if (spec.body !== undefined) headers["content-type"] = "application/json";
    for (const [name, value] of Object.entries(spec.headers ?? {})) if (value !== undefined) headers[name.toLowerCase()] = value;
    if (spec.idempotent) headers["idempotency-key"] ??= newIdempotencyKey();
    const safe = spec.method === "GET" || headers["idempotency-key"] !== undefined;
    const url = urlOf(options.apiUrl, spec.path, spec.query);
    const payload = spec.body === undefined ? undefined : JSON.stringify(spec.body);

    for (let attempt = 0; ; attempt++) {
      const canRetry = safe && attempt < retry.retries;
      const signals = [AbortSignal.timeout(timeoutMs), ...(spec.signal ? [spec.signal] : [])];
      let response: Response;
      let body: unknown;
      try {
        response = await doFetch(url, { method: spec.method, headers, body: payload, signal: AbortSignal.any(signals) });
        // Inside the try: a connection that breaks (or times out) in the body is no answer either.
        body = await bodyOf(response);
      } catch (err) {
        if (spec.signal?.aborted) throw spec.signal.reason;
        if (canRetry) {
          await sleep(backoffMs(attempt, retry), spec.signal);
          continue;
        }
        // By name, not instanceof: fetch's DOMException may come from another realm (a vm context, a frame).
        const errName = (err as { name?: unknown } | null)?.name;
        const timedOut = errName === "TimeoutError" || errName === "AbortError";
        throw new CubicleConnectionError(timedOut ? `${spec.method} ${spec.path}: no answer within ${timeoutMs} ms` : `${spec.method} ${spec.path}: could not reach ${options.apiUrl} (${redact(String((err as Error)?.message ?? err))})`, { cause: err });
      }
      if (response.ok) return { data: body as T, status: response.status, headers: response.headers };

      const waitMs = retryAfterMs(response.headers.get("retry-after"));
      // A 429 without Retry-After (a quota: `quota_exceeded`) does not clear by waiting.
      const waitHelps = response.status !== 429 || waitMs !== undefined;
      if (canRetry && RETRIED.has(response.status) && waitHelps && (waitMs === undefined || waitMs <= retry.maxRetryAfterMs)) {
        await sleep(waitMs ?? backoffMs(attempt, retry), spec.signal);
        continue;
      }
      const ErrorClass = errorClassFor(response.status);
      const shaped = body && typeof body === "object" && typeof (body as ErrorBody).error_code === "string" ? (body as ErrorBody) : undefined;
      throw new ErrorClass(response.status, shaped, response.headers.get("x-request-id") ?? undefined, waitMs === undefined ? undefined : Math.ceil(waitMs / 1000)) as CubicleApiError;
    }
  };
}
