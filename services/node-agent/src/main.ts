import { shutdownTelemetry } from "@cubicle/telemetry";
import { exitOnSignals, loadConfigOrExit } from "@cubicle/service-kit";
import { loadConfig } from "./config.js";
import { startNodeAgent } from "./server.js";

const config = loadConfigOrExit("node-agent", () => loadConfig());
const agent = await startNodeAgent(config, { drainDelayMs: config.AGENT_DRAIN_MS });
exitOnSignals(agent.logger, () => agent.close().then(shutdownTelemetry));
