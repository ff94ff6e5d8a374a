import { ConfigError } from "@cubicle/contracts";
import { shutdownTelemetry } from "@cubicle/telemetry";
import { loadConfig } from "./config.js";
import { startMaster } from "./server.js";

let config;
try {
  config = loadConfig();
} catch (err) {
  console.error(`master: ${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
}

const master = await startMaster(config);

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    master.logger.info({ signal }, "shutting down");
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    master.close().then(shutdownTelemetry).then(
      () => {
        clearTimeout(force);
        process.exit(0);
      },
      (err) => {
        master.logger.error({ err }, "shutdown failed");
        process.exit(1);
      },
    );
  });
}
