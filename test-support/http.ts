import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";

/** Starts `server` on a free loopback port; returns its origin (`http://127.0.0.1:<port>`). */
export async function listenLocally(server: Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Closes a test server now, its open connections included. */
export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

/**
 * A TCP port nobody listens on, for a URL that must refuse connections or for a server a test
 * starts on a port it names (and restarts on the same one). It lies below the OS's ephemeral
 * range, so no process binding port 0 is ever handed it: a port from `listen(0)`, let go of,
 * would soon be given to another test's server. Services the tests start should bind port 0
 * and report their port instead (e2e/support.ts).
 */
export async function freePort(): Promise<number> {
  const high = Math.min(ephemeralStart(), 32_768) - 1;
  const low = Math.max(1_024, high - 12_000);
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low + 1));
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port found in ${low}-${high}`);
}

/** Where the OS's range for ports it picks itself begins (Linux: ip_local_port_range). */
function ephemeralStart(): number {
  try {
    const low = Number(readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0]);
    if (low > 1_024) return low;
  } catch {
    // not Linux
  }
  return 49_152; // the IANA range
}

function canListen(port: number): Promise<boolean> {
  const server = createServer();
  server.unref();
  return new Promise((resolve) => {
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

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
    patch: <T = any>(path: string, body?: unknown, headers?: Record<string, string>) => call<T>("PATCH", path, body, headers),
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
 * One request by node:http, which sends header names exactly as written (fetch lower-cases
 * them), sends a body under exactly the Content-Type given (or none: fetch names one for every
 * string body), and sends a GET with a body (fetch will not).
 */
export function rawRequest(
  baseUrl: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string; localAddress?: string },
): Promise<{ status: number; body: any; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const headers = { ...options.headers, ...(options.body !== undefined && { "content-length": String(Buffer.byteLength(options.body)) }) };
    const req = httpRequest(new URL(options.path, baseUrl), { method: options.method ?? "GET", headers, ...(options.localAddress && { localAddress: options.localAddress }) }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => {
        let body: unknown = text;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          // not JSON: keep the text
        }
        resolve({ status: res.statusCode ?? 0, body, headers: res.headers });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(options.body);
  });
}
