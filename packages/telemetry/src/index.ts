import { register } from "node:module";
import { setTracingActive } from "./state.js";

export { traceRequests, startClientSpan } from "./http.js";
export { redactedPath } from "./redact.js";

/**
 * OpenTelemetry for a Cubicle service, configured by the standard `OTEL_*` variables.
 *
 * Load it before the app, from a file passed to `node --import` (see each service's
 * `src/instrumentation.ts`): ES modules can only be patched by the loader hook registered
 * here, before the app's own imports run.
 *
 * Tracing is off unless `OTEL_TRACES_EXPORTER` names an exporter (`otlp`, `console`):
 * then nothing is loaded or patched and the service pays nothing for it, but a caller's
 * `traceparent` is still passed on and logged (see http.ts).
 * `OTEL_SDK_DISABLED=true` turns it off whatever else is set.
 */
export interface TelemetryOptions {
  serviceName: string;
  env?: NodeJS.ProcessEnv;
}

export interface Telemetry {
  enabled: boolean;
  /** Flushes spans still buffered and stops the SDK. */
  shutdown(): Promise<void>;
}

const OFF: Telemetry = { enabled: false, shutdown: async () => {} };
let current: Telemetry = OFF;

/** Whether the environment asks for traces to be exported. */
export function tracingRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  if ((env.OTEL_SDK_DISABLED ?? "").toLowerCase() === "true") return false;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? "").split(",").map((s) => s.trim().toLowerCase());
  return exporters.some((e) => e !== "" && e !== "none");
}

export async function startTelemetry(options: TelemetryOptions): Promise<Telemetry> {
  const env = options.env ?? process.env;
  if (!tracingRequested(env)) return OFF;

  // Traces only: metrics are served by the services' own /metrics, logs go to stdout.
  env.OTEL_METRICS_EXPORTER ??= "none";
  env.OTEL_LOGS_EXPORTER ??= "none";
  env.OTEL_SERVICE_NAME ??= options.serviceName;

  register("@opentelemetry/instrumentation/hook.mjs", import.meta.url);
  // Loaded only now, after the hook: the SDK and instrumentations are heavy and unused when off.
  const { startSdk } = await import("./sdk.js");
  current = { enabled: true, shutdown: startSdk() };
  setTracingActive(true);
  return current;
}

/** Flushes and stops whatever `startTelemetry` started in this process (a no-op when off). */
export function shutdownTelemetry(): Promise<void> {
  return current.shutdown();
}
