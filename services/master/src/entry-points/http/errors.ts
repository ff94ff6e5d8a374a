import { CubicleError } from "@cubicle/contracts";
import type { ErrorClassifier } from "@cubicle/service-kit";
import { isDatabaseUnavailable, isStatementTimeout } from "../../data-access/errors.js";

/**
 * Master's own failures it can name: the database is out of reach, or a statement ran past
 * `DB_STATEMENT_TIMEOUT_MS` (most often waiting on a lock). Both are "try again", with
 * Retry-After; a cancelled statement's transaction was rolled back.
 */
export const classifyMasterError: ErrorClassifier = (err, req, res) => {
  if (isStatementTimeout(err)) {
    req.log?.warn({ err }, "database statement timed out");
    res.setHeader("Retry-After", "1");
    return new CubicleError("service_unavailable", "the database did not answer in time (a busy row or a slow query); try again shortly");
  }
  if (!isDatabaseUnavailable(err)) return undefined;
  req.log?.error({ err }, "database unavailable");
  res.setHeader("Retry-After", "1");
  return new CubicleError("service_unavailable", "the database is unavailable; try again shortly");
};
