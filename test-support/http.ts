import { request as httpRequest } from "node:http";

/** A small JSON client for tests: every call returns status, parsed body and headers. */
export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export function jsonClient(baseUrl: string, defaultHeaders: Record<string, string> = {}) {
  async function call<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Reply<T>> {
    const res = await fetch(baseUrl + path, {
      method,
      signal,
      headers: { ...defaultHeaders, ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }
  return {
    call,
    get: <T = any>(path: string, headers?: Record<string, string>) => call<T>("GET", path, undefined, headers),
    post: <T = any>(path: string, body?: unknown, headers?: Record<string, string>) => call<T>("POST", path, body, headers),
    delete: <T = any>(path: string, headers?: Record<string, string>) => call<T>("DELETE", path, undefined, headers),
  };
}

export type JsonClient = ReturnType<typeof jsonClient>;

/** Polls until `check` returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * One request with a body sent as given, under exactly the Content-Type given (or none), by
 * node:http: fetch names a type for every string body and will not send a GET with a body.
 */
export function sendRawBody(baseUrl: string, method: string, path: string, type: string | undefined, body: string, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const all: Record<string, string> = { ...headers, "content-length": String(Buffer.byteLength(body)) };
    if (type) all["content-type"] = type;
    const req = httpRequest(new URL(path, baseUrl), { method, headers: all }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => {
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          // not JSON: keep the text
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}
