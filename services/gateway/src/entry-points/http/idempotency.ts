import type { Request } from "express";
import { CubicleError, idempotencyKeySchema } from "@cubicle/contracts";

const IDEMPOTENCY_KEY = new RegExp(idempotencyKeySchema.pattern);

/**
 * The caller's `Idempotency-Key` as master's `requestId`, kept apart from other API keys' by
 * the key's fingerprint (two callers choosing the same key never get each other's answer).
 * Undefined when the request has none.
 */
export function requestIdOf(req: Request, fingerprint: string): string | undefined {
  const key = req.headers["idempotency-key"];
  if (key === undefined) return undefined;
  if (typeof key !== "string" || !IDEMPOTENCY_KEY.test(key)) {
    throw new CubicleError("invalid_request", `header Idempotency-Key must be ${idempotencyKeySchema.description}`, { in: "headers" });
  }
  return `${fingerprint}:${key}`;
}
