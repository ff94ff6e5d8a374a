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
 * A unique-index violation on the named index. pg reports it as SQLSTATE 23505 with the
 * index in `constraint`; through the driver adapter Prisma reports it as P2002 with `meta.driverAdapterError.cause.constraint = {index: <name>}`.
 */
export function isUniqueViolation(err: unknown, index: string): boolean {
  const e = err as PrismaLikeError & { constraint?: string };
  // The pg driver's own error, from the queries that bypass Prisma (hot-queries.ts).
  if (e?.code === "23505") return e.constraint === index;
  if (e?.code !== "P2002") return false;
  const c = e.meta?.driverAdapterError?.cause?.constraint;
  return (typeof c === "string" ? c : c?.index) === index;
}

type DbError = {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: { cause?: { kind?: string; code?: string; originalCode?: string } } };
};

/** True when `test` holds for the error or one of its causes (Prisma wraps the driver's). */
function inCauseChain(err: unknown, test: (e: DbError) => boolean): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    if (test(e as DbError)) return true;
    e = (e as DbError).cause;
  }
  return false;
}

const UNAVAILABLE = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "57P01", "57P02", "57P03", "53300", "P1001", "P1003", "P1017"]);
const UNREACHABLE_KINDS = new Set(["DatabaseNotReachable", "SocketTimeout", "ConnectionClosed", "TooManyConnections", "DatabaseDoesNotExist"]);

/** The database cannot be reached or refuses work right now (as opposed to a bug or bad data). */
export function isDatabaseUnavailable(err: unknown): boolean {
  return inCauseChain(
    err,
    (x) =>
      (typeof x.code === "string" && UNAVAILABLE.has(x.code)) ||
      UNREACHABLE_KINDS.has(x.meta?.driverAdapterError?.cause?.kind ?? "") ||
      // Through the driver adapter a server's SQLSTATE (57P01: the server is shutting down) sits in the cause.
      UNAVAILABLE.has(x.meta?.driverAdapterError?.cause?.originalCode ?? x.meta?.driverAdapterError?.cause?.code ?? "") ||
      // pg's "Client has encountered a connection error and is not queryable": a query sent on a
      // connection that died earlier (the server terminated it), e.g. the next one in a transaction.
      (typeof x.message === "string" && /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|encountered a connection error/i.test(x.message)),
  );
}

/**
 * The database cancelled a statement that ran past `statement_timeout` (SQLSTATE 57014), most
 * often one waiting on a lock another session holds. Its transaction is rolled back. Also
 * Prisma's P2028: a transaction that could not start (every pooled connection busy for
 * longer than its wait) or ran past its time; nothing of it was committed.
 */
export function isStatementTimeout(err: unknown): boolean {
  return inCauseChain(err, (x) => {
    const cause = x.meta?.driverAdapterError?.cause;
    return (
      x.code === "57014" ||
      x.code === "P2028" ||
      cause?.originalCode === "57014" ||
      cause?.code === "57014" ||
      (typeof x.message === "string" && /canceling statement due to (statement|lock) timeout/i.test(x.message))
    );
  });
}
