import { CubicleError, ERROR_STATUS, type ErrorCode } from "@cubicle/contracts";

/**
 * Master could not be asked: refused, reset, timed out, or it said it is unavailable (503).
 * Safe to show: the message never holds master's address; the cause (for logs) does.
 */
export class MasterUnavailableError extends CubicleError {
  constructor(reason: string, cause?: unknown) {
    super("upstream_unavailable", `the template service is unavailable (${reason}); try again shortly`, undefined, { cause });
    this.name = "MasterUnavailableError";
  }
}

/**
 * A write was sent to master but no answer came (a timeout, or the connection dropped after
 * the request went out): master may or may not have carried it out. Unlike
 * `MasterUnavailableError`, this must not be read as "nothing happened".
 */
export class MasterTimeoutError extends CubicleError {
  constructor(reason: string, cause?: unknown) {
    super(
      "upstream_timeout",
      `the template service did not answer in time (${reason}): the outcome is unknown; retry with the same Idempotency-Key, or read the resource back before retrying`,
      undefined,
      { cause },
    );
    this.name = "MasterTimeoutError";
  }
}

/** Master answered, but not with something we can use: a 5xx, a malformed body, or a rejected token. */
export class MasterUpstreamError extends CubicleError {
  constructor(
    readonly upstreamStatus: number,
    cause?: unknown,
  ) {
    super("upstream_error", "the template service failed to answer this request", undefined, { cause });
    this.name = "MasterUpstreamError";
  }
}

/**
 * Master refused the request (a 4xx other than 401/403) or named a failure below it the
 * caller can act on (a 502 `agent_error`): its code, message and details, to be passed on
 * to the caller as they are.
 */
export class MasterRejectedError extends CubicleError {
  constructor(
    code: ErrorCode,
    message: string,
    details: Record<string, unknown> | undefined,
    readonly upstreamRequestId: string | undefined,
  ) {
    super(code, message, details);
    this.name = "MasterRejectedError";
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && Object.hasOwn(ERROR_STATUS, value);
}
