// Baseline: express with the services' own version and settings (createBaseApp), one route
// answering a lookup-sized JSON body: the framework's floor, before any of Cubicle's code.
import { createServer } from "node:http";
import { createBaseApp } from "@cubicle/service-kit";
import { baselineEnv, listenAndReport } from "./env.js";

const { body } = baselineEnv();

const app = createBaseApp();
app.get("/lookup", (_req, res) => {
  res.json(body);
});
listenAndReport(createServer(app), "express");
