import type { Response } from "express";

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
