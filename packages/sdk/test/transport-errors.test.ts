// The errors the SDK throws, on an injected fetch: one class per kind of refusal (by HTTP
// status), the API's error_code as `code`, its message and request id, `retryAfterSeconds`;
// an answer that is not the API's error shape (a proxy's HTML page) keeps its status as
// `http_<status>`; a request that got no answer is a CubicleConnectionError.
import { createServer } from "node:http";
import { describe, expect, test } from "@jest/globals";
import {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  Cubicle,
  CubicleApiError,
  CubicleConnectionError,
  CubicleError,
  NotFoundError,
  NotImplementedError,
  PermissionError,
  RateLimitedError,
  ServerError,
  UnavailableError,
  errorClassFor,
} from "../src/index.js";
import { closeServer, freePort, listenLocally } from "../../../test-support/http.js";
import { API_KEY, apiError, clientOn, rejection } from "./fake-fetch.js";

describe("the class of an error", () => {
  test.each(([
    [400, "invalid_name", BadRequestError],
    [413, "payload_too_large", BadRequestError],
    [415, "unsupported_media_type", BadRequestError],
    [401, "unauthorized", AuthenticationError],
    [403, "forbidden", PermissionError],
    [404, "template_not_found", NotFoundError],
    [409, "name_taken", ConflictError],
    [429, "rate_limited", RateLimitedError],
    [500, "internal_error", ServerError],
    [501, "not_implemented", NotImplementedError],
    [502, "upstream_error", UnavailableError],
    [503, "upstream_unavailable", UnavailableError],
    [504, "upstream_timeout", UnavailableError],
  ] as const).map(([status, code, ErrorClass]) => [status, code, ErrorClass.name, ErrorClass] as const))("%i %s → %s with the API's code, message and request id", async (status, errorCode, _name, ErrorClass) => {
    const { client } = clientOn([apiError(status, errorCode, `the API says no (${errorCode})`)], { retry: false });
    const err = await rejection(client.templates.get("app"));
    expect(err).toBeInstanceOf(ErrorClass);
    expect(err).toBeInstanceOf(CubicleApiError);
    expect(err).toBeInstanceOf(CubicleError);
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ name: ErrorClass.name, status, code: errorCode, message: `the API says no (${errorCode})`, requestId: `req-${errorCode}` });
    expect(err.is(errorCode)).toBe(true);
    expect(err.is("not_found")).toBe(false);
    expect(errorClassFor(status)).toBe(ErrorClass);
  });

  test("another 4xx is a BadRequestError and another 5xx a ServerError, each named by its status", async () => {
    const { client } = clientOn([new Response("", { status: 405 }), new Response("", { status: 507 })], { retry: false });
    expect(await rejection(client.templates.list())).toMatchObject({ name: "BadRequestError", status: 405, code: "http_405" });
    expect(await rejection(client.templates.list())).toMatchObject({ name: "ServerError", status: 507, code: "http_507" });
  });

  test("the request id comes from x-request-id when the body has none", async () => {
    const body = JSON.stringify({ code: 404, message: "no", error_code: "template_not_found" });
    const { client } = clientOn([new Response(body, { status: 404, headers: { "x-request-id": "from-header" } })]);
    expect(await rejection(client.templates.get("app"))).toMatchObject({ code: "template_not_found", requestId: "from-header" });
  });

  test("details are kept (e.g. the quota of quota_exceeded)", async () => {
    const body = JSON.stringify({ code: 429, message: "over quota", error_code: "quota_exceeded", requestId: "r", details: { quota: "sandboxes", max: 3 } });
    const { client } = clientOn([new Response(body, { status: 429 })], { retry: false });
    const err = await rejection(client.sandboxes.create({ templateID: "app" }));
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err.details).toEqual({ quota: "sandboxes", max: 3 });
  });
});

describe("answers that are not the API's error shape", () => {
  test("a proxy's HTML 502 → UnavailableError with code http_502, a generic message and the proxy's request id", async () => {
    const html = new Response("<html><body><h1>502 Bad Gateway</h1></body></html>", { status: 502, headers: { "content-type": "text/html", "x-request-id": "edge-1" } });
    const { client } = clientOn([html], { retry: false });
    const err = await rejection(client.templates.list());
    expect(err).toBeInstanceOf(UnavailableError);
    expect(err).toMatchObject({ status: 502, code: "http_502", requestId: "edge-1", message: "the API answered HTTP 502" });
    expect(err.message).not.toMatch(/html/i);
  });

  test("JSON without error_code, or no body at all, is also http_<status>", async () => {
    const { client } = clientOn([new Response(JSON.stringify({ message: "teapot" }), { status: 418 }), new Response(null, { status: 500 })], { retry: false });
    expect(await rejection(client.templates.list())).toMatchObject({ code: "http_418", requestId: undefined });
    expect(await rejection(client.templates.list())).toMatchObject({ code: "http_500", message: "the API answered HTTP 500" });
  });
});

describe("Retry-After on the error", () => {
  test("a 429 thrown without retrying says how long to wait, in seconds; a 409 has none", async () => {
    const { client } = clientOn([apiError(429, "rate_limited", "slow down", { "retry-after": "17" }), apiError(409, "name_taken")], { retry: false });
    expect(await rejection(client.templates.list())).toMatchObject({ retryAfterSeconds: 17 });
    expect(await rejection(client.templates.rename("a", "b"))).toMatchObject({ retryAfterSeconds: undefined });
  });

  test("an HTTP date is turned into whole seconds from now, rounded up", async () => {
    const at = new Date(Date.now() + 90_000).toUTCString();
    const { client } = clientOn([apiError(503, "upstream_unavailable", "later", { "retry-after": at })], { retry: false });
    const err = await rejection(client.templates.list());
    expect(err.retryAfterSeconds).toBeGreaterThanOrEqual(88);
    expect(err.retryAfterSeconds).toBeLessThanOrEqual(90);
  });
});

describe("no answer", () => {
  test("nobody listening → CubicleConnectionError naming the URL, never the API key, with the cause", async () => {
    const apiUrl = `http://127.0.0.1:${await freePort()}`;
    const client = new Cubicle({ apiUrl, apiKey: API_KEY, retry: false });
    const err = await rejection(client.templates.list());
    expect(err).toBeInstanceOf(CubicleConnectionError);
    expect(err).toBeInstanceOf(CubicleError);
    expect(err.message).toContain(apiUrl);
    expect(err.message).toContain("GET /templates");
    expect(err.message).not.toContain(API_KEY);
    expect(err.cause).toMatchObject({ message: "fetch failed" });
  });

  test("fetch's own error quoting a header value does not put the API key in the message", async () => {
    const { client } = clientOn([new TypeError(`Headers.append: "${API_KEY}" is an invalid header value.`)], { retry: false });
    const err = await rejection(client.templates.list());
    expect(err).toBeInstanceOf(CubicleConnectionError);
    expect(err.message).not.toContain(API_KEY);
    expect(err.message).toContain("[redacted]");
  });

  test("a server that never answers → CubicleConnectionError once the per-attempt timeout passes", async () => {
    const server = createServer(() => {});
    const apiUrl = await listenLocally(server);
    try {
      const err = await rejection(new Cubicle({ apiUrl, apiKey: API_KEY, timeoutMs: 50, retry: false }).templates.list());
      expect(err).toBeInstanceOf(CubicleConnectionError);
      expect(err.message).toBe("GET /templates: no answer within 50 ms");
    } finally {
      await closeServer(server);
    }
  });

  test("a connection that breaks in the middle of the body → CubicleConnectionError, not a raw stream error", async () => {
    const broken = () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('[{"templateID":'));
            controller.error(new TypeError("terminated"));
          },
        }),
        { status: 200 },
      );
    const { client, requests } = clientOn([broken], { retry: false });
    const err = await rejection(client.templates.list());
    expect(err).toBeInstanceOf(CubicleConnectionError);
    expect(err.message).toContain("terminated");
    expect(requests).toHaveLength(1);
  });

  test("a read whose body broke is retried like any other lost answer", async () => {
    let n = 0;
    const { client, requests } = clientOn([
      () =>
        n++ === 0
          ? new Response(new ReadableStream({ start: (c) => c.error(new TypeError("terminated")) }), { status: 200 })
          : new Response(JSON.stringify([{ templateID: "tpl-a" }]), { status: 200 }),
    ]);
    expect((await client.templates.list()).items).toEqual([{ templateID: "tpl-a" }]);
    expect(requests).toHaveLength(2);
  });
});
