import { CubicleError } from "@cubicle/contracts";
import type { ErrorClassifier } from "@cubicle/service-kit";
import { isDatabaseUnavailable } from "../../data-access/errors.js";

/** Master's own failure it can name: the database is out of reach. */
export const classifyMasterError: ErrorClassifier = (err, req, res) => {
  if (!isDatabaseUnavailable(err)) return undefined;
  req.log?.error({ err }, "database unavailable");
  res.setHeader("Retry-After", "1");
  return new CubicleError("service_unavailable", "the database is unavailable; try again shortly");
};
