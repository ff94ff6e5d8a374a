// Baseline: express with the services' own version and settings (createBaseApp), one route
// answering a lookup-sized JSON body: the framework's floor, before any of Cubicle's code.
import { createBaseApp } from "@cubicle/service-kit";
import { HOST, baselineEnv } from "./env.js";

const { port, body } = baselineEnv();

const app = createBaseApp();
app.get("/lookup", (_req, res) => {
  res.json(body);
});
app.listen(port, HOST);
