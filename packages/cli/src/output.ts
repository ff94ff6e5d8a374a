// How answers are shown: aligned tables and details for people; with --json, the SDK's answer
// as one JSON document on stdout for programs. Errors go to stderr, as a line (the API's
// message, error code and request id) or as `{"error": {...}}` with --json.
import Table from "cli-table3";
import { CubicleApiError, CubicleConnectionError } from "@cubicle/sdk";
import { CliError } from "./exit-codes.js";

export interface Streams {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/** No borders, two spaces between columns, like kubectl. */
const PLAIN = {
  top: "", "top-mid": "", "top-left": "", "top-right": "",
  bottom: "", "bottom-mid": "", "bottom-left": "", "bottom-right": "",
  left: "", "left-mid": "", mid: "", "mid-mid": "", right: "", "right-mid": "", middle: "  ",
};

/** `rows` under `head`, columns aligned. */
export function table(head: string[], rows: (string | number)[][]): string {
  const t = new Table({ head, chars: PLAIN, style: { head: [], border: [], "padding-left": 0, "padding-right": 0 } });
  t.push(...rows.map((row) => row.map(String)));
  return t
    .toString()
    .split("\n")
    .map((line) => line.trimEnd())
    .filter((line) => line !== "")
    .join("\n");
}

/** `label: value` pairs, values aligned; pairs without a value are left out. */
export function details(pairs: [string, string | number | boolean | null | undefined][]): string {
  const shown = pairs.filter(([, v]) => v !== undefined && v !== null && v !== "");
  const width = Math.max(0, ...shown.map(([k]) => k.length));
  return shown.map(([k, v]) => `${`${k}:`.padEnd(width + 1)}  ${String(v)}`).join("\n");
}

const pad2 = (n: number) => String(n).padStart(2, "0");

/** A time for people: local `YYYY-MM-DD HH:MM:SS`; `-` when there is none. */
export function when(iso: string | null | undefined): string {
  if (!iso) return "-";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** `k=v,k2=v2`, or `-`. */
export const pairs = (map: Record<string, string> | undefined): string =>
  map && Object.keys(map).length > 0 ? Object.entries(map).map(([k, v]) => `${k}=${v}`).join(",") : "-";

export class Output {
  constructor(
    readonly json: boolean,
    readonly streams: Streams,
  ) {}

  /** The command's answer: `data` as JSON with --json, else what `human` returns (lines for stdout). */
  result(data: unknown, human: () => string | string[]): void {
    if (this.json) {
      this.streams.stdout.write(`${JSON.stringify(data ?? null, null, 2)}\n`);
      return;
    }
    const text = human();
    const lines = Array.isArray(text) ? text : [text];
    for (const line of lines) this.streams.stdout.write(`${line}\n`);
  }

  /** A remark for people (stderr); none with --json. */
  note(text: string): void {
    if (!this.json) this.streams.stderr.write(`${text}\n`);
  }

  /** A failure on stderr: the message with the API's error code and request id, or `{"error": …}`. */
  error(err: unknown, exitCode: number): void {
    this.streams.stderr.write(`${this.json ? JSON.stringify({ error: describeError(err, exitCode) }) : errorLine(err)}\n`);
  }
}

/** What --json reports of a failure. */
export function describeError(err: unknown, exitCode: number): Record<string, unknown> {
  if (err instanceof CubicleApiError) {
    const { message, code, status, requestId, details, retryAfterSeconds } = err;
    return { message, code, status, requestId: requestId ?? null, ...(details && { details }), ...(retryAfterSeconds !== undefined && { retryAfterSeconds }), exitCode };
  }
  if (err instanceof CliError) return { message: err.message, code: err.code, exitCode };
  return { message: messageOf(err), code: err instanceof CubicleConnectionError ? "connection_failed" : "error", exitCode };
}

/** `error: <message> (<code>, request id <id>)`. */
export function errorLine(err: unknown): string {
  if (err instanceof CubicleApiError) {
    const about = [err.code, err.requestId && `request id ${err.requestId}`, err.retryAfterSeconds !== undefined && `try again in ${err.retryAfterSeconds} s`].filter(Boolean).join(", ");
    return `error: ${err.message} (${about})`;
  }
  return `error: ${messageOf(err)}`;
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));
