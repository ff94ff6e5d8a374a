/**
 * E2B operations the gateway does not serve. Each is routed to its own handler, which
 * answers 501 `not_implemented` naming the operation, so that a request for one can never
 * fall through to a served route whose parameter takes a word of its path (E2B's SDK sends
 * `Template.removeTags` as `DELETE /templates/tags`, which `DELETE /templates/{ref}` would
 * take as "delete the template named tags"), and never answers 404: E2B's SDK and CLI read a
 * 404 on `/sandboxes/{id}/…` as "sandbox not found" for a sandbox that is running.
 *
 * Paths are in express syntax; the list follows E2B's API description (e2b-dev/infra
 * `spec/openapi.yml`), and a test walks that description against the gateway.
 */
export interface UnservedOperation {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  /** What the operation does in E2B, for the 501's message. */
  what: string;
}

const op = (method: UnservedOperation["method"], path: string, what: string): UnservedOperation => ({ method, path, what });

export const UNSERVED_E2B_OPERATIONS: readonly UnservedOperation[] = [
  // Sandboxes.
  op("POST", "/sandboxes/:sandboxID/fork", "fork a sandbox"),
  op("PUT", "/sandboxes/:sandboxID/network", "change a sandbox's network rules"),
  op("POST", "/sandboxes/:sandboxID/snapshots", "snapshot a sandbox"),
  op("GET", "/snapshots", "list snapshots"),
  // Teams, keys and tokens.
  op("GET", "/teams", "list teams"),
  op("GET", "/teams/:teamID/metrics", "a team's metrics"),
  op("GET", "/teams/:teamID/metrics/max", "a team's peak metrics"),
  op("POST", "/access-tokens", "create an access token"),
  op("DELETE", "/access-tokens/:accessTokenID", "delete an access token"),
  // Volumes and secrets.
  op("GET", "/volumes", "list volumes"),
  op("POST", "/volumes", "create a volume"),
  op("GET", "/volumes/:volumeID", "a volume"),
  op("DELETE", "/volumes/:volumeID", "delete a volume"),
  op("GET", "/secrets", "list secrets"),
  op("POST", "/secrets", "create a secret"),
  op("GET", "/secrets/:secretID", "a secret"),
  op("POST", "/secrets/:secretID", "update a secret"),
  op("DELETE", "/secrets/:secretID", "delete a secret"),
  // Cluster administration.
  op("GET", "/nodes", "list nodes"),
  op("GET", "/nodes/:nodeID", "a node"),
  op("POST", "/nodes/:nodeID", "change a node's status"),
  op("POST", "/admin/teams/:teamID/sandboxes/kill", "kill a team's sandboxes"),
  op("GET", "/admin/sandboxes/running-counts", "running sandboxes per team"),
  op("POST", "/admin/teams/:teamID/builds/cancel", "cancel a team's builds"),
];

/** `/templates/:templateID/tags` → `/templates/{templateID}/tags`, as E2B's documents write it. */
export const e2bPath = (path: string) => path.replace(/:(\w+)/g, "{$1}");
