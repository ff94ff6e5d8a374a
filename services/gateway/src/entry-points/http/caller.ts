import type { Request, Response } from "express";
import type { CallContext } from "@cubicle/master-client";

/** What a call to master carries of the request it serves: its caller's team and key, its request id and trace context. */
export function callContext(req: Request): CallContext {
  const locals = req.res?.locals;
  return { team: locals?.caller?.teamId, key: locals?.logKey as string | undefined, requestId: String(req.id), trace: req.traceContext };
}

/** The team of the request's API key (every route past authentication has one). */
export function teamOf(res: Response): string {
  const team = res.locals.caller?.teamId;
  if (!team) throw new Error("no caller: the route runs before authentication");
  return team;
}

/**
 * A signal that fires when the caller goes away before its answer is sent. Passed to the
 * master call of a create, it closes that call too, so master can undo a create whose answer
 * nobody will read (see master's README section on creates whose caller left).
 */
export function untilCallerLeaves(res: Response): AbortSignal {
  const controller = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) controller.abort(new Error("the caller closed the connection before its answer"));
  });
  return controller.signal;
}
