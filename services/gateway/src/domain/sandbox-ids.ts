import { CubicleError, SANDBOX_ID_PATTERN, SANDBOX_METRICS_BATCH_MAX, createValidator, echo, sandboxIdParamsSchema, sandboxNotFound } from "@cubicle/contracts";

/**
 * Sandbox ids as E2B's clients send them. Any id of letters, digits, '-' and '_' is taken;
 * one that is not of Cubicle's form (32 hex characters, or a UUID) names no sandbox, so it is
 * answered 404 like an unknown sandbox, without asking master. E2B's SDK reads that 404 as
 * "not found" (a kill returns false) where a 400 would throw.
 */

const CUBICLE_ID = new RegExp(SANDBOX_ID_PATTERN);
const idParams = createValidator<{ sandboxID: string }>(sandboxIdParamsSchema, "params");


/** Whether the id is of Cubicle's form (any letter case). */
export const isCubicleSandboxId = (id: string): boolean => CUBICLE_ID.test(id);

/**
 * The route's `sandboxID` as master knows it (lower-cased): 400 when it is no sandbox id at
 * all, 404 when it is one Cubicle never makes.
 */
export function sandboxIdOf(params: unknown): string {
  const { sandboxID } = idParams(params);
  if (!isCubicleSandboxId(sandboxID)) throw sandboxNotFound(sandboxID);
  return sandboxID.toLowerCase();
}

/**
 * E2B's `sandbox_ids` (already checked against its pattern): at most
 * SANDBOX_METRICS_BATCH_MAX, each once. Returns the ids of Cubicle's form, lower-cased and
 * each once; the others name no sandbox and are left out.
 */
export function cubicleSandboxIds(joined: string): string[] {
  const ids = joined.split(",");
  if (ids.length > SANDBOX_METRICS_BATCH_MAX) {
    throw new CubicleError("invalid_request", `query.sandbox_ids names ${ids.length} sandboxes: at most ${SANDBOX_METRICS_BATCH_MAX}`, { in: "query" });
  }
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  if (repeated !== undefined) throw new CubicleError("invalid_request", `query.sandbox_ids names '${echo(repeated, 40)}' more than once`, { in: "query" });
  return [...new Set(ids.filter(isCubicleSandboxId).map((id) => id.toLowerCase()))];
}
