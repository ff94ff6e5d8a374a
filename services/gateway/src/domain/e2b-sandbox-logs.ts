import type { AgentLogEntry, E2bLogLevel, E2bSandboxLogEntry, E2bSandboxLogs, E2bSandboxLogsV2 } from "@cubicle/contracts";
import { atLevel, timeWindow, type TimeWindow } from "./log-windows.js";

/**
 * A sandbox's log in E2B's shapes. Master answers all of a sandbox's lifecycle events
 * (bounded by the node agent), oldest first; the windows E2B's queries ask for are cut here.
 */

/** What names the source of each line, for E2B's CLI (which prints and filters by `logger`). */
const LOGGER = "cubicle-node";

const toEntry = (e: AgentLogEntry): E2bSandboxLogEntry => ({ timestamp: e.timestamp, level: e.level, message: e.message, fields: {} });
const millis = (e: AgentLogEntry) => Date.parse(e.timestamp);
/** Oldest first, events of the same time in the order given. */
const ordered = (entries: AgentLogEntry[]) => [...entries].sort((a, b) => millis(a) - millis(b));

/**
 * `GET /sandboxes/{id}/logs`: the first `limit` entries at or after `start` (ms), oldest
 * first. Each is also a JSON line `{level, logger, message}`: E2B's CLI parses the line.
 */
export function e2bSandboxLogs(entries: AgentLogEntry[], q: { start?: number; limit: number }): E2bSandboxLogs {
  const window = timeWindow(ordered(entries), { ...(q.start !== undefined && { cursor: q.start }), limit: q.limit, direction: "forward" });
  return {
    logs: window.map((e) => ({ timestamp: e.timestamp, line: JSON.stringify({ level: e.level, logger: LOGGER, message: e.message }) })),
    logEntries: window.map(toEntry),
  };
}

export interface LogsV2Query extends TimeWindow {
  level?: E2bLogLevel;
  search?: string;
}

/**
 * `GET /v2/sandboxes/{id}/logs`: entries at `level` or above whose message contains
 * `search`; forward, the oldest first at or after `cursor` (ms); backward, the newest first
 * at or before it. At most `limit`.
 */
export function e2bSandboxLogsV2(entries: AgentLogEntry[], q: LogsV2Query): E2bSandboxLogsV2 {
  const leveled = atLevel(q.level);
  const matching = ordered(entries).filter((e) => leveled(e) && (q.search === undefined || e.message.includes(q.search)));
  return { logs: timeWindow(matching, q).map(toEntry) };
}
