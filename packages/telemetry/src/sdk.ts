import { NodeSDK } from "@opentelemetry/sdk-node";
import { PgInstrumentation } from "@opentelemetry/instrumentation-pg";

/**
 * Starts the SDK: exporter, sampler, propagators and resource all come from `OTEL_*`
 * (W3C trace context by default). Returns a function that flushes and stops it.
 *
 * The one instrumentation is pg's: a span per statement, under the request's server span
 * (`requireParentSpan`: statements outside a sampled request make none). HTTP server and
 * client spans are made by `traceRequests` and `startClientSpan` (see http.ts for why).
 */
export function startSdk(): () => Promise<void> {
  const sdk = new NodeSDK({
    // Pool connects would double the span count and tell little.
    instrumentations: [new PgInstrumentation({ requireParentSpan: true, ignoreConnectSpans: true })],
  });
  sdk.start();
  let stopped: Promise<void> | undefined;
  return () => (stopped ??= sdk.shutdown().catch(() => undefined));
}
