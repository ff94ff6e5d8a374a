// A build's phases, read from its log: each entry names the phase it belongs to (`step`:
// pulling, building, distributing for a Cubicle build; base, 1, 2, …, finalize for an E2B
// build spec). Phases are listed in the order they first appear. Folding entries in as they
// arrive keeps one small record per phase, however long the log grows.

export interface LogEntryLike {
  timestamp: string;
  message: string;
  step?: string | undefined;
}

export interface PhaseRecord {
  name: string;
  /** The time of its first entry. */
  startedAt: string;
  /** The time of its latest entry. */
  lastAt: string;
  /** Its first entry's message: what the phase does (e.g. "pulling alpine:3.20", "RUN make"). */
  firstMessage: string;
}

export interface PhaseTrack {
  phases: PhaseRecord[];
  /** The phase of the latest entry that named one. */
  current: string | null;
}

export const emptyTrack: PhaseTrack = { phases: [], current: null };

/** `track` with `entries` (the next ones of the log, in order) folded in. */
export function foldEntries(track: PhaseTrack, entries: readonly LogEntryLike[]): PhaseTrack {
  if (entries.length === 0) return track;
  const phases = track.phases.map((phase) => ({ ...phase }));
  let current = track.current;
  for (const entry of entries) {
    const name = entry.step || current;
    if (!name) continue;
    const known = phases.find((phase) => phase.name === name);
    if (known) known.lastAt = entry.timestamp;
    else phases.push({ name, startedAt: entry.timestamp, lastAt: entry.timestamp, firstMessage: entry.message });
    current = name;
  }
  return { phases, current };
}

export type PhaseState = "done" | "active" | "failed" | "pending";

/** A Cubicle build's phases, in order: known before they run, so a running build shows what is left. */
export const CUBICLE_PHASES = ["pulling", "building", "distributing"] as const;

export interface PhaseView extends PhaseRecord {
  state: PhaseState;
  /** When it ended: when the next phase started, or (the last one of a finished build) its latest entry. */
  endedAt?: string;
}

export type BuildState = "waiting" | "building" | "ready" | "error";

/**
 * Each phase's state for a build in `status`: a running build's current phase is active and
 * the others done; a ready build's are all done; a failed build's failing phase (`failedStep`,
 * the API's `reason.step`, else the phase it was in) is failed. A running Cubicle build's phases
 * still to come follow as pending.
 */
export function phaseViews(track: PhaseTrack, status: BuildState, failedStep?: string): PhaseView[] {
  const failed = status === "error" ? (failedStep && track.phases.some((p) => p.name === failedStep) ? failedStep : track.current) : null;
  const running = status === "waiting" || status === "building";
  const last = track.phases.length - 1;
  const views: PhaseView[] = track.phases.map((phase, index) => {
    const next = track.phases[index + 1];
    let state: PhaseState = "done";
    if (phase.name === failed) state = "failed";
    else if (running && phase.name === track.current) state = "active";
    const endedAt = next ? next.startedAt : index === last && !running ? phase.lastAt : undefined;
    return { ...phase, state, ...(endedAt !== undefined && state !== "active" && { endedAt }) };
  });
  // A build waiting with an empty log may be an E2B build waiting for its spec: nothing to foretell.
  const foretell = status === "building" || track.phases.length > 0;
  return running && foretell ? [...views, ...pendingPhases(track)] : views;
}

/** The Cubicle phases a running build has not reached yet (none for an E2B spec build, whose steps the log alone tells). */
function pendingPhases(track: PhaseTrack): PhaseView[] {
  const seen = track.phases.map((p) => p.name);
  const known: readonly string[] = CUBICLE_PHASES;
  if (!seen.every((name) => known.includes(name))) return [];
  return CUBICLE_PHASES.slice(seen.length).map((name) => ({ name, startedAt: "", lastAt: "", firstMessage: "", state: "pending" as const }));
}
