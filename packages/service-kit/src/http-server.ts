import { randomUUID } from "node:crypto";
import { STATUS_CODES, type Server } from "node:http";
import type { Duplex } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { CubicleError } from "@cubicle/contracts";

/**
 * Answers requests Node's HTTP parser refuses before any route sees them (headers or URL
 * over Node's 16 KiB, malformed HTTP, a request too slow to arrive) in the same error shape
 * as every other error, instead of Node's bare status line. The connection is closed after.
 */
export function answerMalformedRequests(server: Server): void {
  server.on("clientError", (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === "ECONNRESET" || !socket.writable) return void socket.destroy();
    const error =
      err.code === "HPE_HEADER_OVERFLOW"
        ? new CubicleError("headers_too_large", "the request's headers (the URL included) are too large")
        : err.code === "ERR_HTTP_REQUEST_TIMEOUT"
          ? new CubicleError("request_timeout", "the request did not arrive in time")
          : new CubicleError("invalid_request", "the request is not valid HTTP");
    const body = JSON.stringify(error.toBody(randomUUID()));
    const head = [`HTTP/1.1 ${error.status} ${STATUS_CODES[error.status]}`, "Content-Type: application/json; charset=utf-8", `Content-Length: ${Buffer.byteLength(body)}`, "Connection: close"];
    socket.end(`${head.join("\r\n")}\r\n\r\n${body}`);
  });
}

/**
 * A graceful stop for an HTTP server: it takes no new connections, lets the requests in
 * flight finish (for up to `graceMs`), then closes every connection left.
 *
 * Node's `server.close()` alone waits for connections it believes busy, and after a caller
 * abandons a request part-way (a timeout upstream), Node 20 can count a later idle
 * keep-alive connection as busy for good, so the stop never ends. Whether requests are in
 * flight is decided here, by counting them.
 */
export function gracefulStop(server: Server): (graceMs?: number) => Promise<void> {
  let inFlight = 0;
  let drained: (() => void) | undefined;
  server.on("request", (_req, res) => {
    inFlight++;
    res.once("close", () => {
      if (--inFlight === 0) drained?.();
    });
  });
  let stopping: Promise<void> | undefined;
  return (graceMs = 10_000) => {
    stopping ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        const grace = new AbortController();
        await Promise.race([new Promise<void>((resolve) => (drained = resolve)), sleep(graceMs, undefined, { signal: grace.signal }).catch(() => undefined)]);
        grace.abort();
      }
      server.closeAllConnections();
      await closed;
    })();
    return stopping;
  };
}
