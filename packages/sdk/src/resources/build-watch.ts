// Following a build: polls its status, asking each time only for the log entries not seen
// yet (`logsOffset`), so a long build costs the same per poll as a short one.
import type { BuildLogEntry, BuildStatus } from "../api-types.js";

export interface WatchOptions {
  /** Between polls (default 1 s). */
  intervalMs?: number;
  /** Each poll's status (with only the entries new since the last poll in `logEntries`). */
  onStatus?: (status: BuildStatus) => void;
  /** Each log entry, once, in order. */
  onLog?: (entry: BuildLogEntry) => void;
  signal?: AbortSignal;
}

type StatusCall = (ref: string, buildID: string, query: { logsOffset?: number }, signal?: AbortSignal) => Promise<BuildStatus>;

const FINAL = new Set(["ready", "error"]);

export async function watchBuild(status: StatusCall, ref: string, buildID: string, options: WatchOptions): Promise<BuildStatus> {
  const intervalMs = options.intervalMs ?? 1_000;
  let offset = 0;
  for (;;) {
    const now = await status(ref, buildID, { logsOffset: offset }, options.signal);
    offset += now.logEntries.length;
    for (const entry of now.logEntries) options.onLog?.(entry);
    options.onStatus?.(now);
    if (FINAL.has(now.status)) return now;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, intervalMs);
      options.signal?.addEventListener("abort", () => (clearTimeout(timer), reject(options.signal?.reason)), { once: true });
    });
  }
}
