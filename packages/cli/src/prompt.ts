// Asking the person at the terminal: a secret without echo (`cubicle login`) and a yes/no
// before something that cannot be undone (`templates rm`). Without a terminal nothing is
// asked: a secret is read from stdin, and a confirmation must be given with --yes.
import type { Io } from "./context.js";
import { UsageError } from "./exit-codes.js";

/** At most this much is read from a piped stdin for a key. */
const MAX_PIPED = 64 * 1024;

/** A secret: the first line piped to stdin, or typed at the terminal without echo. */
export async function readSecret(io: Io, prompt: string): Promise<string> {
  if (!io.stdin.isTTY) {
    let piped = "";
    for await (const chunk of io.stdin) {
      piped += String(chunk);
      if (piped.length > MAX_PIPED) throw new UsageError("stdin holds more than an API key");
    }
    return piped.split(/\r?\n/).find((line) => line.trim() !== "")?.trim() ?? "";
  }
  const { read } = await import("read");
  const answer = await read({ prompt, silent: true, replace: "", input: io.stdin, output: io.stderr });
  io.stderr.write("\n"); // the Enter that was not echoed
  return String(answer).trim();
}

/** Whether the person agrees to `question`; `yes` (--yes) agrees without asking. Not a terminal and no --yes: a usage error. */
export async function confirm(io: Io, question: string, yes: boolean | undefined): Promise<boolean> {
  if (yes) return true;
  if (!io.stdin.isTTY) throw new UsageError(`${question.replace(/\?$/, "")}: stdin is not a terminal to confirm on; pass --yes`);
  const { read } = await import("read");
  const answer = await read({ prompt: `${question} [y/N] `, input: io.stdin, output: io.stderr });
  return /^y(es)?$/i.test(String(answer).trim());
}
