import type { Request, RequestHandler } from "express";
import { CubicleError, KEY_HEADER, TEAM_HEADER, UUID_PATTERN } from "@cubicle/contracts";

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

/** Puts the call's team and API key (their ids, when the caller names them) on the request's log line. */
export function logTeam(): RequestHandler {
  return (req, res, next) => {
    const team = req.headers[TEAM_HEADER];
    if (typeof team === "string" && UUID.test(team)) res.locals.logTeam = team.toLowerCase();
    const key = req.headers[KEY_HEADER];
    if (typeof key === "string" && (UUID.test(key) || key === "admin")) res.locals.logKey = key.toLowerCase();
    next();
  };
}
