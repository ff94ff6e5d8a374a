// Every request line names who made the request: the team's id and the API key's id, in the
// gateway's line and in master's (for the call the gateway made on the request's behalf),
// never the key itself.
import { Writable } from "node:stream";
import { afterAll, beforeAll, expect, test } from "@jest/globals";
import { pino } from "pino";
import { loadConfig } from "../src/config.js";
import { startGateway, type GatewayHandle } from "../src/server.js";
import { API_KEY, MASTER_TOKEN, gatewayClient, startTestMaster, truncateTables, type TestMaster } from "./support.js";

type Line = Record<string, unknown> & { msg: string };

function memoryLogger(lines: Line[]) {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const text of chunk.toString().split("\n")) if (text) lines.push(JSON.parse(text) as Line);
      done();
    },
  });
  return pino({ level: "info" }, sink);
}

const masterLines: Line[] = [];
const gatewayLines: Line[] = [];
let master: TestMaster;
let gateway: GatewayHandle;

beforeAll(async () => {
  await truncateTables();
  master = await startTestMaster({ MASTER_TOKEN }, { logger: memoryLogger(masterLines) });
  gateway = await startGateway(loadConfig({ GATEWAY_PORT: "0", MASTER_URL: master.url, MASTER_TOKEN, API_KEYS: API_KEY }), { logger: memoryLogger(gatewayLines) });
});
afterAll(async () => {
  await gateway?.close();
  await master?.close();
});

test("the gateway's and master's request lines carry the caller's team id and key id, never the key", async () => {
  const r = await gatewayClient(gateway.url, { "x-api-key": API_KEY, "x-request-id": "lines-probe-1" }).get("/templates");
  expect(r.status).toBe(200);
  const keys = await gatewayClient(gateway.url, { "x-api-key": API_KEY }).get("/api-keys");
  const key = keys.body.find((k: { name: string }) => k.name === "API_KEYS");

  const gatewayLine = gatewayLines.find((l) => l.msg === "request completed" && l.reqId === "lines-probe-1");
  const masterLine = masterLines.find((l) => l.msg === "request completed" && l.reqId === "lines-probe-1");
  expect(gatewayLine).toMatchObject({ team: master.team, key: key.id });
  expect(masterLine).toMatchObject({ team: master.team, key: key.id });
  for (const line of [...gatewayLines, ...masterLines]) expect(JSON.stringify(line)).not.toContain(API_KEY);
});

test("a request without a valid key is logged without a team or key", async () => {
  await gatewayClient(gateway.url, { "x-api-key": "not-a-key-of-anyone-at-all", "x-request-id": "lines-probe-2" }).get("/templates");
  const line = gatewayLines.find((l) => l.msg === "request completed" && l.reqId === "lines-probe-2");
  expect(line).toBeDefined();
  expect(line).not.toHaveProperty("team");
  expect(line).not.toHaveProperty("key");
});

test("an upload's request lines (the gateway's and master's) mask its link's token: a log never hands on the credential", async () => {
  const api = gatewayClient(gateway.url, { "x-api-key": API_KEY });
  const requested = await api.post("/v3/templates", { name: "lines-upload" });
  expect(requested.status).toBe(202);
  const hash = "ef".repeat(32);
  const link = await api.get(`/templates/${requested.body.templateID}/files/${hash}`);
  const token = String(link.body.url).split("/uploads/")[1]!;
  expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  const put = await fetch(`${gateway.url}/uploads/${token}`, { method: "PUT", body: "not an archive", headers: { "x-request-id": "lines-probe-3" } });
  expect(put.status).toBe(400);

  const lines = [...gatewayLines, ...masterLines].filter((l) => l.reqId === "lines-probe-3" && l.msg === "request completed");
  expect(lines.length).toBe(2);
  for (const line of lines) expect((line.req as { url: string }).url).toBe("/uploads/{token}");
  for (const line of [...gatewayLines, ...masterLines]) expect(JSON.stringify(line)).not.toContain(token);
});
