import { expect, test } from "@jest/globals";
import { expectErrorShape, useTestMaster } from "./support.js";
import { jsonClient } from "../../../test-support/http.js";
import { TEAM_HEADER } from "@cubicle/contracts";

const TOKEN = "s3cret-token-for-tests";
const ctx = useTestMaster({ env: { MASTER_TOKEN: TOKEN } });

test("with MASTER_TOKEN set, calls without the bearer token → 401 unauthorized", async () => {
  const anonymous = jsonClient(ctx.master.url);
  for (const path of ["/templates", "/lookup?name=x", "/metrics"]) {
    const r = await anonymous.get(path);
    expectErrorShape(r, 401, "unauthorized");
    expect(r.headers.get("www-authenticate")).toMatch(/^Bearer/);
  }
  expectErrorShape(await anonymous.post("/templates", { image: "alpine" }), 401, "unauthorized");
});

test("a wrong token or another scheme → 401", async () => {
  expectErrorShape(await jsonClient(ctx.master.url, { authorization: "Bearer wrong-token-entirely" }).get("/templates"), 401, "unauthorized");
  expectErrorShape(await jsonClient(ctx.master.url, { authorization: `Basic ${TOKEN}` }).get("/templates"), 401, "unauthorized");
});

test("the right token is let through, and health probes need none", async () => {
  expect((await ctx.master.api.get("/templates")).status).toBe(200);
  const anonymous = jsonClient(ctx.master.url);
  expect((await anonymous.get("/healthz")).status).toBe(200);
  expect((await anonymous.get("/readyz")).status).toBe(200);
});

test.each(["bearer", "BEARER", "BeArEr"])("the scheme is case-insensitive (RFC 9110): '%s <token>' is let through", async (scheme) => {
  expect((await jsonClient(ctx.master.url, { authorization: `${scheme} ${TOKEN}`, [TEAM_HEADER]: ctx.master.team }).get("/templates")).status).toBe(200);
});

test("the token itself is compared exactly: another letter case is refused", async () => {
  expectErrorShape(await jsonClient(ctx.master.url, { authorization: `Bearer ${TOKEN.toUpperCase()}` }).get("/templates"), 401, "unauthorized");
});
