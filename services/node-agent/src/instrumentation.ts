// Loaded with `node --import` before the app, so that tracing can patch the modules the app
// imports. A no-op unless OTEL_TRACES_EXPORTER asks for traces.
import { startTelemetry } from "@cubicle/telemetry";

await startTelemetry({ serviceName: "cubicle-node-agent" });
