import type { IRouter } from "express";
import { checkDisplayName, createValidator, nameKey, nameQuerySchema, type NameValidationResponse } from "@cubicle/contracts";

const nameQuery = createValidator<{ name: string }>(nameQuerySchema, "query");

/** `GET /names/validate`: the shared name rules, so users learn them before they create. */
export function nameRoutes(r: IRouter): void {
  r.get("/names/validate", (req, res) => {
    const { name } = nameQuery(req.query);
    const check = checkDisplayName(name);
    const body: NameValidationResponse = check.valid
      ? { valid: true, normalized: check.key, displayName: check.displayName }
      : { valid: false, normalized: nameKey(name.trim()), reason: check.reason, message: check.message };
    res.json(body);
  });
}
