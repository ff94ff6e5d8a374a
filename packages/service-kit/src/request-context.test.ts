import { createServer, request as httpRequest, type Server } from "node:http";
import { Writable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "@jest/globals";
import { pino } from "pino";
import { CubicleError } from "@cubicle/contracts";
import { createBaseApp, jsonBody } from "./app.js";
import { errorHandler, unmatchedRoute } from "./errors.js";
import { requestContext } from "./request-context.js";
import { listenLocally } from "../../../test-support/http.js";

// The request line every service writes, and the request id behind it, through a real
// express app with the services' settings and a logger writing to memory.

type Line = Record<string, unknown> & { msg: string; level: number; reqId?: string };

let lines: Line[] = [];
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    for (const text of chunk.toString().split("\n")) if (text) lines.push(JSON.parse(text) as Line);
    done();
  },
});
const logger = pino({ level: "info" }, sink);

let server: Server;
let base: string;

beforeAll(async () => {
  const app = createBaseApp();
  app.use(requestContext(logger));
  app.use(jsonBody());
  app.get("/ok", (req, res) => {
    req.log.info({ step: "inside" }, "handler ran");
    res.json({ id: req.id });
  });
  app.post("/echo", (req, res) => {
    res.json({ body: req.body ?? null });
  });
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/bad", () => {
    throw new CubicleError("invalid_request", "no");
  });
  app.get("/boom", () => {
    throw new Error("kaput");
  });
  app.get("/slow", async (_req, res) => {
    await sleep(300);
    if (!res.writableEnded) res.json({});
  });
  app.use(unmatchedRoute(app));
  app.use(errorHandler());
  server = createServer(app);
  base = await listenLocally(server);
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  lines = [];
});

/** The request line of the request with id `id`, once written. */
async function requestLine(id: string): Promise<Line> {
  for (let i = 0; i < 100; i++) {
    const line = lines.find((l) => l.reqId === id && l.req !== undefined);
    if (line) return line;
    await sleep(10);
  }
  throw new Error(`no request line for ${id}; lines: ${JSON.stringify(lines)}`);
}

describe("request ids", () => {
  test("a request without x-request-id gets a new UUID, returned in the header", async () => {
    const res = await fetch(`${base}/ok`);
    const id = res.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(await res.json()).toEqual({ id });
  });

  test("a sane x-request-id is kept, an unsafe one is replaced", async () => {
    const kept = await fetch(`${base}/ok`, { headers: { "x-request-id": "caller-42.a:b" } });
    expect(kept.headers.get("x-request-id")).toBe("caller-42.a:b");
    const replaced = await fetch(`${base}/ok`, { headers: { "x-request-id": "bad id with spaces" } });
    expect(replaced.headers.get("x-request-id")).not.toBe("bad id with spaces");
  });

  test("req.log binds the request id to what a handler logs", async () => {
    await fetch(`${base}/ok`, { headers: { "x-request-id": "with-handler-log" } });
    await requestLine("with-handler-log");
    expect(lines.find((l) => l.msg === "handler ran")).toMatchObject({ reqId: "with-handler-log", step: "inside" });
  });
});

describe("the request line", () => {
  test("a success is one info line with method, url, status and time, and no headers", async () => {
    await fetch(`${base}/ok?x=1`, { headers: { "x-request-id": "ok-line", authorization: "Bearer secret-token", "x-api-key": "secret-key" } });
    const line = await requestLine("ok-line");
    expect(line).toMatchObject({
      level: 30,
      msg: "request completed",
      reqId: "ok-line",
      req: { id: "ok-line", method: "GET", url: "/ok?x=1" },
      res: { statusCode: 200 },
    });
    expect(line.responseTime).toEqual(expect.any(Number));
    expect(JSON.stringify(lines)).not.toMatch(/secret-token|secret-key/);
  });

  test("a 4xx is logged at warn, a 5xx at error (with the failure logged beside it)", async () => {
    await fetch(`${base}/bad`, { headers: { "x-request-id": "bad-line" } });
    await fetch(`${base}/nowhere`, { headers: { "x-request-id": "missing-line" } });
    await fetch(`${base}/boom`, { headers: { "x-request-id": "boom-line" } });
    expect(await requestLine("bad-line")).toMatchObject({ level: 40, res: { statusCode: 400 } });
    expect(await requestLine("missing-line")).toMatchObject({ level: 40, res: { statusCode: 404 } });
    expect(await requestLine("boom-line")).toMatchObject({ level: 50, res: { statusCode: 500 } });
    expect(lines.find((l) => l.msg === "unhandled error")).toMatchObject({ reqId: "boom-line", err: { message: "kaput" } });
  });

  test("probes are not logged", async () => {
    await fetch(`${base}/healthz`, { headers: { "x-request-id": "probe" } });
    await fetch(`${base}/ok`, { headers: { "x-request-id": "after-probe" } });
    await requestLine("after-probe");
    expect(lines.filter((l) => l.reqId === "probe")).toEqual([]);
  });

  test("a caller that leaves before the answer is logged as aborted", async () => {
    const req = httpRequest(`${base}/slow`, { headers: { "x-request-id": "gone" } });
    req.on("error", () => {});
    req.end();
    await sleep(50);
    req.destroy();
    expect(await requestLine("gone")).toMatchObject({ level: 40, msg: "request aborted", req: { url: "/slow" } });
  });
});

describe("JSON bodies", () => {
  test("are parsed when sent and absent when not", async () => {
    const sent = await fetch(`${base}/echo`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ a: 1 }) });
    expect(await sent.json()).toEqual({ body: { a: 1 } });
    const none = await fetch(`${base}/echo`, { method: "POST" });
    expect(await none.json()).toEqual({ body: null });
  });

  test("a malformed body is a 400, not a 500", async () => {
    const res = await fetch(`${base}/echo`, { method: "POST", headers: { "content-type": "application/json" }, body: "{nope" });
    expect(res.status).toBe(400);
  });
});
