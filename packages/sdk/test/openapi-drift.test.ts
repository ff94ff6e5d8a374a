// The SDK's types are generated from the gateway's OpenAPI document. This fails when the
// document a running gateway serves no longer gives the committed types, so the SDK cannot
// drift from the API: run `pnpm --filter @cubicle/sdk generate` and fix what `tsc` then finds.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "@jest/globals";
import { useTestGateway } from "../../../services/gateway/test/support.js";
import { typesFromDocument } from "../scripts/openapi-types.js";

const ctx = useTestGateway();

describe("the SDK's generated types", () => {
  test("are exactly what the running gateway's /openapi.json gives (else: pnpm --filter @cubicle/sdk generate)", async () => {
    const served = await ctx.anon.get("/openapi.json");
    expect(served.status).toBe(200);
    const committed = readFileSync(new URL("../src/generated/openapi.ts", import.meta.url), "utf8");
    const fresh = await typesFromDocument(served.body);
    if (fresh !== committed) {
      const at = [...fresh].findIndex((c, i) => c !== committed[i]);
      throw new Error(`src/generated/openapi.ts differs from the served API near:\n${fresh.slice(Math.max(0, at - 200), at + 200)}\nRun: pnpm --filter @cubicle/sdk generate`);
    }
  });
});
