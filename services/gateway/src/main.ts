import { ConfigError } from "@cubicle/contracts";
import { shutdownTelemetry } from "@cubicle/telemetry";
import { loadConfig } from "./config.js";
import { startGateway } from "./server.js";

let config;
try {
  config = loadConfig();
} catch (err) {
  console.error(`gateway: ${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
}

const gateway = await startGateway(config);
if (gateway.generatedApiKey) {
  // Printed once, to the terminal only: there is no default key, and the key is not logged.
  process.stderr.write(
    `\nAPI_KEYS is not set, so the gateway made an API key for this run:\n\n  X-API-Key: ${gateway.generatedApiKey}\n\n` +
      `It changes on every start; set API_KEYS=<key>[,<key>…] to choose your own.\n\n`,
  );
}

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    gateway.logger.info({ signal }, "shutting down");
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    gateway.close().then(shutdownTelemetry).then(
      () => {
        clearTimeout(force);
        process.exit(0);
      },
      (err) => {
        gateway.logger.error({ err }, "shutdown failed");
        process.exit(1);
      },
    );
  });
}
