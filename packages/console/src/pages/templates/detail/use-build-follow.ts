// Following one build: its status and log, read with `logsOffset` so each poll (about a second
// apart) brings only new entries, until the build is ready or failed. The log kept for display
// is bounded (the newest MAX_LINES entries); the phases are folded from every entry.
import type { BuildLogEntry, BuildStatus } from "@cubicle/sdk";
import { useEffect, useRef, useState } from "react";
import { isAbort } from "../../../api";
import { useClient } from "../../../session";
import { emptyTrack, foldEntries, type BuildState, type PhaseTrack } from "./build-phases";

export const MAX_LINES = 2_000;
const POLL_MS = 1_000;

export interface FollowedBuild {
  buildID: string;
  /** Null until the first answer. */
  status: BuildState | null;
  reason: BuildStatus["reason"];
  /** The newest entries (at most MAX_LINES). */
  entries: BuildLogEntry[];
  /** Entries left out at the start to keep within MAX_LINES. */
  dropped: number;
  track: PhaseTrack;
  error: unknown;
}

const initial = (buildID: string): FollowedBuild => ({ buildID, status: null, reason: undefined, entries: [], dropped: 0, track: emptyTrack, error: null });

function withPoll(state: FollowedBuild, poll: BuildStatus): FollowedBuild {
  let entries = state.entries;
  let dropped = state.dropped;
  if (poll.logEntries.length > 0) {
    entries = [...entries, ...poll.logEntries];
    if (entries.length > MAX_LINES) {
      dropped += entries.length - MAX_LINES;
      entries = entries.slice(-MAX_LINES);
    }
  }
  return { ...state, status: poll.status, reason: poll.reason, entries, dropped, track: foldEntries(state.track, poll.logEntries), error: null };
}

/**
 * The build `buildID` of template `templateID`, followed while it runs. `onStatus` hears each
 * status read (the page keeps its builds list and template status in step).
 */
export function useBuildFollow(templateID: string, buildID: string, onStatus?: (buildID: string, status: BuildState) => void): FollowedBuild & { retry(): void } {
  const client = useClient();
  const [state, setState] = useState(() => initial(buildID));
  const [attempt, setAttempt] = useState(0);
  const listener = useRef(onStatus);
  useEffect(() => {
    listener.current = onStatus;
  });

  useEffect(() => {
    const controller = new AbortController();
    setState(initial(buildID));
    client.templates
      .waitForBuild(templateID, buildID, {
        intervalMs: POLL_MS,
        signal: controller.signal,
        onStatus: (poll) => {
          if (controller.signal.aborted) return;
          setState((s) => (s.buildID === buildID ? withPoll(s, poll) : s));
          listener.current?.(buildID, poll.status);
        },
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted || isAbort(err)) return;
        setState((s) => (s.buildID === buildID ? { ...s, error: err } : s));
      });
    return () => controller.abort();
  }, [client, templateID, buildID, attempt]);

  // Before the effect above has reset it, the state may still be another build's.
  const current = state.buildID === buildID ? state : initial(buildID);
  return { ...current, retry: () => setAttempt((n) => n + 1) };
}
