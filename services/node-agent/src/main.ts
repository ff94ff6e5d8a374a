import { shutdownTelemetry } from "@cubicle/telemetry";
import { exitOnSignals, loadConfigOrExit, reportListening } from "@cubicle/service-kit";
import { loadConfig } from "./config.js";
import { startNodeAgent } from "./server.js";

const config = loadConfigOrExit("node-agent", () => loadConfig());
const agent = await startNodeAgent(config, { drainDelayMs: config.AGENT_DRAIN_MS });
reportListening("node-agent", agent.url);
exitOnSignals(agent.logger, () => agent.close().then(shutdownTelemetry));
