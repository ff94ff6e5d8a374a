import type { AgentCreateRequest, AgentLogEntry, AgentSandboxView } from "@cubicle/contracts";

/**
 * One sandbox as the simulated node keeps it: the view master reads, plus what only the
 * node needs (metadata, the retention of an auto-paused sandbox, the lifecycle events), and
 * how a record saved by this or an older agent (see state-file.ts) is read back.
 */

export interface NodeSandbox extends AgentSandboxView {
  /** A sandbox paused at its end time is kept this many seconds after that end time. */
  pausedRetentionS: number;
  metadata: Record<string, string>;
  /** Its lifecycle log, oldest first, at most EVENTS_PER_SANDBOX (older ones are dropped). */
  events: AgentLogEntry[];
}

/** A sandbox as a state file holds it: files written before onTimeout and pausing at the end time lack those fields. */
export type SavedSandbox = Omit<NodeSandbox, "onTimeout" | "pausedRetentionS" | "pausedAt"> & Partial<Pick<NodeSandbox, "onTimeout" | "pausedRetentionS" | "pausedAt">>;

export const EVENTS_PER_SANDBOX = 100;

export const isoTime = (ms: number) => new Date(ms).toISOString();

/** What master sees: neither metadata, environment, retention nor events. */
export function viewOf(s: NodeSandbox): AgentSandboxView {
  const { metadata: _m, events: _e, pausedRetentionS: _r, ...view } = s;
  return view;
}

/** The first event of a sandbox: what it was made from, its size and how it ends. */
export function createdMessage(spec: AgentCreateRequest, s: NodeSandbox): string {
  const then = s.onTimeout === "pause" ? `then paused and kept ${s.pausedRetentionS} s` : "then stopped";
  return `created from template ${spec.templateId} (build ${spec.buildId}, image ${spec.image}), ${s.cpuCount} vCPU, ${s.memoryMB} MiB; ends at ${s.endAt} (${then})`;
}

/** A saved sandbox on this node (`node`), with the defaults of the fields an older agent did not save; null when it cannot be read. */
export function fromSaved(saved: SavedSandbox, node: string): NodeSandbox | null {
  if (typeof saved?.sandboxId !== "string" || !Number.isFinite(Date.parse(saved.endAt))) return null;
  return {
    ...saved,
    node,
    state: saved.state === "paused" ? "paused" : "running",
    onTimeout: saved.onTimeout === "pause" ? "pause" : "kill",
    pausedRetentionS: typeof saved.pausedRetentionS === "number" && saved.pausedRetentionS >= 0 ? saved.pausedRetentionS : 0,
    pausedAt: typeof saved.pausedAt === "string" ? saved.pausedAt : null,
    metadata: { ...saved.metadata },
    events: Array.isArray(saved.events) ? saved.events.slice(-EVENTS_PER_SANDBOX) : [],
  };
}
