/** Recognises database failures the domain has a meaning for. */

/** Another row already carries this idempotency key (a sandbox's, a template create's or a rebuild's). */
export class RequestIdTakenError extends Error {
  constructor(readonly requestId: string) {
    super("the request id is held by another row");
  }
}

interface PrismaLikeError {
  code?: string;
  meta?: { driverAdapterError?: { cause?: { constraint?: string | { index?: string } } } };
}

/**
 * A unique-index violation on the named index. Through the pg driver adapter Prisma reports
 * it as P2002 with `meta.driverAdapterError.cause.constraint = {index: <name>}`.
 */
export function isUniqueViolation(err: unknown, index: string): boolean {
  const e = err as PrismaLikeError;
  if (e?.code !== "P2002") return false;
  const c = e.meta?.driverAdapterError?.cause?.constraint;
  return (typeof c === "string" ? c : c?.index) === index;
}

const UNAVAILABLE = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "57P01", "57P03", "53300"]);

/** The database cannot be reached or refuses work right now (as opposed to a bug or bad data). */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const x = e as { code?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: string; originalCode?: string } } } };
    if (typeof x.code === "string" && (UNAVAILABLE.has(x.code) || x.code === "P1001" || x.code === "P1003" || x.code === "P1017")) return true;
    const kind = x.meta?.driverAdapterError?.cause?.kind;
    if (kind === "DatabaseNotReachable" || kind === "SocketTimeout" || kind === "ConnectionClosed" || kind === "TooManyConnections" || kind === "DatabaseDoesNotExist") return true;
    if (typeof x.message === "string" && /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect/i.test(x.message)) return true;
    e = x.cause;
  }
  return false;
}

/**
 * The database cancelled a statement that ran past `statement_timeout` (SQLSTATE 57014), most
 * often one waiting on a lock another session holds. Its transaction is rolled back.
 */
export function isStatementTimeout(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const x = e as { code?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: string; code?: string } } } };
    if (x.code === "57014") return true;
    const cause = x.meta?.driverAdapterError?.cause;
    if (cause?.originalCode === "57014" || cause?.code === "57014") return true;
    if (typeof x.message === "string" && /canceling statement due to (statement|lock) timeout/i.test(x.message)) return true;
    e = x.cause;
  }
  return false;
}
