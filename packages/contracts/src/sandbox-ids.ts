import { CubicleError } from "./errors.js";
import { echo } from "./echo.js";
import { createValidator } from "./validation.js";
import { SANDBOX_METRICS_BATCH_MAX, sandboxIdsQuerySchema } from "./schemas/sandboxes.js";

/**
 * What every service says of a sandbox id it does not know, and how the internal APIs read a
 * list of sandbox ids (`?ids=a,b`: master's batch metrics, a node agent's).
 */

/** An unknown sandbox: the same code and words from the gateway, master and every route. */
export function sandboxNotFound(id: string): CubicleError {
  return new CubicleError("sandbox_not_found", `sandbox '${echo(id)}' not found`);
}

const idsQuery = createValidator<{ ids: string }>(sandboxIdsQuerySchema, "query");

/**
 * The ids of `?ids=a,b`, lower-cased and without repeats. Too many is refused by their count
 * (checked first, so the message says so rather than that the text is too long).
 */
export function sandboxIdsOf(query: unknown): string[] {
  const raw = (query as { ids?: unknown } | undefined)?.ids;
  const count = typeof raw === "string" ? raw.split(",").length : 0;
  if (count > SANDBOX_METRICS_BATCH_MAX) {
    throw new CubicleError("invalid_request", `query.ids names ${count} sandboxes: at most ${SANDBOX_METRICS_BATCH_MAX} at a time`, { in: "query" });
  }
  return [...new Set(idsQuery(query).ids.toLowerCase().split(","))];
}
