// The official E2B JS SDK against the real gateway: `Template.exists(name)` is answered by
// `GET /templates/aliases/:alias`, with E2B's `X-API-KEY` header.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
// The SDK's ES module build, by path: `e2b` has no `exports` map, so a bare `"e2b"` gives Jest
// its `main`, the CommonJS build, which `require`s chalk 5 (ES module only) and fails to load
// under Jest's ESM mode. TypeScript resolves this path to the SDK's own `index.d.mts`.
import { AuthenticationError, Template } from "e2b/dist/index.mjs";
import { startGatewayProcess, startMasterProcess, stopAllServices, truncateTables, type GatewayProcess } from "./support.js";

let gateway: GatewayProcess;

beforeAll(async () => {
  await truncateTables();
  const MASTER_TOKEN = `e2e-sdk-token-${randomBytes(8).toString("hex")}`;
  const master = await startMasterProcess({ MASTER_TOKEN, BUILD_PHASE_DELAY_MS: "20" });
  gateway = await startGatewayProcess(master.url, { MASTER_TOKEN });
});

afterAll(async () => {
  await stopAllServices();
});

describe("the E2B SDK", () => {
  test("Template.exists finds a template by name, in any letter case, and refuses a wrong key", async () => {
    // Mixed case, so that the other-case lookup below is really another spelling.
    const name = `Sdk-Check-${randomBytes(4).toString("hex")}`;
    const created = await gateway.api.post("/templates", { name, image: "alpine:3.20" });
    expect({ status: created.status, names: created.body?.names }).toEqual({ status: 202, names: [name] });

    const opts = { apiUrl: gateway.url, apiKey: gateway.apiKey };
    expect(await Template.exists(name, opts)).toBe(true);
    expect(await Template.exists(name.toUpperCase(), opts)).toBe(true);
    expect(await Template.exists(name.toLowerCase(), opts)).toBe(true);
    expect(await Template.exists(`sdk-missing-${randomBytes(4).toString("hex")}`, opts)).toBe(false);
    await expect(Template.exists(name, { ...opts, apiKey: `wrong-key-${randomBytes(8).toString("hex")}` })).rejects.toBeInstanceOf(AuthenticationError);
  });
});
