import type { Request, Response } from "express";

/**
 * Whether the caller is still waiting for this response. A create that finishes after its
 * caller left (it timed out, or its own caller went away and it closed the call) made
 * something whose id nobody got: without a requestId no retry can ever find it, so it is
 * undone (`undo`); with one it stays, for the retry to find. Returns true when undone.
 */
export function watchCaller(req: Request, res: Response) {
  let left = false;
  res.once("close", () => {
    if (!res.writableFinished) left = true;
  });
  return {
    async undoIfLeft(requestId: string | undefined, what: string, undo: () => Promise<void>): Promise<boolean> {
      if (!left || requestId !== undefined) return false;
      req.log.warn({ created: what }, "the caller left before the answer and sent no requestId: undoing the create");
      await undo().catch((err: unknown) => req.log.error({ err, created: what }, "could not undo a create whose caller left"));
      return true;
    },
  };
}
