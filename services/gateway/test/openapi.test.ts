import { createDrain } from "@cubicle/service-kit";
import { beforeAll, describe, expect, test } from "@jest/globals";
import { Router, type RequestHandler } from "express";
import {
  ERROR_STATUS,
  aliasResponseSchema,
  assignedTemplateTagsSchema,
  buildStatusResponseSchema,
  createTemplateResponseSchema,
  errorResponseSchema,
  gatewayCreateTemplateBodySchema,
  gatewayRebuildBodySchema,
  gatewayUpdateTemplateBodySchema,
  lookupResponseSchema,
  nameValidationResponseSchema,
  sandboxDetailSchema,
  sandboxLogsSchema,
  sandboxLogsV2Schema,
  sandboxMetricListSchema,
  sandboxSchema,
  sandboxesWithMetricsSchema,
  startBuildResponseSchema,
  templateBuildFileUploadSchema,
  templateBuildLogsResponseSchema,
  templateLegacySchema,
  templateListSchema,
  templateRequestResponseV3Schema,
  templateTagListSchema,
  templateWithBuildsSchema,
  updateTemplateResponseSchema,
  uploadResponseSchema,
} from "@cubicle/contracts";
import type { MasterClient } from "@cubicle/master-client";
import type { TemplateRefs } from "../src/domain/template-refs.js";
import { healthRoutes } from "../src/entry-points/http/routes/health.js";
import { nameRoutes } from "../src/entry-points/http/routes/names.js";
import { openApiRoute } from "../src/entry-points/http/routes/openapi.js";
import { templateLookupRoute, templateRoutes } from "../src/entry-points/http/routes/templates.js";
import { templateBuildRoutes, uploadRoute } from "../src/entry-points/http/routes/template-builds.js";
import { unservedRoutes } from "../src/entry-points/http/routes/unserved.js";
import { sandboxRoutes } from "../src/entry-points/http/routes/sandboxes.js";
import { apiKeyRoutes } from "../src/entry-points/http/routes/api-keys.js";
import { adminRoutes } from "../src/entry-points/http/routes/admin.js";
import type { KeyResolver } from "../src/domain/api-keys.js";
import { useTestGateway } from "./support.js";

// With ADMIN_TOKEN, so that the operator's documented paths are served too.
const ctx = useTestGateway({ gatewayEnv: { ADMIN_TOKEN: "openapi-test-admin-token-0123456789abcdef" } });

type Operation = {
  summary: string;
  security?: unknown[];
  parameters?: { name: string; in: string; required: boolean; schema: unknown }[];
  requestBody?: { required: boolean; content: { "application/json": { schema: unknown } } };
  responses: Record<string, { description: string; content?: { "application/json": { schema: unknown } } }>;
};
let doc: { openapi: string; info: unknown; security: unknown; components: any; paths: Record<string, Record<string, Operation>> };

beforeAll(async () => {
  const r = await ctx.anon.get("/openapi.json");
  expect(r.status).toBe(200);
  expect(r.headers.get("content-type")).toMatch(/^application\/json/);
  doc = r.body;
});

/** Every route the gateway's route modules declare, as "METHOD /openapi/{path}". */
function declaredRoutes(): string[] {
  const pass: RequestHandler = (_req, _res, next) => next();
  const router = Router();
  healthRoutes(router, { ready: async () => ({ ready: true }) }, createDrain(0));
  openApiRoute(router);
  nameRoutes(router, { refs: {} as TemplateRefs, limit: pass });
  const limits = { lookups: pass, creates: pass, reads: pass, writes: pass };
  templateLookupRoute(router, { refs: {} as TemplateRefs, limits });
  adminRoutes(router, { master: {} as MasterClient, keys: {} as KeyResolver, token: undefined, throttle: { retryAfter: () => 0, failed: () => {} }, limit: pass });
  unservedRoutes(router);
  apiKeyRoutes(router, { master: {} as MasterClient, keys: {} as KeyResolver, limits });
  uploadRoute(router, { master: {} as MasterClient, throttle: { retryAfter: () => 0, failed: () => {} } });
  templateBuildRoutes(router, { master: {} as MasterClient, refs: {} as TemplateRefs, limits, publicUrl: undefined });
  templateRoutes(router, { master: {} as MasterClient, refs: {} as TemplateRefs, limits });
  sandboxRoutes(router, { master: {} as MasterClient, refs: {} as TemplateRefs, defaultMode: "fast", domain: "cubicle.localhost", limits });
  const routes: string[] = [];
  for (const layer of (router as unknown as { stack: { route?: { path: string; methods: Record<string, boolean> } }[] }).stack) {
    if (!layer.route) continue;
    const path = layer.route.path.replace(/:(\w+)/g, "{$1}");
    for (const method of Object.keys(layer.route.methods)) routes.push(`${method.toUpperCase()} ${path}`);
  }
  return routes.sort();
}

const documentedOperations = () =>
  Object.entries(doc.paths)
    .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();

describe("GET /openapi.json", () => {
  test("is served without a key as OpenAPI 3.1", () => {
    expect(doc.openapi).toMatch(/^3\.1(\.\d+)?$/);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
  });

  test("documents exactly the routes the gateway's routers declare", () => {
    const routes = declaredRoutes();
    expect(routes.length).toBeGreaterThan(10);
    // The document describes the API, not itself.
    expect(documentedOperations()).toEqual(routes.filter((r) => r !== "GET /openapi.json"));
  });

  test("every documented operation is served by the running gateway (none answers 404 not_found)", async () => {
    const sample = { ref: "openapi-probe", buildID: "00000000-0000-4000-8000-000000000000", alias: "openapi-probe" };
    for (const operation of documentedOperations()) {
      const [method, template] = operation.split(" ") as [string, string];
      const path = template.replace(/\{(\w+)\}/g, (_m, name: keyof typeof sample) => sample[name]);
      const r = await ctx.api.call(method, path, method === "POST" || method === "PATCH" ? {} : undefined);
      expect({ operation, status: r.status, error_code: r.body?.error_code }).not.toMatchObject({ error_code: "not_found" });
    }
  });

  test("the request body of POST /templates is gatewayCreateTemplateBodySchema; rename and rebuild bodies are theirs", () => {
    const body = (path: string, method: string) => doc.paths[path]![method]!.requestBody;
    expect(body("/templates", "post")).toEqual({ required: true, content: { "application/json": { schema: gatewayCreateTemplateBodySchema } } });
    expect(body("/templates/{ref}", "patch")?.content["application/json"].schema).toEqual(gatewayUpdateTemplateBodySchema);
    expect(body("/templates/{ref}", "post")?.content["application/json"].schema).toEqual(gatewayRebuildBodySchema);
  });

  test.each([
    ["/templates", "get", "200", templateListSchema],
    ["/templates", "post", "202", createTemplateResponseSchema],
    ["/templates/lookup", "get", "200", lookupResponseSchema],
    ["/templates/aliases/{alias}", "get", "200", aliasResponseSchema],
    ["/templates/{ref}", "get", "200", templateWithBuildsSchema],
    ["/templates/{ref}", "patch", "200", updateTemplateResponseSchema],
    ["/templates/{ref}", "post", "202", createTemplateResponseSchema],
    ["/templates/{ref}/builds/{buildID}", "post", "202", startBuildResponseSchema],
    ["/templates/{ref}/builds/{buildID}/status", "get", "200", buildStatusResponseSchema],
    ["/v3/templates", "post", "202", templateRequestResponseV3Schema],
    ["/v2/templates", "post", "202", templateLegacySchema],
    ["/templates/{ref}/files/{hash}", "get", "201", templateBuildFileUploadSchema],
    ["/uploads/{token}", "put", "201", uploadResponseSchema],
    ["/uploads/{token}", "put", "200", uploadResponseSchema],
    ["/templates/{ref}/builds/{buildID}/logs", "get", "200", templateBuildLogsResponseSchema],
    ["/templates/tags", "post", "201", assignedTemplateTagsSchema],
    ["/templates/{ref}/tags", "get", "200", templateTagListSchema],
    ["/names/validate", "get", "200", nameValidationResponseSchema],
    ["/sandboxes/{sandboxID}", "get", "200", sandboxDetailSchema],
    ["/sandboxes/{sandboxID}/connect", "post", "200", sandboxSchema],
    ["/sandboxes/{sandboxID}/connect", "post", "201", sandboxSchema],
    ["/v2/sandboxes/{sandboxID}/connect", "post", "201", sandboxSchema],
    ["/sandboxes/{sandboxID}/resume", "post", "201", sandboxSchema],
    ["/sandboxes/{sandboxID}/metrics", "get", "200", sandboxMetricListSchema],
    ["/sandboxes/metrics", "get", "200", sandboxesWithMetricsSchema],
    ["/sandboxes/{sandboxID}/logs", "get", "200", sandboxLogsSchema],
    ["/v2/sandboxes/{sandboxID}/logs", "get", "200", sandboxLogsV2Schema],
  ])("%s %s: its %s response is described by the schema the tests check answers against", (path, method, status, schema) => {
    expect(doc.paths[path]![method]!.responses[status]?.content?.["application/json"].schema).toEqual(schema);
  });

  test("DELETE /templates/{ref} answers 204 with no body, and so do a sandbox's timeout, refreshes and pause", () => {
    expect(doc.paths["/templates/{ref}"]!.delete!.responses["204"]).toEqual({ description: expect.any(String) });
    for (const op of ["timeout", "refreshes", "pause"]) expect(doc.paths[`/sandboxes/{sandboxID}/${op}`]!.post!.responses["204"]).toEqual({ description: expect.any(String) });
  });

  test("path parameters are required and named as in the paths; the query parameters are listed", () => {
    for (const [path, ops] of Object.entries(doc.paths)) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const op of Object.values(ops)) {
        const params = (op.parameters ?? []).filter((p) => p.in === "path");
        expect(params.map((p) => p.name).sort()).toEqual([...inPath].sort());
        expect(params.every((p) => p.required)).toBe(true);
      }
    }
    const query = (path: string, method: string) => (doc.paths[path]![method]!.parameters ?? []).filter((p) => p.in === "query").map((p) => `${p.name}${p.required ? "!" : ""}`);
    expect(query("/templates", "get")).toEqual(["limit", "nextToken", "name"]);
    expect(query("/templates/lookup", "get")).toEqual(["name!"]);
    expect(query("/names/validate", "get")).toEqual(["name!"]);
    expect(query("/templates/{ref}/builds/{buildID}/status", "get")).toEqual(["logsOffset", "limit", "level"]);
    expect(query("/sandboxes/metrics", "get")).toEqual(["sandbox_ids!"]);
    expect(query("/sandboxes/{sandboxID}/metrics", "get")).toEqual(["start", "end"]);
    expect(query("/sandboxes/{sandboxID}/logs", "get")).toEqual(["start", "limit"]);
    expect(query("/v2/sandboxes/{sandboxID}/logs", "get")).toEqual(["cursor", "limit", "direction", "level", "search"]);
  });

  test("every error response uses the shared Error schema and lists only codes of its status", () => {
    expect(doc.components.schemas.Error).toEqual(errorResponseSchema);
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        for (const [status, response] of Object.entries(op.responses)) {
          if (Number(status) < 400) continue;
          expect(response.content?.["application/json"].schema).toEqual({ $ref: "#/components/schemas/Error" });
          if (path === "/readyz") continue;
          for (const code of response.description.split(", ")) {
            expect({ path, method, code, status: ERROR_STATUS[code as keyof typeof ERROR_STATUS] }).toEqual({ path, method, code, status: Number(status) });
          }
        }
      }
    }
  });

  test("the API key is an X-API-Key header, required everywhere but the probes and the operator's paths (X-Admin-Token)", () => {
    expect(doc.components.securitySchemes).toEqual({
      ApiKeyAuth: { type: "apiKey", in: "header", name: "X-API-Key" },
      AdminTokenAuth: { type: "apiKey", in: "header", name: "X-Admin-Token" },
    });
    expect(doc.security).toEqual([{ ApiKeyAuth: [] }]);
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const op of Object.values(ops)) {
        if (path === "/health" || path === "/healthz" || path === "/readyz") expect(op.security).toEqual([]);
        // An upload link's token is its credential: E2B's SDK sends no key with the file.
        else if (path === "/uploads/{token}") expect(op.security).toEqual([]);
        else if (path.startsWith("/admin/") && !op.summary.startsWith("Not implemented")) {
          expect(op.security).toEqual([{ AdminTokenAuth: [] }]);
          expect(Object.keys(op.responses)).toContain("401");
        } else {
          expect(op.security).toBeUndefined();
          expect(Object.keys(op.responses)).toContain("401");
        }
      }
    }
  });
});
