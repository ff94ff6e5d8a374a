import type { ClientRequest, IncomingMessage } from "node:http";
import type { Span } from "@opentelemetry/api";
import { NodeSDK } from "@opentelemetry/sdk-node";
import { HttpInstrumentation } from "@opentelemetry/instrumentation-http";
import { UndiciInstrumentation } from "@opentelemetry/instrumentation-undici";
import { PgInstrumentation } from "@opentelemetry/instrumentation-pg";
import { PinoInstrumentation } from "@opentelemetry/instrumentation-pino";

/** Probes and scrapes are not worth a trace. */
const UNTRACED = new Set(["/healthz", "/readyz", "/metrics"]);
const pathOf = (url: string) => {
  const q = url.indexOf("?");
  return q < 0 ? url : url.slice(0, q);
};

/**
 * Names a server span after the express route that answered (`GET /templates/:ref`) and
 * records it as `http.route`, once the response is done. Express's own instrumentation did
 * this by wrapping every middleware and route layer of every request, sampled or not, at a
 * cost of several microseconds per request (see the README's "Benchmarks").
 */
function nameAfterRoute(span: Span, request: ClientRequest | IncomingMessage): void {
  if (!span.isRecording()) return;
  const route = (request as IncomingMessage & { route?: { path?: unknown } }).route?.path;
  if (typeof route !== "string") return;
  span.setAttribute("http.route", route);
  span.updateName(`${(request as IncomingMessage).method ?? "GET"} ${route}`);
}

/**
 * Starts the SDK: exporter, sampler, propagators and resource all come from `OTEL_*`
 * (W3C trace context by default). Returns a function that flushes and stops it.
 */
export function startSdk(): () => Promise<void> {
  const sdk = new NodeSDK({
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req: IncomingMessage) => UNTRACED.has(pathOf(req.url ?? "")),
        applyCustomAttributesOnSpan: nameAfterRoute,
      }),
      new UndiciInstrumentation(),
      // A span per statement; pool connects would double the count and tell little.
      new PgInstrumentation({ requireParentSpan: true, ignoreConnectSpans: true }),
      new PinoInstrumentation({ disableLogSending: true }),
    ],
  });
  sdk.start();
  let stopped: Promise<void> | undefined;
  return () => (stopped ??= sdk.shutdown().catch(() => undefined));
}
