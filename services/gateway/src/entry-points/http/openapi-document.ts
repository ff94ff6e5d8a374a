import {
  aliasParamsSchema,
  aliasResponseSchema,
  buildStatusQuerySchema,
  buildStatusResponseSchema,
  createTemplateResponseSchema,
  errorResponseSchema,
  gatewayCreateTemplateBodySchema,
  gatewayListTemplatesQuerySchema,
  gatewayRebuildBodySchema,
  gatewayUpdateTemplateBodySchema,
  lookupResponseSchema,
  nameQuerySchema,
  nameValidationResponseSchema,
  startBuildResponseSchema,
  templateBuildParamsSchema,
  templateListSchema,
  templateRefParamsSchema,
  templateWithBuildsSchema,
  updateTemplateResponseSchema,
  gatewayUpdateTemplateV2BodySchema,
} from "@cubicle/contracts";
import { UNSERVED_E2B_OPERATIONS, e2bPath } from "../../domain/e2b-unserved.js";
import { errorRef, errorResponses, errors, json, ok, operation, writeErrors } from "./openapi-parts.js";
import { idempotencyHeader, sandboxPaths } from "./openapi-sandboxes.js";
import { teamPaths } from "./openapi-teams.js";
import { templateBuildPaths, v2CreateOperation } from "./openapi-template-builds.js";

/**
 * The gateway's API as OpenAPI 3.1, built from the very JSON schemas that validate its
 * requests (and that the tests check its responses against).
 */

/** `paths` with E2B's operations that the gateway answers with 501 added, each under its own path. */
function withUnserved(paths: Record<string, Record<string, unknown>>): Record<string, Record<string, unknown>> {
  for (const op of UNSERVED_E2B_OPERATIONS) {
    const path = e2bPath(op.path);
    const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
    (paths[path] ??= {})[op.method.toLowerCase()] = {
      summary: `Not implemented: ${op.what} (an E2B operation)`,
      ...(params.length > 0 && { parameters: params }),
      responses: errorResponses(["unauthorized", "rate_limited", "not_implemented"]),
    };
  }
  return paths;
}

export function openApiDocument() {
  const ref = templateRefParamsSchema;
  const listTemplates = (summary: string) =>
    operation(summary, {
      query: gatewayListTemplatesQuerySchema,
      responses: { "200": ok("templates", templateListSchema), ...errors("invalid_request") },
    });
  return {
    openapi: "3.1.0",
    info: {
      title: "Cubicle API",
      version: "0.1.0",
      description:
        "E2B-compatible control plane for sandbox templates. `ref` is a template's display name, 'team-slug/name' (another team's public template) or its id ('tpl-…', any letter case). " +
        "Any ref may end in ':tag' (e.g. 'my-app:v1'), naming the build that tag points at; no tag means the ready ('default') build. " +
        "An API key belongs to a team, which sees only its own templates, names and sandboxes (and other teams' public templates). " +
        "Every error has the body {code, message, error_code, requestId}.",
    },
    security: [{ ApiKeyAuth: [] }],
    components: {
      securitySchemes: {
        ApiKeyAuth: { type: "apiKey", in: "header", name: "X-API-Key" },
        AdminTokenAuth: { type: "apiKey", in: "header", name: "X-Admin-Token" },
      },
      schemas: { Error: errorResponseSchema },
    },
    paths: withUnserved({
      "/templates": {
        get: listTemplates("List templates (newest first; more pages via the x-next-token header)"),
        post: operation("Create a template and start its first build", {
          headers: [idempotencyHeader("template")],
          body: gatewayCreateTemplateBodySchema,
          responses: {
            "202": ok("build accepted", createTemplateResponseSchema),
            ...writeErrors("invalid_request", "invalid_name", "name_taken", "idempotency_conflict", "quota_exceeded"),
          },
        }),
      },
      "/v2/templates": {
        get: listTemplates("List templates (the same list as GET /templates)"),
        post: v2CreateOperation(),
      },
      ...templateBuildPaths(),
      "/templates/lookup": {
        get: operation("Find the template holding a display name", {
          query: nameQuerySchema,
          responses: { "200": ok("found", lookupResponseSchema), ...errors("invalid_request", "invalid_name", "template_not_found") },
        }),
      },
      "/templates/aliases/{alias}": {
        get: operation("Whether a display name (or 'name:tag', or a template id) is held (E2B's Template.exists)", {
          params: aliasParamsSchema,
          responses: { "200": ok("held", aliasResponseSchema), ...errors("invalid_name", "template_not_found") },
        }),
      },
      "/templates/{ref}": {
        get: operation("A template with its builds", {
          params: ref,
          responses: { "200": ok("template", templateWithBuildsSchema), ...errors("invalid_request", "invalid_name", "template_not_found") },
        }),
        patch: operation("Rename a template (name: null clears its name) and/or make it public or private", {
          params: ref,
          body: gatewayUpdateTemplateBodySchema,
          responses: { "200": ok("updated", updateTemplateResponseSchema), ...writeErrors("invalid_request", "invalid_name", "template_not_found", "forbidden", "name_taken") },
        }),
        delete: operation("Delete a template and its builds", {
          params: ref,
          responses: { "204": { description: "deleted" }, ...writeErrors("invalid_request", "invalid_name", "template_not_found", "forbidden") },
        }),
        post: operation("Rebuild a template, optionally with another image or size", {
          params: ref,
          headers: [idempotencyHeader("build")],
          body: gatewayRebuildBodySchema,
          responses: {
            "202": ok("build accepted", createTemplateResponseSchema),
            ...writeErrors("invalid_request", "invalid_name", "template_not_found", "forbidden", "build_in_progress", "idempotency_conflict"),
          },
        }),
      },
      "/v2/templates/{ref}": {
        patch: operation("Make a template public or private (E2B's publish and unpublish)", {
          params: ref,
          body: gatewayUpdateTemplateV2BodySchema,
          responses: { "200": ok("updated", { type: "object", required: ["names"], properties: { names: { type: "array", items: { type: "string" } } } }), ...writeErrors("invalid_request", "invalid_name", "template_not_found", "forbidden") },
        }),
      },
      "/templates/{ref}/builds/{buildID}": {
        post: operation("Start a build (builds start when submitted: confirms it and reports its status)", {
          params: templateBuildParamsSchema,
          responses: { "202": ok("started", startBuildResponseSchema), ...writeErrors("invalid_request", "invalid_name", "template_not_found", "build_not_found") },
        }),
      },
      "/templates/{ref}/builds/{buildID}/status": {
        get: operation("A build's status and a window of its log", {
          params: templateBuildParamsSchema,
          query: buildStatusQuerySchema,
          responses: { "200": ok("status", buildStatusResponseSchema), ...errors("invalid_request", "invalid_name", "template_not_found", "build_not_found") },
        }),
      },
      ...sandboxPaths(),
      ...teamPaths(),
      "/names/validate": {
        get: operation("Check a display name against the naming rules", {
          query: nameQuerySchema,
          responses: { "200": ok("the verdict", nameValidationResponseSchema), ...errorResponses(["unauthorized", "rate_limited", "invalid_request"]) },
        }),
      },
      "/health": { get: { summary: "The process is up (E2B's health check)", security: [], responses: { "204": { description: "ok" } } } },
      "/healthz": { get: { summary: "The process is up", security: [], responses: { "200": { description: "ok" } } } },
      "/readyz": {
        get: { summary: "The template service is reachable", security: [], responses: { "200": { description: "ready" }, "503": { description: "not ready", ...json(errorRef) } } },
      },
    }),
  };
}
