import { shutdownTelemetry } from "@cubicle/telemetry";
import { exitOnSignals, loadConfigOrExit, reportListening } from "@cubicle/service-kit";
import { loadConfig } from "./config.js";
import { startGateway } from "./server.js";

const gateway = await startGateway(loadConfigOrExit("gateway", () => loadConfig()));
if (gateway.generatedApiKey) {
  // Printed once, to the terminal only: there is no default key, and the key is not logged.
  process.stderr.write(
    `\nAPI_KEYS is not set, so the gateway made an API key of the default team:\n\n  X-API-Key: ${gateway.generatedApiKey}\n\n` +
      `Each start makes a new one; earlier ones work until revoked (GET /api-keys lists them, DELETE /api-keys/{id} revokes one).\n` +
      `Set API_KEYS=<key>[,<key>…] to choose your own.\n\n` +
      `Web console: ${gateway.url}/console/ (sign in with the key)   API reference: ${gateway.url}/docs/\n\n`,
  );
}
reportListening("gateway", gateway.url);
exitOnSignals(gateway.logger, () => gateway.close().then(shutdownTelemetry));
