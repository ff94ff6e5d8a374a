import {
  assignTemplateTagsBodySchema,
  assignedTemplateTagsSchema,
  buildLogsQuerySchema,
  deleteTemplateTagsBodySchema,
  templateBuildFileUploadSchema,
  templateBuildLogsResponseSchema,
  templateBuildParamsSchema,
  templateBuildRequestV2Schema,
  templateBuildRequestV3Schema,
  templateBuildStartSchema,
  templateFileParamsSchema,
  templateLegacySchema,
  templateRefParamsSchema,
  templateRequestResponseV3Schema,
  templateTagListSchema,
  uploadResponseSchema,
  uploadTokenParamsSchema,
} from "@cubicle/contracts";
import { errorResponses, errors, ok, operation, writeErrors, type Code } from "./openapi-parts.js";

/** What E2B's build request can meet: a bad or taken name, the team's quota, a build already under way. */
const requestErrors: Code[] = ["invalid_request", "invalid_name", "name_taken", "quota_exceeded", "build_in_progress"];

/** `POST /v2/templates` (E2B's deprecated create), which shares its path with the template list. */
export const v2CreateOperation = () =>
  operation("Create a template by name, or make a new build of the team's template with that name, waiting for its spec (E2B's deprecated v2)", {
    body: templateBuildRequestV2Schema,
    responses: { "202": ok("build requested", templateLegacySchema), ...writeErrors(...requestErrors) },
  });

/** E2B's template build flow (`Template.build`, `e2b template create`): request, upload, start, follow; and tags. */
export function templateBuildPaths() {
  return {
    "/v3/templates": {
      post: operation(
        "Create a template by name (a name the team holds gets a new build instead), with a build waiting for its spec; 'name:tag' tags the build when it is ready",
        { body: templateBuildRequestV3Schema, responses: { "202": ok("build requested", templateRequestResponseV3Schema), ...writeErrors(...requestErrors) } },
      ),
    },
    "/templates/{ref}/files/{hash}": {
      get: operation("Whether a file set (a COPY step's files) is stored, and if not, a link to upload it to (valid for this hash, for UPLOAD_LINK_TTL_MS)", {
        params: templateFileParamsSchema,
        responses: { "201": ok("stored, or where to upload it", templateBuildFileUploadSchema), ...errors("invalid_request", "invalid_name", "template_not_found", "forbidden") },
      }),
    },
    "/uploads/{token}": {
      put: {
        ...operation("Upload a file set (a tar archive, gzip'd or not) to the link given for its hash; no API key, the link is the credential", {
          params: uploadTokenParamsSchema,
          responses: {
            "201": ok("stored", uploadResponseSchema),
            "200": ok("already stored: nothing written", uploadResponseSchema),
            ...errorResponses(["invalid_request", "upload_link_invalid", "upload_hash_mismatch", "upload_incomplete", "payload_too_large", "upstream_unavailable", "upstream_error", "upstream_timeout"]),
          },
        }),
        security: [],
        requestBody: { required: true, content: { "application/octet-stream": { schema: { type: "string", format: "binary" } } } },
      },
    },
    "/v2/templates/{ref}/builds/{buildID}": {
      post: operation("Start a requested build with E2B's build spec (fromImage or fromTemplate, steps, start and ready commands); the same spec again answers the same", {
        params: templateBuildParamsSchema,
        body: templateBuildStartSchema,
        responses: {
          "202": ok("started", { type: "object", required: ["templateID", "buildID", "status"], properties: { templateID: { type: "string" }, buildID: { type: "string" }, status: { type: "string" } } }),
          ...writeErrors("invalid_request", "invalid_name", "template_not_found", "forbidden", "build_not_found", "build_already_started", "template_not_ready", "tag_not_found"),
        },
      }),
    },
    "/templates/{ref}/builds/{buildID}/logs": {
      get: operation("A build's log: forward from a time (oldest first) or backward to it (newest first), by level", {
        params: templateBuildParamsSchema,
        query: buildLogsQuerySchema,
        responses: { "200": ok("entries", templateBuildLogsResponseSchema), ...errors("invalid_request", "invalid_name", "template_not_found", "build_not_found") },
      }),
    },
    "/templates/tags": {
      post: operation("Tag a ready build: target 'name:tag' (no tag: the ready build); assigning 'default' makes that build the template's", {
        body: assignTemplateTagsBodySchema,
        responses: {
          "201": ok("assigned", assignedTemplateTagsSchema),
          ...writeErrors("invalid_request", "invalid_name", "template_not_found", "forbidden", "tag_not_found", "build_not_found", "template_not_ready"),
        },
      }),
      delete: operation("Remove tags from a template (all or none; 'default' cannot be removed)", {
        body: deleteTemplateTagsBodySchema,
        responses: { "204": { description: "removed" }, ...writeErrors("invalid_request", "invalid_name", "template_not_found", "forbidden", "tag_not_found") },
      }),
    },
    "/templates/{ref}/tags": {
      get: operation("A template's tags and the builds they name", {
        params: templateRefParamsSchema,
        responses: { "200": ok("tags", templateTagListSchema), ...errors("invalid_request", "invalid_name", "template_not_found", "tag_not_found") },
      }),
    },
  };
}
