// Live checking of a display name as it is typed: asks the API (/names/validate) once typing
// pauses, cancels the question about an older input when the input changes, and never reports
// a verdict for any input but the current one.
import type { NameVerdict } from "@cubicle/sdk";
import { useEffect, useState } from "react";
import { isAbort } from "../../../api";
import { useClient } from "../../../session";

/** How long typing must pause before the name is checked. */
export const NAME_CHECK_DELAY_MS = 250;

export type NameCheck =
  /** Nothing to check (the field is empty, or holds the template's own name). */
  | { state: "idle" }
  /** Waiting for typing to pause, or for the API's answer. */
  | { state: "checking" }
  | { state: "done"; verdict: NameVerdict }
  /** The check itself failed (the API out of reach): the name is not known to be wrong. */
  | { state: "failed"; error: unknown };

interface Answer {
  input: string;
  check: NameCheck;
}

export interface NameVerdictOptions {
  /** Inputs not to check (e.g. the name the template already has), reported as idle. */
  skip?: (input: string) => boolean;
  /** A rename: the name held by this template itself (another letter case) is no conflict. */
  ownTemplateID?: string;
}

/** The verdict on `input`. */
export function useNameVerdict(input: string, options: NameVerdictOptions = {}): NameCheck {
  const client = useClient();
  const { skip, ownTemplateID } = options;
  const skipped = input === "" || (skip?.(input) ?? false);
  const [answer, setAnswer] = useState<Answer | null>(null);

  useEffect(() => {
    if (skipped) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      client.templates.validateName(input, controller.signal).then(
        (answer) => {
          if (controller.signal.aborted) return;
          const own = answer.reason === "taken" && ownTemplateID !== undefined && answer.templateID === ownTemplateID;
          const verdict: NameVerdict = own ? { valid: true, normalized: answer.normalized, ...(answer.displayName !== undefined && { displayName: answer.displayName }) } : answer;
          setAnswer({ input, check: { state: "done", verdict } });
        },
        (error: unknown) => {
          if (!controller.signal.aborted && !isAbort(error)) setAnswer({ input, check: { state: "failed", error } });
        },
      );
    }, NAME_CHECK_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [client, input, skipped, ownTemplateID]);

  if (skipped) return { state: "idle" };
  // An answer about another (older) input is never shown.
  return answer?.input === input ? answer.check : { state: "checking" };
}

/** Whether a form may be sent with this check: an empty/own name, a valid one, or one the check could not judge. */
export const nameAcceptable = (check: NameCheck) => check.state === "idle" || check.state === "failed" || (check.state === "done" && check.verdict.valid);
