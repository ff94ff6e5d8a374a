import type { IncomingMessage } from "node:http";
import { NodeSDK } from "@opentelemetry/sdk-node";
import { HttpInstrumentation } from "@opentelemetry/instrumentation-http";
import { ExpressInstrumentation, ExpressLayerType } from "@opentelemetry/instrumentation-express";
import { UndiciInstrumentation } from "@opentelemetry/instrumentation-undici";
import { PgInstrumentation } from "@opentelemetry/instrumentation-pg";
import { PinoInstrumentation } from "@opentelemetry/instrumentation-pino";

/** Probes and scrapes are not worth a trace. */
const UNTRACED = new Set(["/healthz", "/readyz", "/metrics"]);

/**
 * Starts the SDK: exporter, sampler, propagators and resource all come from `OTEL_*`
 * (W3C trace context by default). Returns a function that flushes and stops it.
 */
export function startSdk(): () => Promise<void> {
  const sdk = new NodeSDK({
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req: IncomingMessage) => UNTRACED.has((req.url ?? "").split("?")[0] ?? ""),
      }),
      // One span per route handler (it names the route); middleware and routers would add
      // half a dozen spans to every request and tell nothing.
      new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE, ExpressLayerType.ROUTER] }),
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
