// What the gateway refuses at its boundary, before anything reaches master or a node: bodies
// that are not JSON (415 on every route), strings PostgreSQL cannot store (NUL, lone
// surrogates), prototype keys, and a metadata filter that names a key twice.
import { createDrain } from "@cubicle/service-kit";
import { beforeAll, describe, expect, test } from "@jest/globals";
import { Router, type RequestHandler } from "express";
import type { MasterClient } from "@cubicle/master-client";
import type { TemplateRefs } from "../src/domain/template-refs.js";
import { healthRoutes } from "../src/entry-points/http/routes/health.js";
import { nameRoutes } from "../src/entry-points/http/routes/names.js";
import { templateLookupRoute, templateRoutes } from "../src/entry-points/http/routes/templates.js";
import { sandboxRoutes } from "../src/entry-points/http/routes/sandboxes.js";
import { unservedRoutes } from "../src/entry-points/http/routes/unserved.js";
import { API_KEY, createTemplateAndWait, expectGatewayError, storedSandboxRow, useTestGateway, createTestNode } from "./support.js";
import { rawRequest } from "../../../test-support/http.js";

const agent = createTestNode();
const ctx = useTestGateway({ node: agent });

beforeAll(async () => {
  await createTemplateAndWait(ctx.api, { name: "hygiene-app", image: "alpine:3.20" });
});

/** Every route the gateway declares, as [METHOD, path with sample values]. */
function everyRoute(): [string, string][] {
  const pass: RequestHandler = (_req, _res, next) => next();
  const router = Router();
  const limits = { lookups: pass, creates: pass, reads: pass, writes: pass };
  healthRoutes(router, { ready: async () => ({ ready: true }) }, createDrain(0));
  nameRoutes(router, { refs: {} as TemplateRefs, limit: pass });
  templateLookupRoute(router, { refs: {} as TemplateRefs, limits });
  unservedRoutes(router);
  templateRoutes(router, { master: {} as MasterClient, refs: {} as TemplateRefs, limits });
  sandboxRoutes(router, { master: {} as MasterClient, refs: {} as TemplateRefs, defaultMode: "fast", domain: "cubicle.localhost", limits });
  const sample: Record<string, string> = { ref: "hygiene-app", buildID: "00000000-0000-4000-8000-000000000000", sandboxID: "0".repeat(32), alias: "hygiene-app" };
  const routes: [string, string][] = [];
  for (const layer of (router as unknown as { stack: { route?: { path: string; methods: Record<string, boolean> } }[] }).stack) {
    if (!layer.route) continue;
    const path = layer.route.path.replace(/:(\w+)/g, (_m, name: string) => sample[name] ?? "x1");
    for (const method of Object.keys(layer.route.methods)) routes.push([method.toUpperCase(), path]);
  }
  return routes;
}

const sendBody = (method: string, path: string, type: string | undefined, body: string) =>
  rawRequest(ctx.gateway.url, { method, path, body, headers: { "x-api-key": API_KEY, ...(type && { "content-type": type }) } });

const snapshot = async () => (await ctx.db.query("SELECT (SELECT count(*) FROM templates) AS t, (SELECT count(*) FROM builds) AS b, (SELECT count(*) FROM sandboxes) AS s")).rows[0];

describe("bodies that are not JSON", () => {
  test("on every route, a body sent as text/plain (or with no type) → 415 unsupported_media_type, and nothing happens", async () => {
    const routes = everyRoute().filter(([, path]) => !["/healthz", "/readyz", "/health", "/openapi.json"].includes(path));
    expect(routes.length).toBeGreaterThan(50);
    const before = await snapshot();
    const creates = agent.calls().length;
    for (const [method, path] of routes) {
      for (const type of ["text/plain", undefined]) {
        const r = await sendBody(method, path, type, JSON.stringify({ name: "renamed-by-text", image: "alpine:fail", templateID: "hygiene-app" }));
        expect({ method, path, type, status: r.status, code: r.body?.error_code }).toEqual({ method, path, type, status: 415, code: "unsupported_media_type" });
      }
    }
    expect(await snapshot()).toEqual(before);
    expect(agent.calls().length).toBe(creates);
  });

  test("the rebuild E2B's audit found: POST /templates/:ref with a text/plain JSON body does not start a build on defaults", async () => {
    const builds = await ctx.db.query("SELECT count(*)::int AS n FROM builds");
    const r = await sendBody("POST", "/templates/hygiene-app", "text/plain", JSON.stringify({ image: "alpine:3.21" }));
    expect(r.status).toBe(415);
    expect((await ctx.db.query("SELECT count(*)::int AS n FROM builds")).rows[0].n).toBe(builds.rows[0].n);
  });
});

/** A raw JSON text (so escapes such as \u0000 and \ud800 reach the server as written). */
const raw = (json: string) => ctx.api.call("POST", "/sandboxes", json, { "content-type": "application/json" });

describe("strings the database cannot store, refused before a sandbox is placed", () => {
  test.each([
    ["a NUL in a metadata value", '{"templateID":"hygiene-app","metadata":{"user":"a\\u0000b"}}', "body.metadata.user holds a NUL character"],
    ["a NUL in a metadata key", '{"templateID":"hygiene-app","metadata":{"us\\u0000er":"a"}}', "body.metadata has a key that holds a NUL character"],
    ["a lone surrogate in a metadata value", '{"templateID":"hygiene-app","metadata":{"user":"\\ud800"}}', "body.metadata.user is not well-formed Unicode"],
    ["a NUL in an envVars value", '{"templateID":"hygiene-app","envVars":{"A":"\\u0000"}}', "body.envVars.A holds a NUL character"],
    ["a __proto__ metadata key", '{"templateID":"hygiene-app","metadata":{"__proto__":"x"}}', "body.metadata has the key '__proto__'"],
    ["a constructor envVars key", '{"templateID":"hygiene-app","envVars":{"constructor":"x"}}', "body.envVars has the key 'constructor'"],
    ["a NUL in the template reference", '{"templateID":"hygiene\\u0000app"}', "body.templateID holds a NUL character"],
  ])("%s → 400 invalid_request, in both id modes; the node is not asked", async (_what, json, message) => {
    for (const mode of ["fast", "strong"]) {
      const before = agent.calls().length;
      const r = await ctx.api.call("POST", "/sandboxes", json, { "content-type": "application/json", "x-cubicle-sandbox-mode": mode });
      expectGatewayError(r, 400, "invalid_request");
      expect(r.body.message).toContain(message);
      expect(agent.calls().length).toBe(before);
    }
    const fine = await raw('{"templateID":"hygiene-app","metadata":{"user":"fine 🙂"}}');
    expect(fine).toMatchObject({ status: 201 });
    await storedSandboxRow(ctx.db, fine.body.sandboxID);
  });

  test.each([
    ["a NUL (sent double-encoded, as E2B's SDK encodes)", `metadata=${encodeURIComponent("user=a%00b")}`, "holds a NUL character"],
    ["a __proto__ key", `metadata=${encodeURIComponent("__proto__=x")}`, "has the key '__proto__'"],
    ["a key given twice", `metadata=${encodeURIComponent("a=1&a=2")}`, "names a key more than once"],
    ["a NUL in the template filter", "template=a%00b", "query.template holds a NUL character"],
  ])("a sandbox list filter with %s → 400 invalid_request", async (_what, query, message) => {
    for (const path of ["/v2/sandboxes", "/sandboxes"]) {
      const r = await ctx.api.get(`${path}?${query}`);
      expectGatewayError(r, 400, "invalid_request");
      expect(r.body.message).toContain(message);
    }
  });

  test("template names and references with a NUL → 400, nothing created or renamed", async () => {
    const before = await snapshot();
    expectGatewayError(await ctx.api.call("POST", "/templates", '{"name":"a\\u0000b","image":"alpine:3.20"}', { "content-type": "application/json" }), 400, "invalid_request");
    expectGatewayError(await ctx.api.call("PATCH", "/templates/hygiene-app", '{"name":"a\\u0000b"}', { "content-type": "application/json" }), 400, "invalid_request");
    expectGatewayError(await ctx.api.get("/templates/lookup?name=a%00b"), 400, "invalid_request");
    expectGatewayError(await ctx.api.get("/templates/a%00b"), 400, "invalid_request");
    expect(await snapshot()).toEqual(before);
  });
});
