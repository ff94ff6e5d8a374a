import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { createServer, type Server } from "node:http";
import { pino } from "pino";
import { createBaseApp, jsonBody } from "./app.js";
import { errorHandler, unmatchedRoute } from "./errors.js";
import { requestContext } from "./request-context.js";
import { listenLocally, rawRequest } from "../../../test-support/http.js";

// What every service does with a request body and with a request no route takes, through a
// real express app with the services' settings.

let server: Server;
let base: string;

beforeAll(async () => {
  const app = createBaseApp();
  app.use(requestContext(pino({ level: "silent" })));
  app.use(jsonBody());
  app.post("/things/:id", (req, res) => {
    res.json({ body: req.body ?? null });
  });
  app.get("/things/:id", (_req, res) => {
    res.json({ ok: true });
  });
  app.use(unmatchedRoute(app));
  app.use(errorHandler());
  server = createServer(app);
  base = await listenLocally(server);
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const post = (headers: Record<string, string>, body?: string) => fetch(`${base}/things/1`, { method: "POST", headers, ...(body !== undefined && { body }) });

describe("request bodies", () => {
  test.each(["application/json", "application/json; charset=utf-8", "APPLICATION/JSON", "application/merge-patch+json"])("a JSON body sent as %s is parsed", async (type) => {
    const res = await post({ "content-type": type }, JSON.stringify({ a: 1 }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ body: { a: 1 } });
  });

  test.each(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "application/jsonx"])(
    "a body sent as %s → 415 unsupported_media_type (never read as 'no body')",
    async (type) => {
      const res = await post({ "content-type": type }, JSON.stringify({ a: 1 }));
      expect(res.status).toBe(415);
      const body = (await res.json()) as { message: string };
      expect(body).toMatchObject({ code: 415, error_code: "unsupported_media_type" });
      expect(body.message).toMatch(/^request body must be JSON: send it with Content-Type: application\/json/);
    },
  );

  test("a body with no Content-Type at all → 415", async () => {
    expect((await rawRequest(base, { method: "POST", path: "/things/1", body: '{"a":1}' })).status).toBe(415);
  });

  test("a request without a body, or with an empty one, needs no Content-Type", async () => {
    expect((await post({})).status).toBe(200);
    expect((await post({ "content-type": "text/plain", "content-length": "0" }, "")).status).toBe(200);
  });

  test("a GET that carries a text body → 415 too", async () => {
    expect((await rawRequest(base, { method: "GET", path: "/things/1", headers: { "content-type": "text/plain" }, body: "hi" })).status).toBe(415);
  });

  test("the echoed Content-Type is capped", async () => {
    const res = await post({ "content-type": `text/${"x".repeat(300)}` }, "{}");
    const body = (await res.json()) as { message: string };
    expect(res.status).toBe(415);
    expect(body.message.length).toBeLessThan(200);
  });
});

describe("requests no route takes", () => {
  test("a path served for other methods → 405 method_not_allowed with Allow", async () => {
    const res = await fetch(`${base}/things/7`, { method: "DELETE" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD, POST");
    expect(await res.json()).toMatchObject({ code: 405, error_code: "method_not_allowed", details: { allowed: ["GET", "HEAD", "POST"] } });
  });

  test("an unknown path → 404 not_found", async () => {
    const res = await fetch(`${base}/other`, { method: "DELETE" });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 404, error_code: "not_found", message: "no such endpoint: DELETE /other" });
  });

  test("a path that is not valid percent-encoding → 400, not 405 or 500", async () => {
    const res = await fetch(`${base}/things/%ZZ`, { method: "DELETE" });
    expect(res.status).toBe(400);
  });
});
