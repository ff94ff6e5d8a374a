import { shutdownTelemetry } from "@cubicle/telemetry";
import { exitOnSignals, loadConfigOrExit } from "@cubicle/service-kit";
import { loadConfig } from "./config.js";
import { startMaster } from "./server.js";

const master = await startMaster(loadConfigOrExit("master", () => loadConfig()));
exitOnSignals(master.logger, () => master.close().then(shutdownTelemetry));
