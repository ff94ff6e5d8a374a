import type { Request, RequestHandler } from "express";
import { CubicleError, KEY_HEADER, TEAM_HEADER, UUID_PATTERN } from "@cubicle/contracts";

const UUID = new RegExp(UUID_PATTERN);

/**
 * Reads who a call serves: the team (`X-Cubicle-Team`, its id) and the API key
 * (`X-Cubicle-Key`, its id, for the log line only), each kept when well-formed. Every
 * template, name and sandbox call carries a team: the gateway sends the team of the
 * caller's API key, an internal service the team whose request it serves.
 */
export function readCaller(): RequestHandler {
  return (req, res, next) => {
    const team = req.headers[TEAM_HEADER];
    if (typeof team === "string" && UUID.test(team)) res.locals.logTeam = team.toLowerCase();
    const key = req.headers[KEY_HEADER];
    if (typeof key === "string" && (UUID.test(key) || key === "admin")) res.locals.logKey = key.toLowerCase();
    next();
  };
}

/** The team a call serves (read by `readCaller`); without one, 400. */
export function teamOf(req: Request): string {
  const team = req.res?.locals.logTeam as string | undefined;
  if (team) return team;
  throw new CubicleError(
    "invalid_request",
    "header X-Cubicle-Team must name the team this call serves (its id, a UUID): every template, name and sandbox call is scoped to a team",
    { in: "headers" },
  );
}
