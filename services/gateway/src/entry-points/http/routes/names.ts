import type { IRouter, RequestHandler } from "express";
import { CubicleError, checkDisplayName, createValidator, echo, nameKey, nameQuerySchema, type NameValidationResponse } from "@cubicle/contracts";
import type { TemplateRefs } from "../../../domain/template-refs.js";
import { callContext } from "../caller.js";

const nameQuery = createValidator<{ name: string }>(nameQuerySchema, "query");

/**
 * `GET /names/validate`: the shared name rules, and whether the caller's team already holds
 * the name, so people learn before they create (the console checks as they type). The rules
 * are decided here; "taken" by one cached lookup in master. A name is only ever reserved by a
 * create, so "free" here can still meet a 409 from a create that comes second.
 */
export function nameRoutes(r: IRouter, { refs, limit }: { refs: Pick<TemplateRefs, "lookup">; limit: RequestHandler }): void {
  r.get("/names/validate", limit, async (req, res) => {
    const { name } = nameQuery(req.query);
    const check = checkDisplayName(name);
    if (!check.valid) {
      const body: NameValidationResponse = { valid: false, normalized: nameKey(name.trim()), reason: check.reason, message: check.message };
      return void res.json(body);
    }
    const holder = await holderOf(refs, check.displayName, callContext(req));
    const body: NameValidationResponse = holder
      ? { valid: false, normalized: check.key, displayName: check.displayName, reason: "taken", message: `'${echo(check.displayName)}' is already the name of ${holder}`, templateID: holder }
      : { valid: true, normalized: check.key, displayName: check.displayName };
    res.json(body);
  });
}

/** The id of the team's template holding `displayName`, or undefined when none does. */
async function holderOf(refs: Pick<TemplateRefs, "lookup">, displayName: string, ctx: ReturnType<typeof callContext>): Promise<string | undefined> {
  try {
    return (await refs.lookup(displayName, { fresh: false }, ctx)).templateId;
  } catch (err) {
    if (err instanceof CubicleError && err.code === "template_not_found") return undefined;
    throw err;
  }
}
