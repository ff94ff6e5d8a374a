import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { API_KEY, expectGatewayError, rawRequest, startTestGateway, useTestGateway, waitForGatewayBuild, withGateway, type GatewayClient, type Reply, type TestGateway } from "./support.js";

// The gateway under test comes from each describe; this one only provides master.
const ctx = useTestGateway();

const KEY_1 = "rate-limit-key-one-0123456789";
const KEY_2 = "rate-limit-key-two-0123456789";

/** The lookup routes, which share one budget per key; each answers 200 or 404 when not limited. */
const LOOKUPS = ["/templates/lookup?name=rl-nobody", "/templates/aliases/rl-nobody", "/templates/rl-nobody"];

function expectRateLimited(r: Reply, windowSeconds: number) {
  expectGatewayError(r, 429, "rate_limited");
  const retryAfter = Number(r.headers.get("retry-after"));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
}

const notLimited = (r: Reply) => expect(r.status).not.toBe(429);

describe("RATE_LIMIT_LOOKUPS=3 with two API keys", () => {
  let gateway: TestGateway;
  let one: GatewayClient;
  let two: GatewayClient;
  beforeAll(async () => {
    gateway = await startTestGateway({ MASTER_URL: ctx.master.url, API_KEYS: `${KEY_1}, ${KEY_2}`, RATE_LIMIT_LOOKUPS: "3", RATE_LIMIT_WINDOW_MS: "60000" });
    one = gateway.as(KEY_1);
    two = gateway.as(KEY_2);
  });
  afterAll(() => gateway?.close());

  test("requests with a wrong key are refused before they count", async () => {
    for (let i = 0; i < 5; i++) expectGatewayError(await gateway.as("some-wrong-key-0123456789").get(LOOKUPS[0]!), 401, "unauthorized");
  });

  test("three lookups of any kind pass; the fourth → 429 rate_limited with Retry-After", async () => {
    for (const path of LOOKUPS) expectGatewayError(await one.get(path), 404, "template_not_found");
    const limited = await one.get(LOOKUPS[0]!);
    expectRateLimited(limited, 60);
    expect(limited.body.message).toMatch(/at most 3 every 60 s/);
    expectRateLimited(await one.get("/templates/aliases/rl-other"), 60);
  });

  test("the other API key still has its own budget", async () => {
    for (const path of LOOKUPS) expectGatewayError(await two.get(path), 404, "template_not_found");
    expectRateLimited(await two.get(LOOKUPS[0]!), 60);
  });

  test("a key out of lookups can still list, create and check names", async () => {
    expect((await one.get("/templates")).status).toBe(200);
    expect((await one.get("/names/validate?name=rl-name")).status).toBe(200);
    const created = await one.post("/templates", { name: "rl-created", image: "alpine" });
    expect(created.status).toBe(202);
    await waitForGatewayBuild(one, created.body.templateID, created.body.buildID);
  });
});

describe("RATE_LIMIT_CREATES=2", () => {
  test("the third POST /templates → 429 rate_limited; lookups are not affected", async () => {
    await withGateway({ MASTER_URL: ctx.master.url, RATE_LIMIT_CREATES: "2" }, async (gateway) => {
      expect((await gateway.api.post("/templates", { image: "alpine" })).status).toBe(202);
      expect((await gateway.api.post("/templates", { image: "alpine" })).status).toBe(202);
      const third = await gateway.api.post("/templates", { image: "alpine" });
      expectRateLimited(third, 60);
      expect(third.body.message).toMatch(/template builds/);
      notLimited(await gateway.api.get(LOOKUPS[0]!));
    });
  });

  test("rebuilds share the budget of creates", async () => {
    await withGateway({ MASTER_URL: ctx.master.url, RATE_LIMIT_CREATES: "2" }, async (gateway) => {
      const created = (await gateway.api.post("/templates", { image: "alpine" })).body;
      await waitForGatewayBuild(gateway.api, created.templateID, created.buildID, ["ready"]);
      const rebuilt = await gateway.api.post(`/templates/${created.templateID}`, {});
      expect(rebuilt.status).toBe(202);
      expectRateLimited(await gateway.api.post("/templates", { image: "alpine" }), 60);
      expectRateLimited(await gateway.api.post(`/templates/${created.templateID}`, {}), 60);
      await waitForGatewayBuild(gateway.api, created.templateID, rebuilt.body.buildID);
    });
  });

  test("the window is the one configured: Retry-After never exceeds RATE_LIMIT_WINDOW_MS", async () => {
    await withGateway({ MASTER_URL: ctx.master.url, RATE_LIMIT_CREATES: "1", RATE_LIMIT_WINDOW_MS: "5000" }, async (gateway) => {
      expect((await gateway.api.post("/templates", { image: "alpine" })).status).toBe(202);
      const limited = await gateway.api.post("/templates", { image: "alpine" });
      expectRateLimited(limited, 5);
      expect(limited.body.message).toMatch(/at most 1 every 5 s/);
    });
  });
});

describe("RATE_LIMIT_LOOKUPS=0 and RATE_LIMIT_CREATES=0", () => {
  test("mean unlimited", async () => {
    await withGateway({ MASTER_URL: ctx.master.url, RATE_LIMIT_LOOKUPS: "0", RATE_LIMIT_CREATES: "0" }, async (gateway) => {
      for (let i = 0; i < 20; i++) notLimited(await gateway.api.get(LOOKUPS[i % LOOKUPS.length]!));
      for (let i = 0; i < 5; i++) expect((await gateway.api.post("/templates", { image: "alpine" })).status).toBe(202);
    });
  });
});

describe("RATE_LIMIT_READS and RATE_LIMIT_WRITES: every route that reaches master is limited", () => {
  test("lists, build status and sandbox reads share the reads budget; the third → 429", async () => {
    for (const reads of [
      ["/templates", "/v2/templates", "/templates"],
      ["/v2/sandboxes", "/sandboxes", `/sandboxes/${"0".repeat(32)}`],
      [`/templates/tpl-${"0".repeat(24)}/builds/00000000-0000-4000-8000-000000000000/status`, "/templates", "/v2/sandboxes"],
    ]) {
      await withGateway({ MASTER_URL: ctx.master.url, RATE_LIMIT_READS: "2" }, async (gateway) => {
        notLimited(await gateway.api.get(reads[0]!));
        notLimited(await gateway.api.get(reads[1]!));
        const limited = await gateway.api.get(reads[2]!);
        expectRateLimited(limited, 60);
        expect(limited.body.message).toMatch(/too many reads for this API key/);
        // Lookups have their own budget.
        notLimited(await gateway.api.get(LOOKUPS[0]!));
      });
    }
  });

  test("renames, deletes, build starts and sandbox kills share the writes budget; the third → 429", async () => {
    const id = `tpl-${"0".repeat(24)}`;
    await withGateway({ MASTER_URL: ctx.master.url, RATE_LIMIT_WRITES: "2" }, async (gateway) => {
      notLimited(await gateway.api.patch(`/templates/${id}`, { name: "rl-renamed" }));
      notLimited(await gateway.api.delete(`/templates/${id}`));
      expectRateLimited(await gateway.api.post(`/templates/${id}/builds/00000000-0000-4000-8000-000000000000`), 60);
      expectRateLimited(await gateway.api.delete(`/sandboxes/${"0".repeat(32)}`), 60);
      notLimited(await gateway.api.get("/templates"));
    });
  });
});

/** A GET from a chosen loopback address (any 127.x.y.z reaches the gateway on 127.0.0.1). */
async function getFrom(gateway: TestGateway, localAddress: string, path: string, key?: string) {
  const r = await rawRequest(gateway.url, { path, localAddress, headers: key ? { "x-api-key": key } : {} });
  return { ...r, retryAfter: r.headers["retry-after"] as string | undefined };
}

describe("RATE_LIMIT_AUTH_FAILURES: missing and wrong API keys are throttled per client address", () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({ MASTER_URL: ctx.master.url, RATE_LIMIT_AUTH_FAILURES: "3", RATE_LIMIT_WINDOW_MS: "60000" });
  });
  afterAll(() => gateway?.close());

  test("three failures answer 401; then the address is refused with 429 and Retry-After, even with the right key", async () => {
    const from = "127.0.0.21";
    expect((await getFrom(gateway, from, "/templates", "wrong-key-0123456789abcdef")).status).toBe(401);
    expect((await getFrom(gateway, from, "/templates")).status).toBe(401);
    expect((await getFrom(gateway, from, "/templates", "another-wrong-key-0123456789")).status).toBe(401);
    for (const key of ["wrong-key-0123456789abcdef", API_KEY]) {
      const r = await getFrom(gateway, from, "/templates", key);
      expect(r.status).toBe(429);
      expect(r.body).toMatchObject({ code: 429, error_code: "rate_limited" });
      expect(r.body.message).toMatch(/missing or wrong API key from this address/);
      expect(Number(r.retryAfter)).toBeGreaterThan(0);
      expect(Number(r.retryAfter)).toBeLessThanOrEqual(60);
    }
  });

  test("another address is not affected, and the probes stay open", async () => {
    expect((await getFrom(gateway, "127.0.0.22", "/templates", API_KEY)).status).toBe(200);
    expect((await getFrom(gateway, "127.0.0.21", "/healthz")).status).toBe(200);
  });

  test("upload links that are no good count like wrong keys: three unknown tokens, then the address is refused, uploads and keyed requests alike", async () => {
    const from = "127.0.0.24";
    const upload = (token: string) => rawRequest(gateway.url, { method: "PUT", path: `/uploads/${token}`, body: "x", localAddress: from });
    for (let i = 0; i < 3; i++) expect((await upload(`${"A".repeat(42)}${i}`)).status).toBe(403);
    const refused = await upload("A".repeat(43));
    expect({ status: refused.status, code: refused.body.error_code }).toEqual({ status: 429, code: "rate_limited" });
    expect(refused.body.message).toMatch(/missing or wrong upload link from this address/);
    expect((await getFrom(gateway, from, "/templates", API_KEY)).status).toBe(429);
  });

  test("good keys never count against an address", async () => {
    for (let i = 0; i < 10; i++) expect((await getFrom(gateway, "127.0.0.23", "/templates", API_KEY)).status).toBe(200);
    expect((await getFrom(gateway, "127.0.0.23", "/templates", "wrong-key-0123456789abcdef")).status).toBe(401);
  });
});
