import type { Request, Response } from "express";
import { REPLAYED_HEADER } from "@cubicle/contracts";
import type { Keyed } from "../../domain/idempotency.js";

/**
 * Runs a write that may carry a requestId and answers it with `status` (marked
 * `idempotent-replayed` when an earlier write with the key gave the answer).
 *
 * A create that finishes after its caller left (it timed out, or its own caller went away
 * and it closed the call) made something whose id nobody got: without a requestId no retry
 * can ever find it, so `undo` (when given) removes it; with one it stays, for the retry.
 */
export type AnswerWrite = <T>(
  req: Request,
  res: Response,
  status: number,
  requestId: string | undefined,
  write: () => Promise<Keyed<T>>,
  undo?: (created: T) => Promise<void>,
) => Promise<void>;

/** `answerWrite`, telling `onCallerLeft` of each caller that closed the connection before its answer. */
export function answerWrites(onCallerLeft: () => void): AnswerWrite {
  return async function answerWrite(req, res, status, requestId, write, undo) {
    let left = false;
    res.once("close", () => {
      if (res.writableFinished) return;
      left = true;
      onCallerLeft();
    });
    const { response, replayed } = await write();
    if (left && requestId === undefined && undo) {
      req.log.warn("the caller left before the answer and sent no requestId: undoing the create");
      await undo(response).catch((err: unknown) => req.log.error({ err }, "could not undo a create whose caller left"));
      return;
    }
    if (replayed) res.setHeader(REPLAYED_HEADER, "true");
    res.status(status).json(response);
  };
}
