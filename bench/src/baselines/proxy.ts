// Baseline: the gateway's shape without Cubicle's code. An express app (the services'
// settings) that answers each request by calling an upstream express baseline over an undici
// pool set up as the master client's is, parsing its JSON and answering it.
import { Pool } from "undici";
import { createServer } from "node:http";
import { createBaseApp } from "@cubicle/service-kit";
import { baselineEnv, listenAndReport } from "./env.js";

const { upstream } = baselineEnv();
if (!upstream) throw new Error("BENCH_UPSTREAM must name the upstream origin");

// The master client's pool settings (packages/master-client/src/client.ts).
const pool = new Pool(upstream, {
  connections: 64,
  connect: { timeout: 1_000 },
  headersTimeout: 5_000,
  bodyTimeout: 5_000,
  keepAliveTimeout: 30_000,
});
const headers = { accept: "application/json", authorization: "Bearer bench-proxy-token" };

const app = createBaseApp();
app.get("/templates/lookup", async (req, res) => {
  const name = typeof req.query.name === "string" ? req.query.name : "";
  const answer = await pool.request({ method: "GET", path: `/lookup?name=${encodeURIComponent(name)}`, headers });
  res.status(answer.statusCode).json(JSON.parse(await answer.body.text()));
});
listenAndReport(createServer(app), "proxy");
