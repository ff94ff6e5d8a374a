// Baseline: Node's own http server answering a lookup-sized JSON body (the machine's limit).
import { createServer } from "node:http";
import { HOST, baselineEnv } from "./env.js";

const { port, body } = baselineEnv();

createServer((_req, res) => {
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.end(JSON.stringify(body));
}).listen(port, HOST);
