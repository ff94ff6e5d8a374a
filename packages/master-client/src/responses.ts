import { errors as undiciErrors, type Dispatcher } from "undici";
import { ERROR_STATUS, type CubicleError, type ErrorCode } from "@cubicle/contracts";
import { MasterRejectedError, MasterTimeoutError, MasterUnavailableError, MasterUpstreamError, isErrorCode } from "./errors.js";

/**
 * What a call to master came to: its answer read and typed (`read`), or a failure to get
 * one typed by what the caller may conclude (`failure`), and which failures mean the request
 * never left or never got an answer (the client's retry rules in client.ts build on them).
 */

/** Master's 5xx codes passed on as they are: they name a failure the caller can act on. */
/** Master's own 403s, about what the caller asked (another team's public template, an upload link no longer good): every code the catalogue maps to 403. */
const CALLER_FORBIDDEN = new Set<ErrorCode>(Object.entries(ERROR_STATUS).filter(([, status]) => status === 403).map(([code]) => code as ErrorCode));

const RELAYED_SERVER_ERRORS = new Set<ErrorCode>(["agent_error"]);

/** Errors that mean the request never got an answer (and may be retried when idempotent). */
export const CONNECTION_ERRORS = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_SOCKET", "UND_ERR_CLOSED"]);

/** Errors that mean the request never left: no connection was made (or the pool is closed). */
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CLOSED", "UND_ERR_DESTROYED"]);

export function neverSent(err: unknown): boolean {
  return err instanceof undiciErrors.ConnectTimeoutError || NOT_SENT.has((err as { code?: string } | undefined)?.code ?? "");
}

function describeFailure(err: unknown): string {
  const code = (err as { code?: string } | undefined)?.code;
  if (err instanceof undiciErrors.ConnectTimeoutError) return "connect timeout";
  if (err instanceof undiciErrors.HeadersTimeoutError || err instanceof undiciErrors.BodyTimeoutError) return "timeout";
  if ((err as Error | undefined)?.name === "TimeoutError") return "timeout";
  if (code === "ECONNREFUSED") return "connection refused";
  if (code && CONNECTION_ERRORS.has(code)) return "connection lost";
  return "request failed";
}

/**
 * A failed call, typed by what the caller may conclude: a read, or a write that never
 * left, is "unavailable" (nothing happened; try again); a write that was sent and got no
 * answer is a timeout whose outcome is unknown.
 */
export function failure(readOnly: boolean, err: unknown): CubicleError {
  if (readOnly || neverSent(err)) return new MasterUnavailableError(describeFailure(err), err);
  return new MasterTimeoutError(describeFailure(err), err);
}

/** Master's answer: its parsed body, or the typed error it means for the caller. */
export async function read<T>(readOnly: boolean, res: Dispatcher.ResponseData): Promise<T> {
  let text: string;
  try {
    text = await res.body.text();
  } catch (err) {
    // The answer started but did not arrive whole: for a write, what it said is unknown.
    throw failure(readOnly, err);
  }
  const status = res.statusCode;
  if (status === 204) return undefined as T;
  // 503 is master (or a proxy before it) saying it is unavailable, whatever the body holds.
  if (status === 503) throw new MasterUnavailableError("it is not ready", new Error(`master answered 503: ${text.slice(0, 500)}`));
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch (err) {
    throw new MasterUpstreamError(status, err);
  }
  if (status >= 200 && status < 300) {
    if (parsed === undefined) throw new MasterUpstreamError(status, new Error("empty body"));
    return parsed as T;
  }
  const error = (parsed ?? {}) as { error_code?: unknown; message?: unknown; details?: unknown; requestId?: unknown };
  // 401 (and a 403 that is not one of master's own about the caller's request, e.g. a
  // proxy's) means our own credentials are wrong: a fault of this service, not the caller's.
  // Master's own 5xx are not the caller's business, except those that say what failed below
  // master (a node agent), which the caller can act on.
  const ownCredentials = status === 401 || (status === 403 && !CALLER_FORBIDDEN.has(error.error_code as ErrorCode));
  const relayed = (status >= 400 && status < 500 && !ownCredentials) || RELAYED_SERVER_ERRORS.has(error.error_code as ErrorCode);
  if (relayed && isErrorCode(error.error_code) && typeof error.message === "string") {
    const details = error.details && typeof error.details === "object" ? (error.details as Record<string, unknown>) : undefined;
    throw new MasterRejectedError(error.error_code, error.message, details, typeof error.requestId === "string" ? error.requestId : undefined);
  }
  throw new MasterUpstreamError(status, new Error(`master answered ${status}: ${text.slice(0, 500)}`));
}
