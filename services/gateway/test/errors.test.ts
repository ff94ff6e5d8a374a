import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import type { IncomingMessage, ServerResponse } from "node:http";
import { freePort } from "../../../test-support/http.js";
import {
  API_KEY,
  MASTER_TOKEN,
  UUID,
  expectGatewayError,
  rawRequest,
  startStubServer,
  startTestGateway,
  useTestGateway,
  withGateway,
  type GatewayClient,
  type Reply,
  type StubServer,
  type TestGateway,
} from "./support.js";

const ctx = useTestGateway();

const SOME_ID = `tpl-${"a".repeat(24)}`;
const SOME_UUID = "00000000-0000-4000-8000-0000000000aa";
const SOME_BUILD = "00000000-0000-4000-8000-000000000000";

/** One call of each kind the gateway passes on to master (each a valid request). */
const MASTER_CALLS: [string, string, unknown?][] = [
  ["GET", "/templates"],
  ["POST", "/templates", { name: "upstream-probe", image: "alpine" }],
  ["GET", "/templates/lookup?name=upstream-probe"],
  ["GET", "/templates/aliases/upstream-probe"],
  ["GET", "/templates/upstream-probe"],
  ["GET", `/templates/${SOME_ID}`],
  ["PATCH", `/templates/${SOME_ID}`, { name: "upstream-renamed" }],
  ["DELETE", "/templates/upstream-probe"],
  ["POST", `/templates/${SOME_ID}`, {}],
  ["POST", `/templates/${SOME_ID}/builds/${SOME_BUILD}`],
  ["GET", `/templates/${SOME_ID}/builds/${SOME_BUILD}/status`],
];

const send = (client: GatewayClient, [method, path, body]: [string, string, unknown?]) => client.call(method, path, body);

describe("API keys", () => {
  test.each([
    ["GET", "/templates"],
    ["POST", "/templates"],
    ["GET", "/templates/some-name"],
    ["PATCH", "/templates/some-name"],
    ["DELETE", "/templates/some-name"],
    ["GET", "/templates/lookup"],
    ["GET", "/names/validate?name=x"],
    ["GET", "/no-such-endpoint"],
  ])("no X-API-Key: %s %s → 401 unauthorized, before validation and routing", async (method, path) => {
    const r = await ctx.anon.call(method, path, method === "POST" || method === "PATCH" ? { bogus: true } : undefined);
    expectGatewayError(r, 401, "unauthorized");
    expect(r.body.message).toMatch(/X-API-Key/);
  });

  test("an empty key → 401", async () => {
    expectGatewayError(await ctx.anon.get("/templates", { "x-api-key": "" }), 401, "unauthorized");
  });

  test("a wrong key, or the right key in another letter case → 401 'not valid'", async () => {
    for (const key of ["wrong-key-0123456789abcdef", API_KEY.toUpperCase(), `${API_KEY}x`]) {
      const r = await ctx.gateway.as(key).get("/templates");
      expectGatewayError(r, 401, "unauthorized");
      expect(r.body.message).toBe("the API key is not valid");
      expect(JSON.stringify(r.body)).not.toContain(key);
    }
  });

  test.each(["X-API-Key", "X-API-KEY", "x-api-key", "x-ApI-kEy"])("the header name in any letter case (%s, sent as written) is accepted", async (header) => {
    const r = await rawRequest(ctx.gateway.url, { path: "/templates", headers: { [header]: API_KEY } });
    expect(r.status).toBe(200);
    expect(Array.isArray(r.body)).toBe(true);
  });

  test("/healthz, /readyz and /openapi.json need no key", async () => {
    expect(await ctx.anon.get("/healthz")).toMatchObject({ status: 200, body: { status: "ok" } });
    expect(await ctx.anon.get("/readyz")).toMatchObject({ status: 200, body: { status: "ready" } });
    const doc = await ctx.anon.get("/openapi.json");
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\.1/);
  });
});

describe("error bodies and request ids", () => {
  test("every error is {code (= status), message, error_code, requestId}; x-request-id is the requestId, a fresh UUID", async () => {
    const replies: [Reply, number, string][] = [
      [await ctx.anon.get("/templates"), 401, "unauthorized"],
      [await ctx.api.post("/templates", {}), 400, "invalid_request"],
      [await ctx.api.get("/templates/no-such-template"), 404, "template_not_found"],
      [await ctx.api.get("/no-such-endpoint"), 404, "not_found"],
      [await ctx.api.post("/templates", { image: "alpine", name: "y".repeat(70_000) }), 413, "payload_too_large"],
    ];
    const ids = new Set<string>();
    for (const [reply, status, code] of replies) {
      expectGatewayError(reply, status, code);
      expect(reply.body.requestId).toMatch(UUID);
      ids.add(reply.body.requestId);
    }
    expect(ids.size).toBe(replies.length);
  });

  test("an unknown endpoint → 404 not_found naming the method and path", async () => {
    const r = await ctx.api.call("GET", "/no-such-endpoint/here");
    expectGatewayError(r, 404, "not_found");
    expect(r.body.message).toBe("no such endpoint: GET /no-such-endpoint/here");
  });

  test("a method a path is not served for → 405 method_not_allowed with Allow, and nothing reaches master", async () => {
    const r = await ctx.api.call("PUT", "/templates");
    expectGatewayError(r, 405, "method_not_allowed");
    expect(r.headers.get("allow")).toBe("GET, HEAD, POST");
    expect(r.body.details).toEqual({ allowed: ["GET", "HEAD", "POST"] });
    const sandbox = await ctx.api.call("PATCH", `/sandboxes/${"a".repeat(32)}`);
    expectGatewayError(sandbox, 405, "method_not_allowed");
    expect(sandbox.headers.get("allow")).toBe("DELETE, GET, HEAD");
  });

  test("an unknown path is echoed capped at 80 characters", async () => {
    const r = await ctx.api.get(`/x${"y".repeat(500)}`);
    expectGatewayError(r, 404, "not_found");
    expect(r.body.message).toBe(`no such endpoint: GET /x${"y".repeat(78)}…`);
  });

  test("a caller's x-request-id is echoed, on success and in errors", async () => {
    const ok = await ctx.api.get("/templates", { "x-request-id": "client-req-1" });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("x-request-id")).toBe("client-req-1");
    const failed = await ctx.api.get("/templates/no-such-template", { "x-request-id": "client-req-2" });
    expectGatewayError(failed, 404, "template_not_found");
    expect(failed.body.requestId).toBe("client-req-2");
    const unauthorized = await ctx.anon.get("/templates", { "x-request-id": "client-req-3" });
    expectGatewayError(unauthorized, 401, "unauthorized");
    expect(unauthorized.body.requestId).toBe("client-req-3");
  });

  test.each([
    ["with a space", "has space"],
    ["over 128 characters", "r".repeat(129)],
    ["with a quote", 'a"b'],
  ])("a caller's x-request-id %s is replaced by a fresh one", async (_what, given) => {
    const r = await ctx.api.get("/templates/no-such-template", { "x-request-id": given });
    expectGatewayError(r, 404, "template_not_found");
    expect(r.body.requestId).toMatch(UUID);
  });
});

describe("requests Express cannot read are the caller's fault (400, not 500)", () => {
  test.each([
    ["GET", "/templates/%ZZ"],
    ["GET", "/templates/%E0%A4%A"],
    ["GET", "/templates/aliases/%ZZ"],
    ["DELETE", "/templates/%ZZ"],
    ["GET", `/templates/%ZZ/builds/${SOME_BUILD}/status`],
  ])("a path parameter that is not valid percent-encoding: %s %s → 400 invalid_request", async (method, path) => {
    const r = await ctx.api.call(method, path);
    expectGatewayError(r, 400, "invalid_request");
    expect(r.body.message).toBe("the request path is not valid percent-encoding");
  });

  test("a body its Content-Encoding cannot decode → 400 invalid_request", async () => {
    const r = await ctx.api.call("POST", "/templates", "definitely not brotli", { "content-type": "application/json", "content-encoding": "br" });
    expectGatewayError(r, 400, "invalid_request");
    expect(r.body.message).toBe("the request body could not be read");
  });

  test("a body in an encoding or charset the gateway does not read → 415 unsupported_media_type", async () => {
    const body = JSON.stringify({ image: "alpine" });
    expectGatewayError(await ctx.api.call("POST", "/templates", body, { "content-type": "application/json; charset=latin1" }), 415, "unsupported_media_type");
    expectGatewayError(await ctx.api.call("POST", "/templates", body, { "content-type": "application/json", "content-encoding": "compress" }), 415, "unsupported_media_type");
  });
});

describe("master unreachable (nothing listens at MASTER_URL)", () => {
  let port: number;
  let gateway: TestGateway;
  beforeAll(async () => {
    port = await freePort();
    gateway = await startTestGateway({ MASTER_URL: `http://127.0.0.1:${port}` });
  });
  afterAll(() => gateway?.close());

  test.each(MASTER_CALLS)("%s %s → 503 upstream_unavailable without master's address", async (...call) => {
    const r = await send(gateway.api, call);
    expectGatewayError(r, 503, "upstream_unavailable");
    expect(r.body.message).toMatch(/template service is unavailable/);
    expect(JSON.stringify(r.body)).not.toContain(String(port));
  });

  test("/readyz → 503 with Retry-After and no address; /healthz → 200", async () => {
    const ready = await gateway.anon.get("/readyz");
    expectGatewayError(ready, 503, "upstream_unavailable");
    expect(ready.headers.get("retry-after")).toBe("1");
    expect(JSON.stringify(ready.body)).not.toContain(String(port));
    expect((await gateway.anon.get("/healthz")).status).toBe(200);
  });

  test("an API key cannot be checked (master owns them): 503 on every authenticated path; the API description and a missing key are answered", async () => {
    for (const r of [await gateway.api.get("/templates/tpl-xyz"), await gateway.api.get("/names/validate?name=ok-name")]) {
      expectGatewayError(r, 503, "upstream_unavailable");
      expect(JSON.stringify(r.body)).not.toContain(String(port));
    }
    expect((await gateway.anon.get("/openapi.json")).status).toBe(200);
    expectGatewayError(await gateway.anon.get("/templates"), 401, "unauthorized");
  });
});

describe("master rejects the gateway's credentials", () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({ MASTER_URL: ctx.master.url, MASTER_TOKEN: "not-the-master-token-at-all" });
  });
  afterAll(() => gateway?.close());

  test.each(MASTER_CALLS)("with a wrong MASTER_TOKEN, %s %s → 502 upstream_error (not the master's 401)", async (...call) => {
    const r = await send(gateway.api, call);
    expectGatewayError(r, 502, "upstream_error");
    expect(r.body.message).toBe("the template service failed to answer this request");
  });

  test("with no MASTER_TOKEN at all → 502 upstream_error", async () => {
    await withGateway({ MASTER_URL: ctx.master.url, MASTER_TOKEN: "" }, async (tokenless) => {
      expectGatewayError(await tokenless.api.get("/templates"), 502, "upstream_error");
    });
  });
});

describe("master hangs (accepts connections, never answers)", () => {
  let hanging: StubServer;
  let gateway: TestGateway;
  beforeAll(async () => {
    // Says whose the API key is (so requests get past authentication); never answers anything else.
    hanging = await startStubServer((req, res) => {
      if (req.url === "/api-keys/verify") res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keyId: SOME_UUID, teamId: SOME_UUID, teamSlug: "default" }));
    });
    // A second, not less: the key's verification (answered at once) must get through within it
    // however loaded the machine, or a write would answer 503 instead of 504.
    gateway = await startTestGateway({ MASTER_URL: hanging.url, MASTER_TIMEOUT_MS: "1000" });
  });
  afterAll(async () => {
    await gateway?.close();
    await hanging?.close();
  });

  test(
    "a read → 503 upstream_unavailable; a write → 504 upstream_timeout (its outcome is unknown), sent once, not retried",
    async () => {
      expectGatewayError(await gateway.api.get("/templates"), 503, "upstream_unavailable");
      const creates = () => hanging.requests.filter((r) => r.method === "POST" && r.url === "/templates").length;
      const before = creates();
      const created = await gateway.api.post("/templates", { name: "hang-probe", image: "alpine" });
      expectGatewayError(created, 504, "upstream_timeout");
      expect(created.body.message).toMatch(/timeout.*the outcome is unknown; retry with the same Idempotency-Key/);
      expect(creates() - before).toBe(1);
      for (const [method, path, body] of [
        ["PATCH", `/templates/${SOME_ID}`, { name: "hang-renamed" }],
        ["DELETE", `/templates/${SOME_ID}`, undefined],
      ] as const) {
        expectGatewayError(await gateway.api.call(method, path, body), 504, "upstream_timeout");
      }
    },
    30_000,
  );

  test("/readyz → 503", async () => {
    expectGatewayError(await gateway.anon.get("/readyz"), 503, "upstream_unavailable");
  }, 15_000);
});

describe("master answers with a failure (a stand-in master)", () => {
  let respond: (req: IncomingMessage, res: ServerResponse) => void;
  let stub: StubServer;
  let gateway: TestGateway;
  const json = (status: number, body: unknown) => (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  };
  beforeAll(async () => {
    stub = await startStubServer((req, res) => respond(req, res));
    gateway = await startTestGateway({ MASTER_URL: stub.url });
  });
  afterAll(async () => {
    await gateway?.close();
    await stub?.close();
  });

  test("calls carry the master token and the caller's request id", async () => {
    respond = json(200, { templates: [], nextCursor: null });
    const r = await gateway.api.get("/templates?limit=5", { "x-request-id": "trace-to-master-1" });
    expect(r).toMatchObject({ status: 200, body: [] });
    const seen = stub.requests.at(-1)!;
    expect(seen.url).toBe("/templates?limit=5");
    expect(seen.headers["x-request-id"]).toBe("trace-to-master-1");
    expect(seen.headers.authorization).toBe(`Bearer ${MASTER_TOKEN}`);
    expect(seen.headers["x-api-key"]).toBeUndefined();
  });

  test.each([
    ["a 500 with an error body", json(500, { code: 500, error_code: "internal_error", message: "connect to postgres://db:5432 failed", requestId: "m-1" })],
    ["a 502", json(502, { message: "bad gateway" })],
    ["a 200 that is not JSON", (_req: IncomingMessage, res: ServerResponse) => void res.writeHead(200, { "content-type": "text/html" }).end("<html>hello</html>")],
    ["a 200 with no body", (_req: IncomingMessage, res: ServerResponse) => void res.writeHead(200).end()],
    ["a 400 without an error code", json(400, { message: "nope" })],
    ["a 400 with an unknown error code", json(400, { error_code: "made_up", message: "nope" })],
    ["a 401", json(401, { code: 401, error_code: "unauthorized", message: "the bearer token is not valid", requestId: "m-2" })],
    ["a 403", json(403, { code: 403, error_code: "unauthorized", message: "forbidden", requestId: "m-3" })],
  ])("%s → 502 upstream_error with a message of the gateway's own", async (_what, handler) => {
    respond = handler;
    const r = await gateway.api.get("/templates");
    expectGatewayError(r, 502, "upstream_error");
    expect(r.body.message).toBe("the template service failed to answer this request");
  });

  test("a 503 → 503 upstream_unavailable", async () => {
    respond = json(503, { code: 503, error_code: "service_unavailable", message: "not ready: database unreachable", requestId: "m-4" });
    const r = await gateway.api.get("/templates");
    expectGatewayError(r, 503, "upstream_unavailable");
    expect(r.body.message).not.toMatch(/database/);
  });

  test("master's own 4xx passes through with its code, message and details, under the gateway's request id", async () => {
    respond = json(409, { code: 409, error_code: "name_taken", message: "display name 'dup' is already taken", details: { displayName: "dup" }, requestId: "master-req-9" });
    const r = await gateway.api.post("/templates", { name: "dup", image: "alpine" }, { "x-request-id": "gw-req-9" });
    expectGatewayError(r, 409, "name_taken");
    expect(r.body).toEqual({ code: 409, error_code: "name_taken", message: "display name 'dup' is already taken", details: { displayName: "dup" }, requestId: "gw-req-9" });

    respond = json(404, { code: 404, error_code: "build_not_found", message: `build '${SOME_BUILD}' of template '${SOME_ID}' not found`, requestId: "master-req-10" });
    const missing = await gateway.api.get(`/templates/${SOME_ID}/builds/${SOME_BUILD}/status`);
    expectGatewayError(missing, 404, "build_not_found");
    expect(missing.body.message).toBe(`build '${SOME_BUILD}' of template '${SOME_ID}' not found`);
  });
});
