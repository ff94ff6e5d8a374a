// Baseline: Node's own http server answering a lookup-sized JSON body (the machine's limit).
import { createServer } from "node:http";
import { baselineEnv, listenAndReport } from "./env.js";

const { body } = baselineEnv();

const server = createServer((_req, res) => {
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.end(JSON.stringify(body));
});
listenAndReport(server, "http");
