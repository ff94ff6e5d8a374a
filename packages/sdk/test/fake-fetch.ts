// A stand-in for `fetch` that the SDK is given (`options.fetch`): it records every request
// (URL, method, headers, body) and plays a script of answers, so the unit tests can check
// what the SDK sends and how it reacts to each answer without a server.
import { Cubicle, type CubicleOptions } from "../src/index.js";

export interface SentRequest {
  url: URL;
  method: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: unknown;
  signal: AbortSignal | undefined;
}

/** One answer: a Response, an error to throw (no answer), or a function of the request. */
export type Step = Response | Error | ((request: SentRequest) => Response | Promise<Response>);

/** A JSON answer. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

/** The API's error shape, as the gateway answers it. */
export function apiError(status: number, errorCode: string, message = `refused: ${errorCode}`, headers: Record<string, string> = {}, requestId = `req-${errorCode}`): Response {
  return json(status, { code: status, message, error_code: errorCode, requestId }, { "x-request-id": requestId, ...headers });
}

/** 204, no body. */
export const noContent = (): Response => new Response(null, { status: 204 });

/** A fetch that never answers by itself: it fails when its signal aborts, as the real one does. */
export function hang(request: SentRequest): Promise<Response> {
  return new Promise((_resolve, reject) => {
    const signal = request.signal;
    if (signal?.aborted) return reject(signal.reason);
    signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}

export interface FakeFetch {
  fetch: typeof fetch;
  /** Every request made so far. */
  requests: SentRequest[];
}

/**
 * A fetch answering each request with the next step of `script` (the last step repeats once
 * the script is used up, so "always 503" is `[apiError(503, …)]`; Responses are cloned).
 */
export function fakeFetch(script: Step[]): FakeFetch {
  const requests: SentRequest[] = [];
  const fetchFn = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => (headers[name] = value));
    const text = typeof init.body === "string" ? init.body : undefined;
    const request: SentRequest = { url: new URL(String(input)), method: init.method ?? "GET", headers, body: text === undefined ? undefined : JSON.parse(text), signal: init.signal ?? undefined };
    requests.push(request);
    if (init.signal?.aborted) throw init.signal.reason;
    const step = script[Math.min(requests.length - 1, script.length - 1)];
    if (step === undefined) throw new Error("fakeFetch: empty script");
    if (step instanceof Error) throw step;
    if (typeof step === "function") return step(request);
    return step.clone();
  };
  return { fetch: fetchFn as typeof fetch, requests };
}

export const API_URL = "http://cubicle.test:3000";
export const API_KEY = "cubicle_0123456789abcdef0123456789abcdef01234567";
export const ADMIN_TOKEN = "admin-token-0123456789abcdef0123456789";

/** Retries quick enough for tests: 1-2 ms backoffs. */
export const FAST_RETRY = { minDelayMs: 1, maxDelayMs: 2 } as const;

/** A client on a fake fetch playing `script`, with fast retries unless `options` says otherwise. */
export function clientOn(script: Step[], options: Omit<CubicleOptions, "fetch"> = {}): FakeFetch & { client: Cubicle } {
  const fake = fakeFetch(script);
  const client = new Cubicle({ apiUrl: API_URL, apiKey: API_KEY, adminToken: ADMIN_TOKEN, retry: FAST_RETRY, ...options, fetch: fake.fetch });
  return { ...fake, client };
}

/** What `promise` rejected with (fails when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection, but the promise resolved");
}
