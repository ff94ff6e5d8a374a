// The master client against small fake masters (node:http on port 0): what each kind of
// answer or failure becomes, what is retried, and what goes on the wire.
import { afterEach, describe, expect, test } from "@jest/globals";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { CubicleError } from "@cubicle/contracts";
import { createMasterClient, type MasterClient, type MasterClientOptions } from "./client.js";
import { MasterRejectedError, MasterTimeoutError, MasterUnavailableError, MasterUpstreamError } from "./errors.js";
import { freePort, listenLocally, closeServer } from "../../../test-support/http.js";

/** One request as the fake master saw it. */
interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

type Handler = (req: IncomingMessage, res: ServerResponse, seen: Seen, index: number) => void;

interface FakeMaster {
  url: string;
  port: number;
  seen: Seen[];
}

const servers: Server[] = [];
const clients: MasterClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close().catch(() => undefined)));
  await Promise.all(servers.splice(0).map(closeServer));
});

/** A fake master on 127.0.0.1:<any port>: reads each request's body, then hands it to `handler`. */
async function fakeMaster(handler: Handler): Promise<FakeMaster> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const s: Seen = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString() };
      seen.push(s);
      handler(req, res, s, seen.length - 1);
    });
  });
  servers.push(server);
  const url = await listenLocally(server);
  return { url, port: Number(new URL(url).port), seen };
}

/** Answers every request with `status` and `body` (JSON unless it is a string). */
function answer(status: number, body?: unknown): Handler {
  return (_req, res) => {
    if (body === undefined) return void res.writeHead(status).end();
    const text = typeof body === "string" ? body : JSON.stringify(body);
    res.writeHead(status, { "content-type": typeof body === "string" ? "text/plain" : "application/json" }).end(text);
  };
}

function client(baseUrl: string, options: Partial<MasterClientOptions> = {}): MasterClient {
  const c = createMasterClient({ baseUrl, ...options });
  clients.push(c);
  return c;
}


/** The error `promise` rejects with; fails the test when it resolves or rejects with a non-CubicleError. */
async function failure(promise: Promise<unknown>): Promise<CubicleError> {
  let result: unknown;
  try {
    result = await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(CubicleError);
    return err as CubicleError;
  }
  throw new Error(`expected the call to fail, it resolved to ${JSON.stringify(result)}`);
}

const TEMPLATE_ID = "tpl-0123456789abcdef01234567";
const BUILD_ID = "bld-0123456789abcdef01234567";
const templateView = { templateId: TEMPLATE_ID, displayName: "web", status: "ready", builds: [] };

describe("answers master gives", () => {
  test("a 2xx JSON body is returned as it is", async () => {
    const master = await fakeMaster(answer(200, templateView));
    await expect(client(master.url).getTemplate(TEMPLATE_ID)).resolves.toEqual(templateView);
    expect(master.seen.map((s) => `${s.method} ${s.url}`)).toEqual([`GET /templates/${TEMPLATE_ID}`]);
  });

  test("202 with JSON (create) is returned as it is, not replayed", async () => {
    const created = { templateId: TEMPLATE_ID, buildId: BUILD_ID, displayName: "web", status: "building" };
    const master = await fakeMaster(answer(202, created));
    await expect(client(master.url).createTemplate({ displayName: "web", image: "alpine:3.20" })).resolves.toEqual({ template: created, replayed: false });
  });

  test("a create or rebuild master answers with idempotent-replayed: true is marked replayed", async () => {
    const created = { templateId: TEMPLATE_ID, buildId: BUILD_ID, displayName: "web", status: "building" };
    const master = await fakeMaster((_req, res) => void res.writeHead(202, { "content-type": "application/json", "idempotent-replayed": "true" }).end(JSON.stringify(created)));
    const c = client(master.url);
    await expect(c.createTemplate({ image: "alpine:3.20", requestId: "k-1" })).resolves.toEqual({ template: created, replayed: true });
    await expect(c.rebuild(TEMPLATE_ID, { requestId: "k-2" })).resolves.toEqual({ build: created, replayed: true });
    expect(master.seen.map((s) => JSON.parse(s.body).requestId)).toEqual(["k-1", "k-2"]);
  });

  test("204 resolves to undefined", async () => {
    const master = await fakeMaster(answer(204));
    await expect(client(master.url).deleteTemplate(TEMPLATE_ID)).resolves.toBeUndefined();
    expect(master.seen.map((s) => `${s.method} ${s.url}`)).toEqual([`DELETE /templates/${TEMPLATE_ID}`]);
  });

  test("master's own 4xx is passed through: code, status, message and details", async () => {
    const body = { code: 409, error_code: "name_taken", message: "the name 'web' is taken", requestId: "master-req-1", details: { name: "web" } };
    const master = await fakeMaster(answer(409, body));
    const err = await failure(client(master.url).setDisplayName(TEMPLATE_ID, "web"));
    expect(err).toBeInstanceOf(MasterRejectedError);
    expect(err).toMatchObject({ code: "name_taken", status: 409, message: "the name 'web' is taken", details: { name: "web" } });
    expect((err as MasterRejectedError).upstreamRequestId).toBe("master-req-1");
  });

  test("a 4xx without details passes through with no details", async () => {
    const body = { code: 404, error_code: "template_not_found", message: "template not found", requestId: "r" };
    const master = await fakeMaster(answer(404, body));
    const err = await failure(client(master.url).lookup("web"));
    expect(err).toBeInstanceOf(MasterRejectedError);
    expect(err).toMatchObject({ code: "template_not_found", status: 404, message: "template not found" });
    expect(err.details).toBeUndefined();
  });

  test.each([
    ["401 (our token is wrong)", 401, { code: 401, error_code: "unauthorized", message: "the bearer token is not valid", requestId: "r" }],
    ["403", 403, { code: 403, error_code: "unauthorized", message: "forbidden", requestId: "r" }],
    ["500", 500, { code: 500, error_code: "internal_error", message: "internal error", requestId: "r" }],
    ["502", 502, { code: 502, error_code: "upstream_error", message: "bad gateway", requestId: "r" }],
    ["a 4xx with an unknown error_code", 418, { code: 418, error_code: "teapot", message: "short and stout", requestId: "r" }],
    ["a 4xx without a message", 400, { code: 400, error_code: "invalid_request", requestId: "r" }],
    ["a 4xx that is not JSON", 400, "Bad Request"],
    ["a 200 that is not JSON", 200, "<html>hello</html>"],
    ["an empty 200", 200, undefined],
  ])("%s → upstream_error (502)", async (_what, status, body) => {
    const master = await fakeMaster(answer(status, body));
    const err = await failure(client(master.url).getTemplate(TEMPLATE_ID));
    expect(err).toBeInstanceOf(MasterUpstreamError);
    expect(err).toMatchObject({ code: "upstream_error", status: 502 });
    expect((err as MasterUpstreamError).upstreamStatus).toBe(status);
    // Master's own words (say, "the bearer token is not valid") are not shown to our caller.
    expect(err.message).toBe("the template service failed to answer this request");
  });

  test.each([
    ["with master's JSON error body", { code: 503, error_code: "service_unavailable", message: "the database is unavailable", requestId: "r" }],
    ["with a plain-text body", "Service Unavailable"],
    ["with no body", undefined],
  ])("503 %s → upstream_unavailable (503)", async (_what, body) => {
    const master = await fakeMaster(answer(503, body));
    const err = await failure(client(master.url).lookup("web"));
    expect(err).toBeInstanceOf(MasterUnavailableError);
    expect(err).toMatchObject({ code: "upstream_unavailable", status: 503 });
  });
});

describe("master unreachable", () => {
  test("connection refused → upstream_unavailable, without master's address in the message", async () => {
    const port = await freePort();
    const err = await failure(client(`http://127.0.0.1:${port}`).lookup("web"));
    expect(err).toBeInstanceOf(MasterUnavailableError);
    expect(err).toMatchObject({ code: "upstream_unavailable", status: 503 });
    expect(err.message).toContain("connection refused");
    expect(err.message).not.toContain("127.0.0.1");
    expect(err.message).not.toContain(String(port));
    // The cause, for the logs, says where.
    expect(String((err.cause as Error | undefined)?.message)).toContain(String(port));
  });

  test("connection refused on a POST → upstream_unavailable too", async () => {
    const port = await freePort();
    const err = await failure(client(`http://127.0.0.1:${port}`).createTemplate({ image: "alpine:3.20" }));
    expect(err).toMatchObject({ code: "upstream_unavailable", status: 503 });
    expect(err.message).not.toContain(String(port));
  });

  test("a master that accepts but never answers → upstream_unavailable after timeoutMs", async () => {
    const master = await fakeMaster(() => undefined); // never answers
    const err = await failure(client(master.url, { timeoutMs: 200 }).getTemplate(TEMPLATE_ID));
    expect(err).toBeInstanceOf(MasterUnavailableError);
    expect(err).toMatchObject({ code: "upstream_unavailable", status: 503 });
    expect(err.message).toContain("timeout");
    expect(err.message).not.toContain("127.0.0.1");
    expect(err.message).not.toContain(String(master.port));
    // A timeout is not a connection error: not sent again.
    expect(master.seen).toHaveLength(1);
  }, 5_000);

  test("a master that never answers a POST, PATCH-like POST or DELETE → upstream_timeout (the outcome is unknown) after timeoutMs", async () => {
    const master = await fakeMaster(() => undefined);
    const c = client(master.url, { timeoutMs: 200 });
    for (const call of [c.createTemplate({ image: "alpine:3.20" }), c.setDisplayName(TEMPLATE_ID, "web"), c.deleteTemplate(TEMPLATE_ID)]) {
      const err = await failure(call);
      expect(err).toBeInstanceOf(MasterTimeoutError);
      expect(err).toMatchObject({ code: "upstream_timeout", status: 504 });
      expect(err.message).toMatch(/^the template service did not answer in time \(timeout\): the outcome is unknown/);
      expect(err.message).not.toContain(String(master.port));
    }
    expect(master.seen).toHaveLength(3);
  }, 5_000);

  test("a write that stalls mid-answer → upstream_timeout: it was carried out or not, the answer is lost", async () => {
    const master = await fakeMaster((_req, res) => {
      res.writeHead(202, { "content-type": "application/json" });
      res.write('{"templateId":');
    });
    const err = await failure(client(master.url, { timeoutMs: 200 }).createTemplate({ image: "alpine:3.20" }));
    expect(err).toMatchObject({ code: "upstream_timeout", status: 504 });
  }, 5_000);

  test("a master that sends headers then stalls mid-body → upstream_unavailable after timeoutMs", async () => {
    const master = await fakeMaster((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"templateId":'); // and nothing more
    });
    const err = await failure(client(master.url, { timeoutMs: 200 }).getTemplate(TEMPLATE_ID));
    expect(err).toBeInstanceOf(MasterUnavailableError);
    expect(err).toMatchObject({ code: "upstream_unavailable", status: 503 });
    expect(err.message).not.toContain(String(master.port));
  }, 5_000);

  test("the caller's abort signal ends a call master does not answer", async () => {
    const master = await fakeMaster(() => undefined);
    const controller = new AbortController();
    const call = client(master.url, { timeoutMs: 30_000 }).getTemplate(TEMPLATE_ID, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const err = await failure(call);
    expect(err).toMatchObject({ code: "upstream_unavailable", status: 503 });
  }, 5_000);
});

describe("retries", () => {
  /** Destroys the socket of the first request (no answer at all), answers the others with `body`. */
  const dropFirst =
    (body: unknown): Handler =>
    (req, res, _seen, index) => {
      if (index === 0) return void req.socket.destroy();
      answer(200, body)(req, res, _seen, index);
    };

  test("a GET whose connection is reset is sent once more and succeeds", async () => {
    const master = await fakeMaster(dropFirst(templateView));
    await expect(client(master.url).getTemplate(TEMPLATE_ID)).resolves.toEqual(templateView);
    expect(master.seen.map((s) => `${s.method} ${s.url}`)).toEqual([`GET /templates/${TEMPLATE_ID}`, `GET /templates/${TEMPLATE_ID}`]);
  });

  test("a GET is retried only once", async () => {
    const master = await fakeMaster((req) => void req.socket.destroy());
    const err = await failure(client(master.url).lookup("web"));
    expect(err).toBeInstanceOf(MasterUnavailableError);
    expect(err).toMatchObject({ code: "upstream_unavailable", status: 503 });
    expect(master.seen.filter((s) => s.method === "GET")).toHaveLength(2);
  });

  test("a POST whose connection is reset after it was sent is not sent again: upstream_timeout (outcome unknown)", async () => {
    const master = await fakeMaster(dropFirst({ templateId: TEMPLATE_ID, buildId: BUILD_ID, displayName: null, status: "building" }));
    const err = await failure(client(master.url).createTemplate({ image: "alpine:3.20" }));
    expect(err).toBeInstanceOf(MasterTimeoutError);
    expect(err).toMatchObject({ code: "upstream_timeout", status: 504 });
    expect(master.seen.filter((s) => s.method === "POST")).toHaveLength(1);
  });

  test("a DELETE whose connection is reset after it was sent is not sent again: upstream_timeout", async () => {
    const master = await fakeMaster(dropFirst({}));
    const err = await failure(client(master.url).deleteTemplate(TEMPLATE_ID));
    expect(err).toMatchObject({ code: "upstream_timeout", status: 504 });
    expect(master.seen.filter((s) => s.method === "DELETE")).toHaveLength(1);
  });
});

describe("what goes on the wire", () => {
  test("bearer token, request id and JSON content type are sent", async () => {
    const created = { templateId: TEMPLATE_ID, buildId: BUILD_ID, displayName: "web", status: "building" };
    const master = await fakeMaster(answer(202, created));
    const c = client(master.url, { token: "secret-token-0123456789" });
    await c.createTemplate({ displayName: "web", image: "alpine:3.20", cpuCount: 2 }, { requestId: "req-abc-123" });
    const [seen] = master.seen;
    expect(seen).toBeDefined();
    expect(seen!.method).toBe("POST");
    expect(seen!.url).toBe("/templates");
    expect(seen!.headers.authorization).toBe("Bearer secret-token-0123456789");
    expect(seen!.headers["x-request-id"]).toBe("req-abc-123");
    expect(seen!.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(seen!.body)).toEqual({ displayName: "web", image: "alpine:3.20", cpuCount: 2 });
  });

  test("without a token, request id or body, none of those headers is sent", async () => {
    const master = await fakeMaster(answer(200, templateView));
    await client(master.url).getTemplate(TEMPLATE_ID);
    const [seen] = master.seen;
    expect(seen!.headers.authorization).toBeUndefined();
    expect(seen!.headers["x-request-id"]).toBeUndefined();
    expect(seen!.headers["content-type"]).toBeUndefined();
    expect(seen!.body).toBe("");
  });

  test("lookup encodes the name and adds fresh=true when asked", async () => {
    const found = { templateId: TEMPLATE_ID, displayName: "my web/app & co?", status: "ready", buildId: BUILD_ID };
    const master = await fakeMaster(answer(200, found));
    const c = client(master.url);
    const name = "my web/app & co?=ü#";
    await expect(c.lookup(name, { fresh: true })).resolves.toEqual(found);
    await c.lookup(name);
    expect(master.seen.map((s) => s.url)).toEqual([`/lookup?name=${encodeURIComponent(name)}&fresh=true`, `/lookup?name=${encodeURIComponent(name)}`]);
    const query = new URL(master.seen[0]!.url, "http://x").searchParams;
    expect(query.get("name")).toBe(name);
    expect(query.get("fresh")).toBe("true");
  });

  test("ids in paths are encoded, list paging goes in the query", async () => {
    const master = await fakeMaster(answer(200, { templates: [], nextCursor: null }));
    const c = client(master.url);
    await c.listTemplates();
    await c.listTemplates({ limit: 5, cursor: "a b/c" });
    await c.getBuild("tpl-x/../y", "b?1");
    expect(master.seen.map((s) => s.url)).toEqual(["/templates", "/templates?limit=5&cursor=a+b%2Fc", "/templates/tpl-x%2F..%2Fy/builds/b%3F1"]);
  });
});

describe("ready()", () => {
  test("master answering 200 → ready", async () => {
    const master = await fakeMaster(answer(200, { status: "ready" }));
    await expect(client(master.url).ready()).resolves.toEqual({ ready: true });
    expect(master.seen.map((s) => s.url)).toEqual(["/readyz"]);
  });

  test("master answering 503 → not ready, no throw", async () => {
    const master = await fakeMaster(answer(503, { code: 503, error_code: "service_unavailable", message: "db down", requestId: "r" }));
    await expect(client(master.url).ready()).resolves.toEqual({ ready: false, reason: expect.any(String) });
  });

  test("master down → not ready, no throw, no address in the reason", async () => {
    const port = await freePort();
    const state = await client(`http://127.0.0.1:${port}`).ready();
    expect(state).toEqual({ ready: false, reason: expect.any(String) });
    const reason = state.ready ? "" : state.reason;
    expect(reason).not.toContain("127.0.0.1");
    expect(reason).not.toContain(String(port));
  });
});

describe("construction", () => {
  test.each(["http://127.0.0.1:3100/api", "http://127.0.0.1:3100/api/", "http://127.0.0.1:3100/?x=1"])("baseUrl %s (with a path or query) throws", (baseUrl) => {
    expect(() => createMasterClient({ baseUrl })).toThrow(/origin without a path/);
  });

  test("a bare origin, with or without a trailing slash, is accepted", async () => {
    const master = await fakeMaster(answer(200, templateView));
    await expect(client(`${master.url}/`).getTemplate(TEMPLATE_ID)).resolves.toEqual(templateView);
    expect(master.seen.map((s) => s.url)).toEqual([`/templates/${TEMPLATE_ID}`]);
  });

  test("a baseUrl that is not a URL throws", () => {
    expect(() => createMasterClient({ baseUrl: "127.0.0.1:3100" })).toThrow();
  });
});

describe("sandbox calls", () => {
  const SANDBOX_ID = "0123456789abcdef0123456789abcdef";
  const sandboxView = { sandboxId: SANDBOX_ID, templateId: TEMPLATE_ID, buildId: BUILD_ID, displayName: "web", mode: "fast", state: "running" };

  test("createSandbox posts the request and reads `idempotent-replayed`", async () => {
    const master = await fakeMaster((_req, res, _seen, index) => {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (index === 1) headers["idempotent-replayed"] = "true";
      res.writeHead(201, headers).end(JSON.stringify(sandboxView));
    });
    const c = client(master.url);
    const req = { templateId: TEMPLATE_ID, mode: "fast" as const, requestId: "fp:key-1", metadata: { a: "b" } };
    await expect(c.createSandbox(req, { requestId: "r-1" })).resolves.toEqual({ sandbox: sandboxView, replayed: false });
    await expect(c.createSandbox(req)).resolves.toEqual({ sandbox: sandboxView, replayed: true });
    expect(master.seen.map((s) => `${s.method} ${s.url}`)).toEqual(["POST /sandboxes", "POST /sandboxes"]);
    expect(JSON.parse(master.seen[0]!.body)).toEqual(req);
    expect(master.seen[0]!.headers["x-request-id"]).toBe("r-1");
  });

  test("master's 502 agent_error is passed through as MasterRejectedError with its code and message", async () => {
    const body = { code: 502, error_code: "agent_error", message: "the node agent could not start the sandbox; nothing was created: full", requestId: "m-1" };
    const master = await fakeMaster(answer(502, body));
    const err = await failure(client(master.url).createSandbox({ templateId: TEMPLATE_ID }));
    expect(err).toBeInstanceOf(MasterRejectedError);
    expect(err).toMatchObject({ code: "agent_error", status: 502, message: body.message });
    expect((err as MasterRejectedError).upstreamRequestId).toBe("m-1");
    // The same for a kill the agent failed.
    const del = await failure(client(master.url).deleteSandbox(SANDBOX_ID));
    expect(del).toMatchObject({ code: "agent_error", status: 502 });
  });

  test.each([
    ["another code", { code: 502, error_code: "upstream_error", message: "bad gateway", requestId: "r" }],
    ["no code", { message: "bad gateway" }],
    ["agent_error without a message", { code: 502, error_code: "agent_error", requestId: "r" }],
    ["a body that is not JSON", "Bad Gateway"],
  ])("a 502 with %s → MasterUpstreamError", async (_what, body) => {
    const master = await fakeMaster(answer(502, body));
    const err = await failure(client(master.url).createSandbox({ templateId: TEMPLATE_ID }));
    expect(err).toBeInstanceOf(MasterUpstreamError);
    expect(err).toMatchObject({ code: "upstream_error", status: 502 });
    expect((err as MasterUpstreamError).upstreamStatus).toBe(502);
  });

  test("createSandbox waits up to sandboxCreateTimeoutMs, other calls only timeoutMs", async () => {
    // undici's headers timer ticks about every 500 ms: the create answers well past timeoutMs
    // and its tick; the read is never answered.
    const master = await fakeMaster((req, res, seen, index) => {
      if (req.method === "POST") setTimeout(() => answer(201, sandboxView)(req, res, seen, index), 1_500);
    });
    const c = client(master.url, { timeoutMs: 100, sandboxCreateTimeoutMs: 5_000 });
    const [created, read] = await Promise.all([c.createSandbox({ templateId: TEMPLATE_ID }), failure(c.getSandbox(SANDBOX_ID))]);
    expect(created).toEqual({ sandbox: sandboxView, replayed: false });
    expect(read).toBeInstanceOf(MasterUnavailableError);
    expect(read.message).toContain("timeout");
  }, 10_000);

  test("listSandboxes puts paging and filters in the query, metadata as JSON", async () => {
    const master = await fakeMaster(answer(200, { sandboxes: [], nextCursor: null }));
    const c = client(master.url);
    await expect(c.listSandboxes()).resolves.toEqual({ sandboxes: [], nextCursor: null });
    await c.listSandboxes({ metadata: {} });
    const metadata = { team: "a&b", "my key": "ü=1" };
    await c.listSandboxes({ limit: 2, cursor: "abc_-", templateId: TEMPLATE_ID, metadata, order: "asc", startedAfter: "2026-01-01T00:00:00.000Z" });
    expect(master.seen.map((s) => s.url).slice(0, 2)).toEqual(["/sandboxes", "/sandboxes"]);
    const url = new URL(master.seen[2]!.url, "http://x");
    expect(url.pathname).toBe("/sandboxes");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      limit: "2",
      cursor: "abc_-",
      templateId: TEMPLATE_ID,
      metadata: JSON.stringify(metadata),
      order: "asc",
      startedAfter: "2026-01-01T00:00:00.000Z",
    });
  });

  test("getSandbox and deleteSandbox encode the id in the path; a 404 passes through", async () => {
    const master = await fakeMaster(answer(404, { code: 404, error_code: "sandbox_not_found", message: "sandbox 'x' not found", requestId: "r" }));
    const c = client(master.url);
    expect(await failure(c.getSandbox("a/b?c"))).toMatchObject({ code: "sandbox_not_found", status: 404 });
    expect(await failure(c.deleteSandbox(SANDBOX_ID))).toBeInstanceOf(MasterRejectedError);
    expect(master.seen.map((s) => `${s.method} ${s.url}`)).toEqual(["GET /sandboxes/a%2Fb%3Fc", `DELETE /sandboxes/${SANDBOX_ID}`]);
  });
});

describe("several masters", () => {
  const SANDBOX_ID = "0123456789abcdef0123456789abcdef";
  const sandboxView = { sandboxId: SANDBOX_ID, templateId: TEMPLATE_ID, buildId: BUILD_ID, displayName: "web", mode: "fast", state: "running" };
  const created = { templateId: TEMPLATE_ID, buildId: BUILD_ID, displayName: null, status: "building" };
  /** A master that destroys the connection of every request it gets (after reading it whole). */
  const dropAll: Handler = (req) => void req.socket.destroy();
  const deadOrigin = async () => `http://127.0.0.1:${await freePort()}`;

  test("baseUrl as a string with commas (spaces allowed) or as an array: calls go round robin to both", async () => {
    const m1 = await fakeMaster(answer(200, templateView));
    const m2 = await fakeMaster(answer(200, templateView));
    const fromString = client(` ${m1.url} , ${m2.url} `);
    expect(fromString.mastersInService()).toBe(2);
    await fromString.getTemplate(TEMPLATE_ID);
    await fromString.getTemplate(TEMPLATE_ID);
    expect([m1.seen.length, m2.seen.length]).toEqual([1, 1]);

    const fromArray = createMasterClient({ baseUrl: [m1.url, `${m2.url}/`] });
    clients.push(fromArray);
    expect(fromArray.mastersInService()).toBe(2);
    await fromArray.getTemplate(TEMPLATE_ID);
    await fromArray.getTemplate(TEMPLATE_ID);
    expect([m1.seen.length, m2.seen.length]).toEqual([2, 2]);
  });

  test("one origin given twice is one master; an empty list is refused", async () => {
    const m1 = await fakeMaster(answer(200, templateView));
    expect(client(`${m1.url},${m1.url}/`).mastersInService()).toBe(1);
    expect(() => createMasterClient({ baseUrl: " , " })).toThrow(/no base URL/);
    expect(() => createMasterClient({ baseUrl: [] })).toThrow(/no base URL/);
    expect(() => createMasterClient({ baseUrl: [m1.url, "http://127.0.0.1:1/api"] })).toThrow(/origin without a path/);
  });

  test("a GET whose first master refuses the connection is answered by the other, which serves the next calls", async () => {
    const m2 = await fakeMaster(answer(200, templateView));
    const c = client(`${await deadOrigin()},${m2.url}`);
    await expect(c.getTemplate(TEMPLATE_ID)).resolves.toEqual(templateView);
    expect(m2.seen).toHaveLength(1);
    // The refusing master is out of service: the next calls go straight to the other.
    expect(c.mastersInService()).toBe(1);
    await c.getTemplate(TEMPLATE_ID);
    await c.getTemplate(TEMPLATE_ID);
    expect(m2.seen).toHaveLength(3);
  });

  test("a write without requestId to a master that refuses the connection is sent to the other (it never left)", async () => {
    const m2 = await fakeMaster(answer(202, created));
    const c = client(`${await deadOrigin()},${m2.url}`);
    await expect(c.createTemplate({ image: "alpine:3.20" })).resolves.toEqual({ template: created, replayed: false });
    expect(m2.seen.map((s) => `${s.method} ${s.url}`)).toEqual(["POST /templates"]);
  });

  test("a write without requestId whose connection is destroyed mid-request is not sent again: upstream_timeout, the other master never sees it", async () => {
    const m1 = await fakeMaster(dropAll);
    const m2 = await fakeMaster(answer(202, created));
    const c = client(`${m1.url},${m2.url}`);
    const err = await failure(c.createTemplate({ image: "alpine:3.20" }));
    expect(err).toBeInstanceOf(MasterTimeoutError);
    expect(err).toMatchObject({ code: "upstream_timeout", status: 504 });
    expect(m1.seen).toHaveLength(1);
    expect(m2.seen).toHaveLength(0);
  });

  test("a keyed write (createSandbox with requestId) whose connection is destroyed is sent to the other master", async () => {
    const m1 = await fakeMaster(dropAll);
    const m2 = await fakeMaster(answer(201, sandboxView));
    const c = client(`${m1.url},${m2.url}`);
    const req = { templateId: TEMPLATE_ID, requestId: "fp:key-1" };
    await expect(c.createSandbox(req)).resolves.toEqual({ sandbox: sandboxView, replayed: false });
    expect(m1.seen).toHaveLength(1);
    expect(m2.seen.map((s) => JSON.parse(s.body))).toEqual([req]);
  });

  test("a heartbeat (always keyed by the node id) whose connection is destroyed is sent to the other master", async () => {
    const nodeView = { nodeId: "node-1", address: "http://10.0.0.5:3200", capacity: 10, load: 0, state: "up", lastSeenAt: "x", registeredAt: "x" };
    const m1 = await fakeMaster(dropAll);
    const m2 = await fakeMaster(answer(200, nodeView));
    const c = client(`${m1.url},${m2.url}`);
    const hb = { address: "http://10.0.0.5:3200", capacity: 10, load: 0, bootId: "6f0c4bd2-3f5a-4c1e-9d7a-0a1b2c3d4e5f" };
    await expect(c.heartbeatNode("node-1", hb)).resolves.toEqual(nodeView);
    expect(m2.seen.map((s) => `${s.method} ${s.url}`)).toEqual(["PUT /nodes/node-1"]);
  });

  test("a GET whose connection is destroyed is sent to the other master", async () => {
    const m1 = await fakeMaster(dropAll);
    const m2 = await fakeMaster(answer(200, templateView));
    const c = client(`${m1.url},${m2.url}`);
    await expect(c.getTemplate(TEMPLATE_ID)).resolves.toEqual(templateView);
    expect([m1.seen.length, m2.seen.length]).toEqual([1, 1]);
  });

  test("a GET answered 503 by one master is retried on the other, and the not-ready master is taken out of service", async () => {
    const m1 = await fakeMaster(answer(503, { code: 503, error_code: "service_unavailable", message: "draining", requestId: "r" }));
    const m2 = await fakeMaster(answer(200, templateView));
    const c = client(`${m1.url},${m2.url}`);
    await expect(c.getTemplate(TEMPLATE_ID)).resolves.toEqual(templateView);
    expect([m1.seen.length, m2.seen.length]).toEqual([1, 1]);
    expect(c.mastersInService()).toBe(1);
  });

  test("a write without requestId answered 503 is not sent to the other master: upstream_unavailable", async () => {
    const m1 = await fakeMaster(answer(503, { code: 503, error_code: "service_unavailable", message: "draining", requestId: "r" }));
    const m2 = await fakeMaster(answer(202, created));
    const c = client(`${m1.url},${m2.url}`);
    const err = await failure(c.createTemplate({ image: "alpine:3.20" }));
    expect(err).toBeInstanceOf(MasterUnavailableError);
    expect(m2.seen).toHaveLength(0);
  });

  test("every master answering 503 → upstream_unavailable, each asked once", async () => {
    const m1 = await fakeMaster(answer(503));
    const m2 = await fakeMaster(answer(503));
    const err = await failure(client(`${m1.url},${m2.url}`).getTemplate(TEMPLATE_ID));
    expect(err).toBeInstanceOf(MasterUnavailableError);
    expect([m1.seen.length, m2.seen.length]).toEqual([1, 1]);
  });

  test("every master refusing → upstream_unavailable (connection refused), no address in the message", async () => {
    const a = await deadOrigin();
    const b = await deadOrigin();
    const err = await failure(client(`${a},${b}`).createTemplate({ image: "alpine:3.20" }));
    expect(err).toBeInstanceOf(MasterUnavailableError);
    expect(err.message).toContain("connection refused");
    expect(err.message).not.toContain("127.0.0.1");
  });

  test("a single master answering 503 → MasterUnavailableError, asked once (existing behaviour)", async () => {
    const m1 = await fakeMaster(answer(503, { code: 503, error_code: "service_unavailable", message: "db down", requestId: "r" }));
    const c = client(m1.url);
    const err = await failure(c.getTemplate(TEMPLATE_ID));
    expect(err).toBeInstanceOf(MasterUnavailableError);
    expect(err).toMatchObject({ code: "upstream_unavailable", status: 503 });
    expect(m1.seen).toHaveLength(1);
    expect(c.mastersInService()).toBe(1);
  });
});
