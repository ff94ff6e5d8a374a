// A build followed until it ends (`templates create --wait`, `templates rebuild --wait`). On a
// terminal: a spinner on the phase under way and a finished line for each phase done. Elsewhere
// (a pipe, a CI log): one plain line per phase change and log entry, `time  step  message`.
// A build's entries name their step: a Cubicle build's phases (pulling, building,
// distributing), an E2B spec build's base, 1, 2, …, finalize.
import { styleText } from "node:util";
import type { Ora } from "ora";
import type { BuildLogEntry, BuildStatus, WatchOptions } from "@cubicle/sdk";

export type Stream = NodeJS.WriteStream | (NodeJS.WritableStream & { isTTY?: boolean });

export interface BuildDisplay extends Required<Pick<WatchOptions, "onLog" | "onStatus">> {
  /** The build ended with `last`: closes the display (the spinner's last line). */
  finish(last: BuildStatus): void;
  /** Stops the display when following the build failed (the error is reported elsewhere). */
  abandon(): void;
}

/** A terminal a spinner can draw on (one of no width, as some pseudo-terminals report, makes ora loop). */
const drawable = (stream: Stream) => Boolean(stream.isTTY) && ((stream as NodeJS.WriteStream).columns ?? 0) > 0;

/** The display for `stream`: a spinner when it is a terminal, else plain lines. */
export async function buildDisplay(stream: Stream, interactive = drawable(stream)): Promise<BuildDisplay> {
  // ora is loaded only for a terminal: every other run of the CLI starts without it.
  return interactive ? spinnerDisplay(stream as NodeJS.WriteStream, (await import("ora")).default) : plainDisplay(stream);
}

const STEP_WIDTH = 12;
/** At most this many entries of the phase under way are kept to show when it ends (bounded memory). */
const DETAILS_MAX = 200;
const levelOf = (entry: BuildLogEntry) => (entry.level === "info" ? "" : `${entry.level}: `);

function plainDisplay(stream: Stream): BuildDisplay {
  let status: string | undefined;
  const line = (time: string, step: string, message: string) => stream.write(`${time}  ${step.padEnd(STEP_WIDTH)}  ${message}\n`);
  return {
    onLog: (entry) => line(entry.timestamp, entry.step ?? "-", `${levelOf(entry)}${entry.message}`),
    onStatus: (now) => {
      if (now.status !== status) line(new Date().toISOString(), "status", now.status);
      status = now.status;
    },
    finish: () => {},
    abandon: () => {},
  };
}

/** Seconds between two ISO times, e.g. `1.2s`. */
const took = (from: string, to: string) => `${Math.max(0, (Date.parse(to) - Date.parse(from)) / 1000).toFixed(1)}s`;

function spinnerDisplay(stream: NodeJS.WriteStream, ora: typeof import("ora").default): BuildDisplay {
  const spinner: Ora = ora({ stream, discardStdin: false, text: "waiting for a builder" }).start();
  const style = (format: Parameters<typeof styleText>[0], text: string) => styleText(format, text, { stream });
  /** The phase under way: its step, first message, start, and the entries logged in it since. */
  let phase: { step: string; message: string; at: string; details: BuildLogEntry[]; more: number } | undefined;
  let firstAt: string | undefined;
  let lastAt: string | undefined;
  const label = (p: { step: string; message: string }) => `${style("bold", p.step.padEnd(STEP_WIDTH))}  ${p.message}`;
  const detail = (entry: BuildLogEntry) => {
    const text = `${" ".repeat(STEP_WIDTH + 4)}${levelOf(entry)}${entry.message}`;
    return entry.level === "error" || entry.level === "warn" ? style("red", text) : style("dim", text);
  };

  /** The phase's finished line (✔ or ✖), then what it logged: written once, in order. */
  const endPhase = (ok: boolean, at: string) => {
    if (!phase) return;
    const line = `${label(phase)}  ${style("dim", took(phase.at, at))}`;
    if (ok) spinner.succeed(line);
    else spinner.fail(line);
    for (const entry of phase.details) stream.write(`${detail(entry)}\n`);
    if (phase.more > 0) stream.write(`${style("dim", `${" ".repeat(STEP_WIDTH + 4)}… and ${phase.more} more`)}\n`);
    phase = undefined;
  };
  return {
    onLog(entry) {
      firstAt ??= entry.timestamp;
      lastAt = entry.timestamp;
      if (entry.step !== undefined && entry.step !== phase?.step) {
        endPhase(true, entry.timestamp);
        phase = { step: entry.step, message: entry.message, at: entry.timestamp, details: [], more: 0 };
        spinner.start(label(phase));
      } else if (phase) {
        if (phase.details.length < DETAILS_MAX) phase.details.push(entry);
        else phase.more++;
        spinner.text = `${label(phase)}  ${style("dim", entry.message)}`;
      } else {
        stream.write(`${detail(entry)}\n`);
      }
    },
    onStatus(now) {
      if (!phase && now.status === "building") spinner.text = "building";
    },
    finish(last) {
      const at = lastAt ?? new Date().toISOString();
      endPhase(last.status === "ready", at);
      const total = firstAt ? ` in ${took(firstAt, at)}` : "";
      if (last.status === "ready") spinner.succeed(style("green", `ready${total}`));
      else spinner.fail(style("red", `failed${total}`));
    },
    abandon() {
      if (spinner.isSpinning) spinner.stop();
    },
  };
}
