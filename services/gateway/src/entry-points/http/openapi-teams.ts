import {
  createTeamBodySchema,
  createdTeamApiKeySchema,
  gatewayAdminApiKeyParamsSchema,
  gatewayApiKeyParamsSchema,
  gatewayTeamParamsSchema,
  newApiKeyBodySchema,
  teamApiKeySchema,
  teamResponseSchema,
  updateApiKeyBodySchema,
} from "@cubicle/contracts";
import { errorResponses, errors, ok, operation, writeErrors, type Code } from "./openapi-parts.js";
/** The team's own keys (E2B's api-keys), and the operator's teams and keys (`X-Admin-Token`, when ADMIN_TOKEN is set). */
export function teamPaths() {
  const admin = { security: [{ AdminTokenAuth: [] }] };
  const adminErrors = (...codes: Code[]) => errorResponses(["unauthorized", "not_found", "rate_limited", "upstream_unavailable", "upstream_error", "unsupported_media_type", "upstream_timeout", ...codes]);
  return {
    "/api-keys": {
      get: operation("The team's API keys (never their values)", { responses: { "200": ok("keys", { type: "array", items: teamApiKeySchema }), ...errors() } }),
      post: operation("Make an API key for the team (its value is in this answer only)", {
        body: newApiKeyBodySchema,
        responses: { "201": ok("made", createdTeamApiKeySchema), ...writeErrors("invalid_request") },
      }),
    },
    "/api-keys/{apiKeyID}": {
      patch: operation("Rename one of the team's API keys", {
        params: gatewayApiKeyParamsSchema,
        body: updateApiKeyBodySchema,
        responses: { "200": ok("renamed", teamApiKeySchema), ...writeErrors("invalid_request", "api_key_not_found") },
      }),
      delete: operation("Revoke one of the team's API keys", {
        params: gatewayApiKeyParamsSchema,
        responses: { "204": { description: "revoked" }, ...writeErrors("invalid_request", "api_key_not_found") },
      }),
    },
    "/admin/teams": {
      post: { ...operation("Make a team", { body: createTeamBodySchema, responses: { "201": ok("made", teamResponseSchema), ...adminErrors("invalid_request", "slug_taken") } }), ...admin },
    },
    "/admin/teams/{teamID}/api-keys": {
      post: {
        ...operation("Make an API key for a team (its value is in this answer only)", {
          params: gatewayTeamParamsSchema,
          body: newApiKeyBodySchema,
          responses: { "201": ok("made", createdTeamApiKeySchema), ...adminErrors("invalid_request", "team_not_found") },
        }),
        ...admin,
      },
    },
    "/admin/teams/{teamID}/api-keys/{apiKeyID}": {
      delete: {
        ...operation("Revoke a team's API key", {
          params: gatewayAdminApiKeyParamsSchema,
          responses: { "204": { description: "revoked" }, ...adminErrors("invalid_request", "api_key_not_found") },
        }),
        ...admin,
      },
    },
  };
}
