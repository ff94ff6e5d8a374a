import type { Request, RequestHandler } from "express";
import { CubicleError, TEAM_HEADER, UUID_PATTERN } from "@cubicle/contracts";

const UUID = new RegExp(UUID_PATTERN);

/**
 * The team a call serves, from the `X-Cubicle-Team` header (its id). Every template, name and
 * sandbox call carries one: the gateway sends the team of the caller's API key, an internal
 * service the team whose request it serves. Without it, 400.
 */
export function teamOf(req: Request): string {
  const given = req.headers[TEAM_HEADER];
  if (typeof given !== "string" || !UUID.test(given)) {
    throw new CubicleError(
      "invalid_request",
      "header X-Cubicle-Team must name the team this call serves (its id, a UUID): every template, name and sandbox call is scoped to a team",
      { in: "headers" },
    );
  }
  return given.toLowerCase();
}

/** Puts the call's team (when it names one) on the request's log line. */
export function logTeam(): RequestHandler {
  return (req, res, next) => {
    const given = req.headers[TEAM_HEADER];
    if (typeof given === "string" && UUID.test(given)) res.locals.logTeam = given.toLowerCase();
    next();
  };
}
