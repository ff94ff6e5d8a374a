// The SDK's templates against a real gateway, master and Postgres: create and follow a build,
// search and page, rename (and the 409 when the name is taken), clear a name, publish, delete,
// lookup, validate names, rebuild, tags, build logs; the typed errors the API's refusals become;
// a create answered 429 waits out Retry-After and makes exactly one template; and real 429s from
// a second gateway (on the same master) with tiny rate limits: a rename is never repeated, a
// long Retry-After is not waited for, the caller's signal ends the wait.
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { AuthenticationError, BadRequestError, ConflictError, NotFoundError, RateLimitedError, type BuildLogEntry, type BuildStatus, type Cubicle } from "../src/index.js";
import { recordingFetch, sdkOf, startTestGateway, useTestGateway, waitForGatewayBuild, type TestGateway } from "./support.js";

// Quick builds: 5 ms a phase.
const ctx = useTestGateway({ masterEnv: { BUILD_PHASE_DELAY_MS: "5" } });
let sdk: Cubicle;
beforeAll(() => {
  sdk = sdkOf(ctx.gateway.url);
});

/** Creates a template named `name` and waits for its first build; answers the create. */
async function ready(name: string, image = "alpine:3.20") {
  const created = await sdk.templates.create({ name, image });
  expect((await sdk.templates.waitForBuild(created.templateID, created.buildID, { intervalMs: 10 })).status).toBe("ready");
  return created;
}

describe("builds", () => {
  test("create → waitForBuild streams every log entry once, in order, and resolves ready", async () => {
    const created = await sdk.templates.create({ name: "sdk-stream", image: "alpine:3.20", cpuCount: 2, memoryMB: 512 });
    expect(created).toMatchObject({ names: ["sdk-stream"], cpuCount: 2, memoryMB: 512, public: false });
    const seen: BuildLogEntry[] = [];
    const statuses: BuildStatus["status"][] = [];
    const final = await sdk.templates.waitForBuild("sdk-stream", created.buildID, { intervalMs: 5, onLog: (e) => seen.push(e), onStatus: (s) => statuses.push(s.status) });
    expect(final).toMatchObject({ templateID: created.templateID, buildID: created.buildID, status: "ready" });
    expect(statuses.at(-1)).toBe("ready");
    expect(statuses.slice(0, -1).every((s) => s === "waiting" || s === "building")).toBe(true);
    const whole = await sdk.templates.buildStatus(created.templateID, created.buildID);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen).toEqual(whole.logEntries);
  });

  test("a build that fails (image alpine:fail) → waitForBuild resolves (not rejects) with status error and the reason", async () => {
    const created = await sdk.templates.create({ image: "alpine:fail" });
    const final = await sdk.templates.waitForBuild(created.templateID, created.buildID, { intervalMs: 5 });
    expect(final.status).toBe("error");
    expect(final.reason?.message).toMatch(/alpine:fail/);
  });

  test("a finished build with more log entries than one status page: waitForBuild still reports every entry once", async () => {
    const build = (await ctx.api.post("/v3/templates", { name: "sdk-long-log" })).body as { templateID: string; buildID: string };
    const args = Array.from({ length: 100 }, (_, i) => [`VAR_${i}`, String(i)]).flat();
    expect((await ctx.api.post(`/v2/templates/${build.templateID}/builds/${build.buildID}`, { fromImage: "alpine:3.20", steps: [{ type: "ENV", args }] })).status).toBe(202);
    await waitForGatewayBuild(ctx.api, build.templateID, build.buildID, ["ready"]);
    const seen: string[] = [];
    await sdk.templates.waitForBuild(build.templateID, build.buildID, { onLog: (e) => seen.push(e.message) });
    const all = (await sdk.templates.buildLogs(build.templateID, build.buildID, { limit: "100" })).logs;
    expect(seen.length).toBeGreaterThan(100);
    expect(seen.filter((m) => /^VAR_\d+=\d+$/.test(m))).toEqual(Array.from({ length: 100 }, (_, i) => `VAR_${i}=${i}`));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.slice(0, all.length)).toEqual(all.map((e) => e.message));
  });

  test("rebuild starts a new build of the same template; get lists both builds, newest first; buildLogs reads its log", async () => {
    const first = await ready("sdk-rebuild");
    const second = await sdk.templates.rebuild("sdk-rebuild", { memoryMB: 1024 });
    expect(second.templateID).toBe(first.templateID);
    expect(second.buildID).not.toBe(first.buildID);
    expect((await sdk.templates.waitForBuild("sdk-rebuild", second.buildID, { intervalMs: 5 })).status).toBe("ready");
    const detail = await sdk.templates.get("SDK-Rebuild");
    expect(detail.builds.map((b) => [b.buildID, b.status])).toEqual([
      [second.buildID, "ready"],
      [first.buildID, "ready"],
    ]);
    expect(detail.memoryMB).toBe(1024);
    const backward = await sdk.templates.buildLogs("sdk-rebuild", second.buildID, { direction: "backward", limit: "1" });
    expect(backward.logs).toHaveLength(1);
  });

  test("the same Idempotency-Key twice makes one template: the second create answers the first's", async () => {
    const a = await sdk.templates.create({ name: "sdk-idem", image: "alpine:3.20" }, { idempotencyKey: "sdk-idem-1" });
    const b = await sdk.templates.create({ name: "sdk-idem", image: "alpine:3.20" }, { idempotencyKey: "sdk-idem-1" });
    expect(b.templateID).toBe(a.templateID);
    expect(b.buildID).toBe(a.buildID);
    const other = await sdk.templates.create({ name: "sdk-idem-2", image: "alpine:3.20" }, { idempotencyKey: "sdk-idem-1" }).catch((e: unknown) => e);
    expect(other).toBeInstanceOf(ConflictError);
    expect(other).toMatchObject({ code: "idempotency_conflict" });
  });

  test("a create whose answer is lost on the way back is repeated with the same Idempotency-Key and answers the one template it made", async () => {
    const recorded = recordingFetch((n) => n === 0);
    const created = await sdkOf(ctx.gateway.url, { fetch: recorded.fetch }).templates.create({ name: "sdk-lost-answer", image: "alpine:3.20" });
    expect(recorded.exchanges.map((e) => e.status)).toEqual(["no answer", 202]);
    expect(recorded.exchanges[1]!.idempotencyKey).toBe(recorded.exchanges[0]!.idempotencyKey);
    const listed = await sdk.templates.list({ name: "sdk-lost-answer" });
    expect(listed.items.map((t) => t.templateID)).toEqual([created.templateID]);
  });
});

describe("names", () => {
  test("rename to a taken name → ConflictError name_taken with the API's message and a requestId; the name stays with its holder", async () => {
    const holder = await sdk.templates.create({ name: "sdk-taken", image: "alpine:3.20" });
    const other = await sdk.templates.create({ name: "sdk-free", image: "alpine:3.20" });
    const err = await sdk.templates.rename(other.templateID, "SDK-Taken").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    const conflict = err as ConflictError;
    expect(conflict).toMatchObject({ status: 409, code: "name_taken" });
    expect(conflict.is("name_taken")).toBe(true);
    expect(conflict.message).toMatch(/sdk-taken/i);
    expect(conflict.requestId).toMatch(/\S/);
    expect((await sdk.templates.lookup("sdk-taken")).templateID).toBe(holder.templateID);
    expect((await sdk.templates.get(other.templateID)).names).toEqual(["sdk-free"]);
  });

  test("rename, then clearName: the template keeps its id; the old and then the new name are free", async () => {
    const t = await sdk.templates.create({ name: "sdk-old", image: "alpine:3.20" });
    expect(await sdk.templates.rename("sdk-old", "sdk-new")).toEqual({ templateID: t.templateID, names: ["sdk-new"] });
    expect((await sdk.templates.validateName("sdk-old")).valid).toBe(true);
    expect((await sdk.templates.clearName("sdk-new")).names).toEqual([]);
    expect((await sdk.templates.get(t.templateID)).templateID).toBe(t.templateID);
    expect(await sdk.templates.lookup("sdk-new").catch((e: unknown) => e)).toBeInstanceOf(NotFoundError);
  });

  test("validateName: a free name is valid and normalized; a bad one says why; a held one says taken and by whom", async () => {
    const held = await sdk.templates.create({ name: "sdk-held", image: "alpine:3.20" });
    expect(await sdk.templates.validateName("  SDK-Fresh ")).toMatchObject({ valid: true, normalized: "sdk-fresh" });
    expect(await sdk.templates.validateName("bad name!")).toMatchObject({ valid: false, reason: "invalid_chars" });
    expect(await sdk.templates.validateName("SDK-HELD")).toMatchObject({ valid: false, reason: "taken", templateID: held.templateID });
  });

  test("a bad name at create → BadRequestError invalid_name, and nothing is made", async () => {
    const before = (await sdk.templates.list()).items.length;
    const err = await sdk.templates.create({ name: "no spaces allowed", image: "alpine:3.20" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadRequestError);
    expect(err).toMatchObject({ status: 400, code: "invalid_name", requestId: expect.any(String) });
    expect((await sdk.templates.list()).items).toHaveLength(before);
  });

  test("lookup by name and name:tag; setPublic publishes and unpublishes", async () => {
    const t = await ready("sdk-lookup");
    expect(await sdk.templates.lookup("SDK-LOOKUP")).toMatchObject({ templateID: t.templateID, buildID: t.buildID, names: ["sdk-lookup"], buildStatus: "ready" });
    expect((await sdk.templates.lookup("sdk-lookup:default")).buildID).toBe(t.buildID);
    await sdk.templates.setPublic("sdk-lookup", true);
    expect((await sdk.templates.get("sdk-lookup")).public).toBe(true);
    await sdk.templates.setPublic("sdk-lookup", false);
    expect((await sdk.templates.get("sdk-lookup")).public).toBe(false);
  });
});

describe("lists", () => {
  test("list searches by name in any letter case and pages with nextToken; listAll yields each match once", async () => {
    for (const n of [1, 2, 3]) await sdk.templates.create({ name: `sdk-page-${n}`, image: "alpine:3.20" });
    const first = await sdk.templates.list({ name: "SDK-PAGE", limit: 2 });
    expect(first.items.map((t) => t.names)).toEqual([["sdk-page-3"], ["sdk-page-2"]]);
    expect(first.nextToken).toEqual(expect.any(String));
    const second = await sdk.templates.list({ name: "sdk-page", limit: 2, nextToken: first.nextToken! });
    expect(second.items.map((t) => t.names)).toEqual([["sdk-page-1"]]);
    expect(second.nextToken).toBeNull();
    const all: string[] = [];
    for await (const t of sdk.templates.listAll({ name: "sdk-page", limit: 1 })) all.push(t.names[0]!);
    expect(all).toEqual(["sdk-page-3", "sdk-page-2", "sdk-page-1"]);
  });
});

describe("tags", () => {
  test("assignTags points tags at a ready build, tags lists them, removeTags removes them", async () => {
    const t = await ready("sdk-tags");
    expect(await sdk.templates.assignTags("sdk-tags", ["v1", "prod"])).toEqual({ buildID: t.buildID, tags: expect.arrayContaining(["v1", "prod"]) });
    expect((await sdk.templates.tags("sdk-tags")).map((x) => x.tag).sort()).toEqual(["default", "prod", "v1"]);
    expect((await sdk.templates.get("sdk-tags:v1")).templateID).toBe(t.templateID);
    await sdk.templates.removeTags("sdk-tags", ["prod"]);
    expect((await sdk.templates.tags("sdk-tags")).map((x) => x.tag).sort()).toEqual(["default", "v1"]);
    expect(await sdk.templates.get("sdk-tags:prod").catch((e: unknown) => e)).toMatchObject({ name: "NotFoundError", code: "tag_not_found" });
  });
});

describe("delete and errors", () => {
  test("delete → get answers NotFoundError template_not_found with the API's message", async () => {
    const t = await sdk.templates.create({ name: "sdk-gone", image: "alpine:3.20" });
    await sdk.templates.delete("sdk-gone");
    const err = await sdk.templates.get(t.templateID).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).toMatchObject({ status: 404, code: "template_not_found", requestId: expect.any(String) });
  });

  test("get of an unknown template → NotFoundError template_not_found naming it", async () => {
    const err = await sdk.templates.get("sdk-never-made").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).toMatchObject({ code: "template_not_found", message: "template 'sdk-never-made' not found" });
  });

  test("a wrong API key → AuthenticationError unauthorized, on reads and writes alike", async () => {
    const stranger = sdkOf(ctx.gateway.url, { apiKey: "not-a-key-of-this-gateway-000" });
    for (const call of [() => stranger.templates.list(), () => stranger.templates.create({ image: "alpine:3.20" })]) {
      const err = await call().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AuthenticationError);
      expect(err).toMatchObject({ status: 401, code: "unauthorized", requestId: expect.any(String) });
    }
  });
});

/** The team's templates named exactly `name`. */
async function named(name: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const t of sdk.templates.listAll({ name })) if (t.names.includes(name)) ids.push(t.templateID);
  return ids;
}

/**
 * `recorded.fetch`, except that the `n`th POST (from 0) is not sent: it is answered as a
 * gateway over its create limit answers (429 rate_limited, Retry-After: 1 s), and recorded.
 */
function rateLimitingPost(recorded: ReturnType<typeof recordingFetch>, n: number): typeof fetch {
  let posts = 0;
  return (async (input: string | URL | Request, init: RequestInit = {}) => {
    if (init.method === "POST" && posts++ === n) {
      const url = new URL(String(input));
      recorded.exchanges.push({ method: "POST", path: url.pathname + url.search, idempotencyKey: new Headers(init.headers).get("idempotency-key"), status: 429 });
      const body = { code: 429, error_code: "rate_limited", message: "too many template creates for this API key", requestId: "fake-429" };
      return new Response(JSON.stringify(body), { status: 429, headers: { "content-type": "application/json", "retry-after": "1", "x-request-id": "fake-429" } });
    }
    return recorded.fetch(input, init);
  }) as typeof fetch;
}

describe("a create answered 429 with Retry-After", () => {
  // The 429 is the test's own: a gateway's window would have to last past the second create yet
  // end soon enough to be waited out, which no window does on a machine of any speed. The
  // gateway's real 429s are met below, with a window no machine outlasts.
  test("is sent again after the wait with the same Idempotency-Key, succeeds and yields exactly one template", async () => {
    const recorded = recordingFetch();
    const client = sdkOf(ctx.gateway.url, { fetch: rateLimitingPost(recorded, 1) });
    await client.templates.create({ name: "sdk-rl-first", image: "alpine:3.20" });
    const second = await client.templates.create({ name: "sdk-rl-second", image: "alpine:3.20" });
    const creates = recorded.exchanges.filter((e) => e.method === "POST");
    expect(creates.map((e) => e.status)).toEqual([202, 429, 202]);
    expect(creates[1]!.idempotencyKey).toEqual(expect.any(String));
    expect(creates[2]!.idempotencyKey).toBe(creates[1]!.idempotencyKey);
    expect(await named("sdk-rl-second")).toEqual([second.templateID]);
    expect(await named("sdk-rl-first")).toHaveLength(1);
  });
});

describe("retries against a gateway with tiny rate limits (one template create and one change per key per window)", () => {
  // Each scenario sends with a key of its own, so a budget of its own; all are the default team's.
  // A key's window starts at its first request and lasts a minute: the second request is inside
  // the first one's window however slow the machine is.
  const KEYS = ["sdk-retry-key-change-0000", "sdk-retry-key-toolong-000", "sdk-retry-key-abort-00000"] as const;
  let long: TestGateway;
  beforeAll(async () => {
    long = await startTestGateway({ MASTER_URL: ctx.master.url, API_KEYS: KEYS.join(","), RATE_LIMIT_CREATES: "1", RATE_LIMIT_WRITES: "1", RATE_LIMIT_WINDOW_MS: "60000" });
  });
  afterAll(async () => {
    await long.close();
  });

  test("a change without an Idempotency-Key (rename) refused with 429 is thrown with retryAfterSeconds and sent once", async () => {
    const t = await sdk.templates.create({ name: "sdk-rl-rename", image: "alpine:3.20" });
    const recorded = recordingFetch();
    const client = sdkOf(long.url, { apiKey: KEYS[0], fetch: recorded.fetch });
    await client.templates.rename(t.templateID, "sdk-rl-renamed");
    const err = await client.templates.rename(t.templateID, "sdk-rl-renamed-again").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err).toMatchObject({ status: 429, code: "rate_limited", retryAfterSeconds: expect.any(Number), requestId: expect.any(String) });
    expect((err as RateLimitedError).retryAfterSeconds).toBeGreaterThan(1);
    expect(recorded.exchanges.map((e) => `${e.method} ${e.status}`)).toEqual(["PATCH 200", "PATCH 429"]);
    expect((await sdk.templates.get(t.templateID)).names).toEqual(["sdk-rl-renamed"]);
  });

  test("a Retry-After longer than maxRetryAfterMs is not waited for: the 429 is thrown at once", async () => {
    const recorded = recordingFetch();
    const client = sdkOf(long.url, { apiKey: KEYS[1], fetch: recorded.fetch, retry: { minDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 500 } });
    await client.templates.create({ name: "sdk-rl-max-1", image: "alpine:3.20" });
    const err = await client.templates.create({ name: "sdk-rl-max-2", image: "alpine:3.20" }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: "RateLimitedError", retryAfterSeconds: expect.any(Number) });
    expect((err as RateLimitedError).retryAfterSeconds).toBeGreaterThan(1);
    expect(recorded.exchanges.map((e) => e.status)).toEqual([202, 429]);
    expect(await named("sdk-rl-max-2")).toEqual([]);
  });

  test("the caller's signal ends the wait for Retry-After: rejects with its reason, nothing more is sent", async () => {
    const recorded = recordingFetch();
    const client = sdkOf(long.url, { apiKey: KEYS[2], fetch: recorded.fetch });
    await client.templates.create({ name: "sdk-rl-abort-1", image: "alpine:3.20" });
    const controller = new AbortController();
    const reason = new Error("user cancelled");
    const creating = client.templates.create({ name: "sdk-rl-abort-2", image: "alpine:3.20" }, { signal: controller.signal });
    // Abort once the 429 has come back, while the SDK waits to try again.
    const waiting = setInterval(() => recorded.exchanges[1]?.status === 429 && controller.abort(reason), 5);
    await expect(creating).rejects.toBe(reason);
    clearInterval(waiting);
    expect(recorded.exchanges.map((e) => e.status)).toEqual([202, 429]);
  });
});
