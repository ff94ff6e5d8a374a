/** Recognises database failures the domain has a meaning for. */

interface PrismaLikeError {
  code?: string;
  meta?: { target?: unknown; driverAdapterError?: { cause?: { constraint?: unknown; kind?: string } } };
}

/** A unique-index violation on the named constraint (Prisma P2002 through the pg adapter). */
export function isUniqueViolation(err: unknown, constraint: string): boolean {
  const e = err as PrismaLikeError;
  if (e?.code !== "P2002") return false;
  const cause = e.meta?.driverAdapterError?.cause;
  const named = cause?.constraint;
  if (typeof named === "string") return named === constraint;
  if (named && typeof named === "object" && "index" in named) return (named as { index: unknown }).index === constraint;
  const target = e.meta?.target;
  return Array.isArray(target) ? target.includes("name_key") : target === constraint;
}

const UNAVAILABLE = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "57P01", "57P03", "53300"]);

/** The database cannot be reached or refuses work right now (as opposed to a bug or bad data). */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const x = e as { code?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: string; originalCode?: string } } } };
    if (typeof x.code === "string" && (UNAVAILABLE.has(x.code) || x.code === "P1001" || x.code === "P1017")) return true;
    const kind = x.meta?.driverAdapterError?.cause?.kind;
    if (kind === "DatabaseNotReachable" || kind === "SocketTimeout" || kind === "ConnectionClosed" || kind === "TooManyConnections") return true;
    if (typeof x.message === "string" && /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect/i.test(x.message)) return true;
    e = x.cause;
  }
  return false;
}
