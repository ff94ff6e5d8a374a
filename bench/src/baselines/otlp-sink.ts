// A local OTLP/HTTP receiver for the tracing scenario: it accepts every export, keeps only
// counts, and answers them on GET /stats so the report can show that spans were exported.
import { createServer } from "node:http";
import { baselineEnv, listenAndReport } from "./env.js";

const stats = { exports: 0, bytes: 0 };

const server = createServer((req, res) => {
  if (req.method === "GET" && req.url === "/stats") {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(stats));
    return;
  }
  req.on("data", (chunk: Buffer) => (stats.bytes += chunk.length));
  req.on("end", () => {
    stats.exports++;
    // An empty ExportTraceServiceResponse, in either encoding.
    const json = (req.headers["content-type"] ?? "").includes("json");
    res.setHeader("content-type", json ? "application/json" : "application/x-protobuf");
    res.end(json ? "{}" : "");
  });
});
listenAndReport(server, "otlp-sink");
