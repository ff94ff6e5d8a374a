/**
 * The one catalogue of error codes. Each code has exactly one HTTP status; every error
 * body on the wire is E2B's `{code, message}` extended with `error_code` and `requestId`.
 */
export const ERROR_STATUS = {
  invalid_request: 400,
  invalid_name: 400,
  unauthorized: 401,
  /** The template is another team's public one: it may be read and started from, not changed. */
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  request_timeout: 408,
  template_not_found: 404,
  build_not_found: 404,
  sandbox_not_found: 404,
  team_not_found: 404,
  api_key_not_found: 404,
  /** No build of the template holds the tag. */
  tag_not_found: 404,
  /** The upload link is unknown or has expired: ask for a new one. */
  upload_link_invalid: 403,
  /** The upload is neither the bytes its hash names nor a readable tar archive of a file set. */
  upload_hash_mismatch: 400,
  /** The upload ended before (or went past) the length it announced. */
  upload_incomplete: 400,
  name_taken: 409,
  build_in_progress: 409,
  template_not_ready: 409,
  /** The build was already started (or has finished): its spec cannot be given again. */
  build_already_started: 409,
  idempotency_conflict: 409,
  slug_taken: 409,
  /** A node agent already holds a sandbox with this id. */
  sandbox_exists: 409,
  /** Another live node agent registered this node id from another address. */
  node_id_taken: 409,
  /** The sandbox is paused: what was asked needs it running (pause it again, change its timeout). */
  sandbox_paused: 409,
  /** The sandbox is running: what was asked needs it paused (E2B's deprecated resume). */
  sandbox_running: 409,
  /** The sandbox's node is down: it cannot be changed until the node is back. */
  node_unavailable: 503,
  rate_limited: 429,
  /** The team is at its quota of concurrent sandboxes or of templates. */
  quota_exceeded: 429,
  payload_too_large: 413,
  unsupported_media_type: 415,
  headers_too_large: 431,
  internal_error: 500,
  not_implemented: 501,
  upstream_error: 502,
  agent_error: 502,
  service_unavailable: 503,
  /** A node agent has no room for another running sandbox. */
  node_full: 503,
  /** No live node agent has room: nothing was created. */
  no_node_available: 503,
  upstream_unavailable: 503,
  upstream_timeout: 504,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorBody {
  /** The HTTP status, repeated in the body as E2B does. */
  code: number;
  error_code: ErrorCode;
  message: string;
  requestId: string;
  /** Extra machine-readable facts, e.g. the reason a name is invalid. */
  details?: Record<string, unknown>;
}

export function statusOf(code: ErrorCode): number {
  return ERROR_STATUS[code];
}

/** An error a service means to show its caller: code, human message, optional details. */
export class CubicleError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "CubicleError";
    this.status = statusOf(code);
  }

  toBody(requestId: string): ErrorBody {
    const body: ErrorBody = { code: this.status, error_code: this.code, message: this.message, requestId };
    if (this.details) body.details = this.details;
    return body;
  }
}
