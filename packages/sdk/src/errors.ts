// Errors the SDK throws. Every answer the API refuses becomes a `CubicleApiError` subclass
// chosen by its HTTP status (one table, `errorClassFor`), carrying the API's `error_code`,
// message and request id; a request that got no answer is a `CubicleConnectionError`.
import type { components } from "./generated/openapi.js";

/** Every `error_code` the API documents (from /openapi.json). */
export type ErrorCode = components["schemas"]["Error"]["error_code"];

/** What the API answered when it refused a request. */
export interface ErrorBody {
  code?: number;
  message?: string;
  error_code?: string;
  requestId?: string;
  details?: Record<string, unknown>;
}

/** The base of every error the SDK throws. */
export class CubicleError extends Error {
  override name = "CubicleError";
}

/** The API answered with an error status. */
export class CubicleApiError extends CubicleError {
  override name = "CubicleApiError";
  /** The HTTP status. */
  readonly status: number;
  /** The API's `error_code` (e.g. `name_taken`), or `http_<status>` when the answer was not the API's error shape. */
  readonly code: ErrorCode | `http_${number}`;
  /** The request's id (body `requestId`, header `x-request-id`): quote it when asking for help. */
  readonly requestId: string | undefined;
  readonly details: Record<string, unknown> | undefined;
  /** Seconds the API asked to wait before trying again (`Retry-After`), when it said. */
  readonly retryAfterSeconds: number | undefined;

  constructor(status: number, body: ErrorBody | undefined, requestId: string | undefined, retryAfterSeconds?: number) {
    super(body?.message ?? `the API answered HTTP ${status}`);
    this.status = status;
    this.code = (body?.error_code as ErrorCode | undefined) ?? `http_${status}`;
    this.requestId = body?.requestId ?? requestId;
    this.details = body?.details;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Whether the API gave this `error_code`. */
  is(code: ErrorCode): boolean {
    return this.code === code;
  }
}

/** 400, 413, 415: the request itself is wrong (a bad name, field or header). */
export class BadRequestError extends CubicleApiError {
  override name = "BadRequestError";
}
/** 401: no API key, or not a valid one. */
export class AuthenticationError extends CubicleApiError {
  override name = "AuthenticationError";
}
/** 403: the key may not do this (e.g. change another team's public template). */
export class PermissionError extends CubicleApiError {
  override name = "PermissionError";
}
/** 404: no such template, build, sandbox, tag or key (for this team). */
export class NotFoundError extends CubicleApiError {
  override name = "NotFoundError";
}
/** 409: the request conflicts with the current state (a taken name, a build in progress, …). */
export class ConflictError extends CubicleApiError {
  override name = "ConflictError";
}
/** 429: too many requests for this key; `retryAfterSeconds` says when to try again. */
export class RateLimitedError extends CubicleApiError {
  override name = "RateLimitedError";
}
/** 502, 503, 504: the service (or what it depends on) could not answer now. */
export class UnavailableError extends CubicleApiError {
  override name = "UnavailableError";
}
/** 501: an E2B operation Cubicle does not serve. */
export class NotImplementedError extends CubicleApiError {
  override name = "NotImplementedError";
}
/** 500 and any other 5xx status (other 4xx statuses are `BadRequestError`s). */
export class ServerError extends CubicleApiError {
  override name = "ServerError";
}

/** The request got no answer: the API could not be reached, the connection broke, or it timed out. */
export class CubicleConnectionError extends CubicleError {
  override name = "CubicleConnectionError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

const BY_STATUS: Record<number, typeof CubicleApiError> = {
  400: BadRequestError,
  413: BadRequestError,
  415: BadRequestError,
  401: AuthenticationError,
  403: PermissionError,
  404: NotFoundError,
  409: ConflictError,
  429: RateLimitedError,
  501: NotImplementedError,
  502: UnavailableError,
  503: UnavailableError,
  504: UnavailableError,
};

/** The error class of an HTTP status: the one place statuses map to classes. */
export function errorClassFor(status: number): typeof CubicleApiError {
  return BY_STATUS[status] ?? (status >= 400 && status < 500 ? BadRequestError : ServerError);
}
