import { shutdownTelemetry } from "@cubicle/telemetry";
import { exitOnSignals, loadConfigOrExit, reportListening } from "@cubicle/service-kit";
import { loadConfig } from "./config.js";
import { startMaster } from "./server.js";

const master = await startMaster(loadConfigOrExit("master", () => loadConfig()));
reportListening("master", master.url);
exitOnSignals(master.logger, () => master.close().then(shutdownTelemetry));
