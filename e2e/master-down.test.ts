// Master killed, hung, then back on the same port: the gateway answers 503
// upstream_unavailable without showing where master lives, stays alive (/healthz), reports
// not ready (/readyz), and recovers on its own once master is back.
import { createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import {
  eventually,
  startGatewayProcess,
  startMasterProcess,
  stopAllServices,
  truncateTables,
  type GatewayProcess,
  type MasterProcess,
} from "./support.js";
import type { Reply as Answer } from "../test-support/http.js";

const MASTER_TOKEN = "e2e-master-down-token-0123456789";
const NAME = `master-down-${Date.now().toString(36)}-${process.pid}`;

let master: MasterProcess | undefined;
let gateway: GatewayProcess;
let masterPort: number;
let templateID: string;
let hung: { server: Server; sockets: Set<Socket> } | undefined;

beforeAll(async () => {
  await truncateTables();
  master = await startMasterProcess({ MASTER_TOKEN });
  masterPort = master.port;
  // Long enough for a freshly started master's first answers on a busy machine (only the hung
  // master's test waits it out, once).
  gateway = await startGatewayProcess(master.url, { MASTER_TOKEN, MASTER_TIMEOUT_MS: "4000", MASTER_CONNECT_TIMEOUT_MS: "2000" });
});

afterAll(async () => {
  if (hung) await closeHung(hung);
  await stopAllServices();
});

/** A TCP server on master's port that accepts connections and never answers. */
async function startHung(port: number): Promise<{ server: Server; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => undefined);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return { server, sockets };
}

async function closeHung(h: { server: Server; sockets: Set<Socket> }): Promise<void> {
  for (const s of h.sockets) s.destroy();
  await new Promise<void>((resolve) => h.server.close(() => resolve()));
}

let requestNo = 0;
/** GET through the gateway with a request id of our own, so the whole body can be checked for leaks. */
async function get(path: string): Promise<Answer & { requestId: string }> {
  const requestId = `e2e-master-down-${++requestNo}`;
  const reply = await gateway.api.get(path, { "x-request-id": requestId });
  return { ...reply, requestId };
}

const lookupPath = () => `/templates/lookup?name=${encodeURIComponent(NAME)}`;

/** The gateway's 503 for an unreachable master: the error shape, and nothing about where master is. */
function expectUnavailable(reply: Answer & { requestId: string }): void {
  expect({ status: reply.status, body: reply.body }).toEqual({
    status: 503,
    body: { code: 503, error_code: "upstream_unavailable", message: expect.any(String), requestId: reply.requestId },
  });
  const text = JSON.stringify(reply.body);
  expect(text).not.toContain("127.0.0.1");
  expect(text).not.toContain("localhost");
  expect(text).not.toContain(String(masterPort));
  expect(text).not.toContain("ECONNREFUSED");
  expect(text).not.toContain("ECONNRESET");
  expect(text).not.toContain("UND_ERR");
  for (const [header, value] of reply.headers) {
    expect(`${header}: ${value}`).not.toContain(String(masterPort));
  }
}

describe("the gateway while master is down", () => {
  test("with master up, a template is created and found by name", async () => {
    const created = await gateway.api.post("/templates", { name: NAME, image: "alpine:3.20" });
    expect({ status: created.status, body: created.body }).toMatchObject({ status: 202, body: { templateID: expect.any(String), names: [NAME] } });
    templateID = created.body.templateID;
    const found = await get(lookupPath());
    expect({ status: found.status, body: found.body }).toMatchObject({ status: 200, body: { templateID, names: [NAME] } });
  });

  test("master killed: lookups answer 503 upstream_unavailable, /readyz 503, /healthz 200", async () => {
    expect(await master!.stop("SIGKILL")).toEqual({ code: null, signal: "SIGKILL" });
    master = undefined;

    const lookup = await get(lookupPath());
    expectUnavailable(lookup);
    expect(lookup.body.message).toMatch(/connection (refused|lost)/);
    // A second call, once the pool has surely seen every old connection closed.
    expectUnavailable(await get(lookupPath()));
    // The same for a read by id.
    expectUnavailable(await get(`/templates/${templateID}`));

    const ready = await get("/readyz");
    expectUnavailable(ready);
    const health = await get("/healthz");
    expect({ status: health.status, body: health.body }).toEqual({ status: 200, body: { status: "ok" } });
  });

  test("a create while master is down is 503 upstream_unavailable too", async () => {
    const created = await gateway.api.post("/templates", { name: `${NAME}-b`, image: "alpine:3.20" }, { "x-request-id": "e2e-master-down-create" });
    expectUnavailable({ ...created, requestId: "e2e-master-down-create" });
  });

  test("master hung (accepts, never answers): lookups answer 503 upstream_unavailable after the timeout", async () => {
    hung = await startHung(masterPort);
    // Side by side: the test waits out the timeout once.
    const [lookup, ready] = await Promise.all([get(lookupPath()), get("/readyz")]);
    expectUnavailable(lookup);
    expect(lookup.body.message).toContain("timeout");
    expect(hung.sockets.size).toBeGreaterThan(0); // the gateway did reach the hung server
    expectUnavailable(ready);
    expect((await get("/healthz")).status).toBe(200);
    await closeHung(hung);
    hung = undefined;
  });

  test("master started again on the same port: the gateway recovers on its own", async () => {
    master = await startMasterProcess({ MASTER_TOKEN, MASTER_PORT: String(masterPort) });
    expect(master.port).toBe(masterPort);

    const found = await eventually(
      async () => {
        const r = await get(lookupPath());
        return r.status === 200 ? r : undefined;
      },
      10_000,
      "the gateway's lookup to answer 200 again",
    );
    expect(found.body).toMatchObject({ templateID, names: [NAME] });
    await eventually(async () => ((await get("/readyz")).status === 200 ? true : undefined), 10_000, "the gateway's /readyz to answer 200 again");
    expect((await get("/healthz")).status).toBe(200);
  });
});
