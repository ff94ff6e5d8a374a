import type { AgentLogEntry, AgentSandboxState } from "@cubicle/contracts";
import { createEndedLogs } from "./ended-logs.js";
import { EVENTS_PER_SANDBOX, isoTime, type NodeSandbox } from "./node-sandbox.js";

/**
 * The simulated node's records and the rules that change them, in one place so that the
 * count of running sandboxes stays exact whatever the order of calls and expiries: only
 * hold, setState and end move it, and only for sandboxes held.
 *
 * End times are enforced lazily, when a sandbox is next touched (`live`), and by a scan
 * (`pruneExpired`): a running sandbox past its `endAt` is stopped, or with `onTimeout:
 * "pause"` paused and kept `pausedRetentionS` after that end time; a paused sandbox past its
 * `endAt` is removed. An ended sandbox's log is kept a while (ended-logs.ts).
 */

export interface SandboxStoreOptions {
  now: () => number;
  endedLogsMs: number;
  endedLogsMax: number;
  /** Called when the end-time rule changed a sandbox on its own. */
  changed: () => void;
}

export function createSandboxStore(options: SandboxStoreOptions) {
  const { now, changed } = options;
  const sandboxes = new Map<string, NodeSandbox>();
  const ended = createEndedLogs({ ttlMs: options.endedLogsMs, max: options.endedLogsMax, now });
  /** Running sandboxes, kept as a count so that a create costs the same however many the node holds. */
  let running = 0;

  const held = (s: NodeSandbox) => sandboxes.get(s.sandboxId) === s;

  /** Records an event at `at` (default now; never before the previous event, so the log stays in order). */
  function event(s: NodeSandbox, message: string, at = now()) {
    const last = Date.parse(s.events.at(-1)?.timestamp ?? "");
    const time = last > at ? last : at;
    s.events.push({ timestamp: isoTime(time), level: "info", message });
    if (s.events.length > EVENTS_PER_SANDBOX) s.events.shift();
  }

  /** Holds the sandbox (in place of any other with its id, which is dropped without a trace). */
  function hold(s: NodeSandbox) {
    const previous = sandboxes.get(s.sandboxId);
    if (previous?.state === "running") running--;
    sandboxes.set(s.sandboxId, s);
    if (s.state === "running") running++;
  }

  function setState(s: NodeSandbox, state: AgentSandboxState) {
    if (s.state === state) return;
    if (held(s)) running += state === "running" ? 1 : -1;
    s.state = state;
  }

  /** The sandbox is gone: forgotten, with a last event, its log kept a while. */
  function end(s: NodeSandbox, message: string, at = now()) {
    if (!held(s)) return;
    sandboxes.delete(s.sandboxId);
    if (s.state === "running") running--;
    event(s, message, at);
    ended.keep(s.sandboxId, s.events);
  }

  /** A new end time; recorded when it changes (true). */
  function setEndAt(s: NodeSandbox, endAt: string | undefined): boolean {
    if (endAt === undefined || Date.parse(endAt) === Date.parse(s.endAt)) return false;
    s.endAt = isoTime(Date.parse(endAt));
    event(s, `timeout changed: ends at ${s.endAt}`);
    return true;
  }

  /** The end-time rule; true when it changed the sandbox (which may have ended: see held). */
  function enforceEnd(s: NodeSandbox): boolean {
    const endAt = Date.parse(s.endAt);
    if (!held(s) || endAt > now()) return false;
    if (s.state === "running" && s.onTimeout === "pause") {
      s.pausedAt = s.endAt;
      s.endAt = isoTime(endAt + s.pausedRetentionS * 1_000);
      setState(s, "paused");
      event(s, `paused: its timeout was reached (kept until ${s.endAt})`, endAt);
      if (Date.parse(s.endAt) > now()) return true;
    }
    if (s.state === "running") end(s, "stopped: its timeout was reached", endAt);
    else end(s, `removed: kept paused until ${s.endAt}`, Date.parse(s.endAt));
    return true;
  }

  /** The sandbox, once the end-time rule has been applied to it (undefined: not held, or it just ended). */
  function live(id: string): NodeSandbox | undefined {
    const s = sandboxes.get(id);
    if (s && enforceEnd(s)) changed();
    return sandboxes.get(id);
  }

  return {
    held,
    event,
    hold,
    setState,
    end,
    setEndAt,
    enforceEnd,
    live,
    /** The sandboxes held, the end-time rule applied. */
    all: (): NodeSandbox[] => [...sandboxes.keys()].map(live).filter((s): s is NodeSandbox => s !== undefined),
    /** Applies the end-time rule to every sandbox. */
    pruneExpired() {
      for (const id of [...sandboxes.keys()]) live(id);
    },
    /** Running sandboxes held, as last counted (see pruneExpired). */
    running: () => running,
    /** The sandboxes held, end-time rule not applied (for a snapshot). */
    raw: (): NodeSandbox[] => [...sandboxes.values()],
    /** The events of a held sandbox, or of one ended a short while ago; null when none are known. */
    logs(id: string): AgentLogEntry[] | null {
      const s = live(id);
      return s ? [...s.events] : ended.get(id);
    },
  };
}

export type SandboxStore = ReturnType<typeof createSandboxStore>;
