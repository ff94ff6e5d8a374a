// Following a build: polls its status, asking each time only for the log entries not seen
// yet (`logsOffset`), so a long build costs the same per poll as a short one. A poll that
// fills its page is followed at once by the next page, so a build that ends with more new
// entries than a page still reports every one.
import type { BuildLogEntry, BuildStatus } from "../api-types.js";
import { sleep } from "../transport.js";

export interface WatchOptions {
  /** Between polls (default 1 s). */
  intervalMs?: number;
  /** Each poll's status (with only the entries new since the last poll in `logEntries`). */
  onStatus?: (status: BuildStatus) => void;
  /** Each log entry, once, in order. */
  onLog?: (entry: BuildLogEntry) => void;
  signal?: AbortSignal;
}

type StatusCall = (ref: string, buildID: string, query: { logsOffset?: number; limit?: number }, signal?: AbortSignal) => Promise<BuildStatus>;

const FINAL = new Set(["ready", "error"]);
/** The most entries the API gives in one status answer. */
const PAGE = 100;

export async function watchBuild(status: StatusCall, ref: string, buildID: string, options: WatchOptions): Promise<BuildStatus> {
  const intervalMs = options.intervalMs ?? 1_000;
  let offset = 0;
  for (;;) {
    const now = await status(ref, buildID, { logsOffset: offset, limit: PAGE }, options.signal);
    offset += now.logEntries.length;
    for (const entry of now.logEntries) options.onLog?.(entry);
    options.onStatus?.(now);
    const more = now.logEntries.length >= PAGE;
    if (FINAL.has(now.status) && !more) return now;
    if (!more) await sleep(intervalMs, options.signal);
  }
}
