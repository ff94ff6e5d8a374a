import type { IRouter, RequestHandler } from "express";
import { CubicleError } from "@cubicle/contracts";
import { UNSERVED_E2B_OPERATIONS, e2bPath } from "../../../domain/e2b-unserved.js";

/**
 * E2B's operations that Cubicle does not serve, each answering 501 `not_implemented` with its
 * name. Registered before every route with a parameter, so none of their paths can reach one.
 */
export function unservedRoutes(r: IRouter): void {
  for (const op of UNSERVED_E2B_OPERATIONS) {
    const operation = `${op.method} ${e2bPath(op.path)}`;
    const refuse: RequestHandler = (_req, _res, next) => {
      next(new CubicleError("not_implemented", `${operation} (${op.what}) is an E2B operation this API does not implement`, { operation }));
    };
    r[op.method.toLowerCase() as "get" | "post" | "put" | "patch" | "delete"](op.path, refuse);
  }
}
