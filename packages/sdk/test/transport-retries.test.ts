// When the SDK repeats a request, on an injected fetch: reads, and the writes that carry an
// Idempotency-Key (the same key on every attempt), after 429, 502, 503, 504 or a lost answer;
// never a write without one; waiting what Retry-After says (seconds or an HTTP date) unless
// that is longer than maxRetryAfterMs; never with `retry: false`; stopped by the caller's
// signal; and a per-attempt timeout. Waits are checked on Jest's fake clock, never timed.
import { afterEach, describe, expect, jest, test } from "@jest/globals";
import { CubicleConnectionError, RateLimitedError, UnavailableError, type Cubicle } from "../src/index.js";
import { apiError, clientOn, hang, json, noContent, rejection, type Step } from "./fake-fetch.js";

const created = { templateID: "tpl-a", buildID: "b-1", names: [], aliases: [], cpuCount: 2, memoryMB: 512, buildStatus: "waiting", public: false };
const lost = () => new TypeError("fetch failed");
const failures: [string, () => Step][] = [
  ["429", () => apiError(429, "rate_limited", "slow down", { "retry-after": "0" })],
  ["502", () => apiError(502, "upstream_error")],
  ["503", () => apiError(503, "upstream_unavailable", "try again", { "retry-after": "0" })],
  ["504", () => apiError(504, "upstream_timeout")],
  ["a lost connection", lost],
];

afterEach(() => {
  jest.useRealTimers();
});

describe("reads", () => {
  test.each(failures)("a read after %s is repeated and resolves with the next answer", async (_what, failure) => {
    const { client, requests } = clientOn([failure(), json(200, [{ templateID: "tpl-a" }])]);
    expect((await client.templates.list()).items).toEqual([{ templateID: "tpl-a" }]);
    expect(requests).toHaveLength(2);
  });

  test.each([400, 401, 403, 404, 409, 500, 501])("a read answered %i is not repeated", async (status) => {
    const { client, requests } = clientOn([apiError(status, "x"), json(200, [])]);
    await rejection(client.templates.list());
    expect(requests).toHaveLength(1);
  });

  test("a 429 without Retry-After (quota_exceeded: waiting does not clear it) is not repeated, even for a keyed create", async () => {
    const { client, requests } = clientOn([apiError(429, "quota_exceeded", "the team runs 3 sandboxes, its most"), json(201, { sandboxID: "s" })]);
    const err = await rejection(client.sandboxes.create({ templateID: "app" }));
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err.code).toBe("quota_exceeded");
    expect(requests).toHaveLength(1);
  });

  test("`retries` bounds the attempts: always 503 with retries 2 → three requests, then the 503 is thrown", async () => {
    const { client, requests } = clientOn([apiError(503, "upstream_unavailable")], { retry: { retries: 2, minDelayMs: 1, maxDelayMs: 1 } });
    const err = await rejection(client.sandboxes.get("sb-1"));
    expect(err).toBeInstanceOf(UnavailableError);
    expect(err.code).toBe("upstream_unavailable");
    expect(requests).toHaveLength(3);
  });

  test("the default is three repeats", async () => {
    const { client, requests } = clientOn([apiError(503, "upstream_unavailable", "down", { "retry-after": "0" })], { retry: {} });
    await rejection(client.keys.list());
    expect(requests).toHaveLength(4);
  });
});

describe("writes", () => {
  const idempotent: [string, (c: Cubicle) => Promise<unknown>, Step][] = [
    ["templates.create", (c) => c.templates.create({ image: "alpine:3.20" }), json(202, created)],
    ["templates.rebuild", (c) => c.templates.rebuild("app", { image: "alpine:3.21" }), json(202, created)],
    ["sandboxes.create", (c) => c.sandboxes.create({ templateID: "app" }, { mode: "strong" }), json(201, { sandboxID: "s" })],
  ];
  for (const [what, failure] of failures) {
    test.each(idempotent)(`%s after ${what} is repeated with the same Idempotency-Key and body`, async (_name, call, success) => {
      const { client, requests } = clientOn([failure(), failure(), success]);
      await call(client);
      expect(requests).toHaveLength(3);
      const key = requests[0]!.headers["idempotency-key"];
      expect(key).toBeDefined();
      expect(requests.map((r) => r.headers["idempotency-key"])).toEqual([key, key, key]);
      expect(requests.map((r) => JSON.stringify(r.body))).toEqual(Array(3).fill(JSON.stringify(requests[0]!.body)));
    });
  }

  test("the caller's own Idempotency-Key is the one repeated", async () => {
    const { client, requests } = clientOn([lost(), json(202, created)]);
    await client.templates.create({ image: "alpine:3.20" }, { idempotencyKey: "deploy-42" });
    expect(requests.map((r) => r.headers["idempotency-key"])).toEqual(["deploy-42", "deploy-42"]);
  });

  const plain: [string, (c: Cubicle) => Promise<unknown>][] = [
    ["templates.rename", (c) => c.templates.rename("app", "app2")],
    ["templates.clearName", (c) => c.templates.clearName("app")],
    ["templates.setPublic", (c) => c.templates.setPublic("app", true)],
    ["templates.delete", (c) => c.templates.delete("app")],
    ["templates.assignTags", (c) => c.templates.assignTags("app:v1", ["prod"])],
    ["templates.removeTags", (c) => c.templates.removeTags("app", ["prod"])],
    ["sandboxes.kill", (c) => c.sandboxes.kill("sb-1")],
    ["sandboxes.pause", (c) => c.sandboxes.pause("sb-1")],
    ["sandboxes.resume", (c) => c.sandboxes.resume("sb-1")],
    ["sandboxes.setTimeout", (c) => c.sandboxes.setTimeout("sb-1", 60)],
    ["sandboxes.refresh", (c) => c.sandboxes.refresh("sb-1", 60)],
    ["keys.create", (c) => c.keys.create("ci")],
    ["keys.rename", (c) => c.keys.rename("k-1", "ci")],
    ["keys.revoke", (c) => c.keys.revoke("k-1")],
    ["teams.create", (c) => c.teams.create({ slug: "acme" })],
    ["teams.createKey", (c) => c.teams.createKey("t-1", "ci")],
    ["teams.revokeKey", (c) => c.teams.revokeKey("t-1", "k-1")],
  ];
  for (const [what, failure] of failures) {
    test(`a write without an Idempotency-Key is never repeated after ${what}; the failure is thrown`, async () => {
      for (const [name, call] of plain) {
        const { client, requests } = clientOn([failure(), noContent()]);
        const err = await rejection(call(client));
        expect([name, requests.length]).toEqual([name, 1]);
        expect(err).toBeInstanceOf(what === "a lost connection" ? CubicleConnectionError : what === "429" ? RateLimitedError : UnavailableError);
      }
    });
  }
});

describe("Retry-After", () => {
  test("seconds: the repeat waits exactly that long (on the fake clock)", async () => {
    jest.useFakeTimers({ now: Date.parse("2030-01-01T00:00:00Z") });
    const { client, requests } = clientOn([apiError(429, "rate_limited", "slow down", { "retry-after": "5" }), json(200, [])]);
    const listed = client.templates.list();
    await jest.advanceTimersByTimeAsync(4_999);
    expect(requests).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(requests).toHaveLength(2);
    await expect(listed).resolves.toEqual({ items: [], nextToken: null });
  });

  test("an HTTP date: the repeat waits until then", async () => {
    const now = Date.parse("2030-01-01T00:00:00Z");
    jest.useFakeTimers({ now });
    const at = new Date(now + 7_000).toUTCString();
    const { client, requests } = clientOn([apiError(503, "upstream_unavailable", "later", { "retry-after": at }), json(200, [])]);
    const listed = client.templates.list();
    await jest.advanceTimersByTimeAsync(6_999);
    expect(requests).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    await expect(listed).resolves.toBeDefined();
    expect(requests).toHaveLength(2);
  });

  test("without Retry-After the backoff never waits longer than maxDelayMs", async () => {
    jest.useFakeTimers({ now: Date.parse("2030-01-01T00:00:00Z") });
    const { client, requests } = clientOn([apiError(503, "upstream_unavailable"), apiError(503, "upstream_unavailable"), json(200, [])], { retry: { minDelayMs: 400, maxDelayMs: 1_000 } });
    const listed = client.templates.list();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(requests.length).toBeGreaterThanOrEqual(2);
    await jest.advanceTimersByTimeAsync(1_000);
    await expect(listed).resolves.toBeDefined();
    expect(requests).toHaveLength(3);
  });

  test("longer than maxRetryAfterMs: not waited for; the 429 is thrown with retryAfterSeconds", async () => {
    const { client, requests } = clientOn([apiError(429, "rate_limited", "slow down", { "retry-after": "120" }), json(200, [])]);
    const err = await rejection(client.templates.list());
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err.retryAfterSeconds).toBe(120);
    expect(requests).toHaveLength(1);
  });

  test("maxRetryAfterMs is the caller's to set (2 s allowed at most: a 3 s Retry-After is thrown)", async () => {
    const { client, requests } = clientOn([apiError(503, "upstream_unavailable", "later", { "retry-after": "3" }), json(200, [])], { retry: { maxRetryAfterMs: 2_000 } });
    expect(await rejection(client.templates.create({ image: "alpine:3.20" }))).toMatchObject({ status: 503, retryAfterSeconds: 3 });
    expect(requests).toHaveLength(1);
  });
});

describe("retry: false", () => {
  test.each(failures)("a read after %s is not repeated", async (_what, failure) => {
    const { client, requests } = clientOn([failure(), json(200, [])], { retry: false });
    await rejection(client.templates.list());
    expect(requests).toHaveLength(1);
  });

  test("an idempotent create after 503 is not repeated either", async () => {
    const { client, requests } = clientOn([apiError(503, "upstream_unavailable"), json(202, created)], { retry: false });
    await rejection(client.templates.create({ image: "alpine:3.20" }));
    expect(requests).toHaveLength(1);
  });
});

describe("the caller's AbortSignal", () => {
  test("aborted while waiting out a Retry-After: rejects with the signal's reason, nothing more is sent", async () => {
    const controller = new AbortController();
    const reason = new Error("user left");
    const { client, requests } = clientOn([
      () => {
        setTimeout(() => controller.abort(reason), 1);
        return apiError(429, "rate_limited", "slow down", { "retry-after": "30" });
      },
      json(200, []),
    ]);
    await expect(client.templates.list({ signal: controller.signal })).rejects.toBe(reason);
    expect(requests).toHaveLength(1);
  });

  test("aborted while the request is under way: rejects with the reason, not a connection error, and is not repeated", async () => {
    const controller = new AbortController();
    const reason = new Error("cancelled");
    const { client, requests } = clientOn([
      (r) => {
        setTimeout(() => controller.abort(reason), 1);
        return hang(r);
      },
    ]);
    await expect(client.sandboxes.create({ templateID: "app" }, { signal: controller.signal })).rejects.toBe(reason);
    expect(requests).toHaveLength(1);
  });

  test("already aborted: rejects with its reason at once", async () => {
    const reason = new Error("before");
    const { client } = clientOn([json(200, [])]);
    await expect(client.templates.get("app", AbortSignal.abort(reason))).rejects.toBe(reason);
  });
});

describe("per-attempt timeout", () => {
  test("a read that gets no answer in timeoutMs is repeated, then fails with CubicleConnectionError", async () => {
    const { client, requests } = clientOn([hang], { timeoutMs: 10, retry: { retries: 1, minDelayMs: 1, maxDelayMs: 1 } });
    const err = await rejection(client.templates.list());
    expect(err).toBeInstanceOf(CubicleConnectionError);
    expect(err.message).toBe("GET /templates: no answer within 10 ms");
    expect(requests).toHaveLength(2);
  });

  test("a write without a key that times out is not repeated: its outcome is unknown", async () => {
    const { client, requests } = clientOn([hang], { timeoutMs: 10 });
    expect(await rejection(client.sandboxes.pause("sb-1"))).toBeInstanceOf(CubicleConnectionError);
    expect(requests).toHaveLength(1);
  });

  test("each attempt gets its own time: a slow first attempt does not shorten the second", async () => {
    const { client, requests } = clientOn([hang, json(200, [])], { timeoutMs: 10 });
    await expect(client.templates.list()).resolves.toEqual({ items: [], nextToken: null });
    expect(requests[1]!.signal?.aborted).toBe(false);
  });
});
