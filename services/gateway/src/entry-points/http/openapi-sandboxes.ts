import {
  gatewayConnectSandboxBodySchema,
  gatewayCreateSandboxBodySchema,
  gatewayListSandboxesQuerySchema,
  gatewayResumeSandboxBodySchema,
  gatewaySandboxPauseBodySchema,
  gatewaySandboxRefreshBodySchema,
  gatewaySandboxTimeoutBodySchema,
  idempotencyKeySchema,
  listedSandboxListSchema,
  sandboxDetailSchema,
  sandboxIdParamsSchema,
  sandboxLogsQuerySchema,
  sandboxLogsSchema,
  sandboxLogsV2QuerySchema,
  sandboxLogsV2Schema,
  sandboxMetricListSchema,
  sandboxMetricsQuerySchema,
  sandboxSchema,
  sandboxesMetricsQuerySchema,
  sandboxesWithMetricsSchema,
} from "@cubicle/contracts";
import { errors, ok, operation, writeErrors, type Code, type HeaderParam } from "./openapi-parts.js";

/** An idempotency header of a create: the same key and body answer the same `what`. */
export const idempotencyHeader = (what: string): HeaderParam => ({
  name: "Idempotency-Key",
  in: "header",
  required: false,
  schema: idempotencyKeySchema,
  description: `repeating the request with the same key and body answers the same ${what} (header idempotent-replayed: true); another body answers 409. Retry with it after a 504, whose outcome is unknown`,
});

const sandboxCreateHeaders: HeaderParam[] = [
  {
    name: "X-Cubicle-Sandbox-Mode",
    in: "header",
    required: false,
    schema: { type: "string", enum: ["fast", "strong"] },
    description: "how the sandbox id is made: 'fast' (md5 of name:namespace:time, recorded after the answer) or 'strong' (the record's UUID, recorded first); default from SANDBOX_MODE",
  },
  idempotencyHeader("sandbox"),
];

const params = sandboxIdParamsSchema;
/** What a change of a sandbox can meet besides its own errors: an unknown id, its node down. */
const changeErrors = (...codes: Code[]) => writeErrors("invalid_request", "sandbox_not_found", "node_unavailable", "agent_error", ...codes);

/** E2B's sandbox API: create, list, read, kill, the lifecycle (timeouts, pause, connect, resume), metrics and logs. */
export function sandboxPaths() {
  const createSandbox = operation("Start a sandbox from a template (display name or id); autoPause: true pauses it at its end time instead of removing it", {
    headers: sandboxCreateHeaders,
    body: gatewayCreateSandboxBodySchema,
    responses: {
      "201": ok("started", sandboxSchema),
      ...writeErrors("invalid_request", "invalid_name", "template_not_found", "template_not_ready", "idempotency_conflict", "quota_exceeded", "agent_error"),
    },
  });
  const listSandboxes = (summary: string) =>
    operation(summary, {
      query: gatewayListSandboxesQuerySchema,
      responses: { "200": ok("sandboxes; more pages via the x-next-token header", listedSandboxListSchema), ...errors("invalid_request", "invalid_name", "template_not_found") },
    });
  const connect = operation("Connect: resume a paused sandbox (201) or extend a running one's life, never shortening it (200)", {
    params,
    body: gatewayConnectSandboxBodySchema,
    responses: { "200": ok("it was running", sandboxSchema), "201": ok("it was paused and is running again", sandboxSchema), ...changeErrors("quota_exceeded", "node_full") },
  });
  return {
    "/sandboxes": {
      get: listSandboxes("List sandboxes (E2B's older list: up to 1000 a page)"),
      post: createSandbox,
    },
    "/v2/sandboxes": {
      get: listSandboxes("List sandboxes (newest first, 100 a page by default)"),
      post: createSandbox,
    },
    "/sandboxes/metrics": {
      get: operation("The latest metrics of several sandboxes (ids that name none of the team's are left out)", {
        query: sandboxesMetricsQuerySchema,
        responses: { "200": ok("by sandbox id", sandboxesWithMetricsSchema), ...errors("invalid_request", "node_unavailable", "agent_error") },
      }),
    },
    "/sandboxes/{sandboxID}": {
      get: operation("A sandbox (running or paused)", {
        params,
        responses: { "200": ok("sandbox", sandboxDetailSchema), ...errors("invalid_request", "sandbox_not_found") },
      }),
      delete: operation("Stop a sandbox (kill), running or paused", {
        params,
        responses: { "204": { description: "stopped" }, ...writeErrors("invalid_request", "sandbox_not_found", "agent_error") },
      }),
    },
    "/sandboxes/{sandboxID}/timeout": {
      post: operation("Set when a running sandbox ends: timeout seconds from now, sooner or later than before (at most the service's maximum)", {
        params,
        body: gatewaySandboxTimeoutBodySchema,
        responses: { "204": { description: "its end time moved" }, ...changeErrors("sandbox_paused") },
      }),
    },
    "/sandboxes/{sandboxID}/refreshes": {
      post: operation("Keep a running sandbox alive: it lives at least duration seconds from now (never shortened)", {
        params,
        body: gatewaySandboxRefreshBodySchema,
        responses: { "204": { description: "kept alive" }, ...changeErrors("sandbox_paused") },
      }),
    },
    "/sandboxes/{sandboxID}/pause": {
      post: operation("Pause a running sandbox: it keeps its id, metadata and template, and frees its running capacity until connected again", {
        params,
        body: gatewaySandboxPauseBodySchema,
        responses: { "204": { description: "paused" }, ...changeErrors("sandbox_paused") },
      }),
    },
    "/sandboxes/{sandboxID}/connect": { post: connect },
    "/v2/sandboxes/{sandboxID}/connect": { post: connect },
    "/sandboxes/{sandboxID}/resume": {
      post: operation("Resume a paused sandbox (E2B's deprecated resume; connect does the same for a running one too)", {
        params,
        body: gatewayResumeSandboxBodySchema,
        responses: { "201": ok("running again", sandboxSchema), ...changeErrors("sandbox_running", "quota_exceeded", "node_full") },
      }),
    },
    "/sandboxes/{sandboxID}/metrics": {
      get: operation("A sandbox's metrics: its node's sample of now, when now is within [start, end]", {
        params,
        query: sandboxMetricsQuerySchema,
        responses: { "200": ok("samples", sandboxMetricListSchema), ...errors("invalid_request", "sandbox_not_found", "node_unavailable", "agent_error") },
      }),
    },
    "/sandboxes/{sandboxID}/logs": {
      get: operation("A sandbox's lifecycle events (E2B's older logs), oldest first; also of a sandbox ended a short while ago", {
        params,
        query: sandboxLogsQuerySchema,
        responses: { "200": ok("log", sandboxLogsSchema), ...errors("invalid_request", "sandbox_not_found", "node_unavailable", "agent_error") },
      }),
    },
    "/v2/sandboxes/{sandboxID}/logs": {
      get: operation("A sandbox's lifecycle events, paged by time from a cursor, filtered by level and text", {
        params,
        query: sandboxLogsV2QuerySchema,
        responses: { "200": ok("log", sandboxLogsV2Schema), ...errors("invalid_request", "sandbox_not_found", "node_unavailable", "agent_error") },
      }),
    },
  };
}
