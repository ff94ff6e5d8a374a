import type { AgentCreateRequest, AgentLogEntry, AgentSandboxMetrics, SandboxOnTimeout } from "@cubicle/contracts";

/**
 * The node agents that run sandboxes, as master sees them. Master decides a sandbox's id
 * and its node; every call after creation goes to that node and names the sandbox by id.
 */

/** What a node agent is asked to start (the wire's `AgentCreateRequest`, with its end as a Date). */
export type AgentSandboxSpec = Omit<AgentCreateRequest, "endAt"> & {
  /** When the agent may stop the sandbox on its own (master removes it then too). */
  endAt: Date;
};

/** Where the agent placed a sandbox and what runs in it. */
export interface AgentSandbox {
  sandboxId: string;
  node: string;
  state: "running" | "paused";
  envdVersion: string;
  diskSizeMB: number;
  startedAt: Date;
  /** Running: when it times out; paused: until when it is kept. */
  endAt: Date;
  onTimeout: SandboxOnTimeout;
  pausedAt: Date | null;
}

export interface NodeAgents {
  /** Starts the sandbox on `node`; throws `AgentError` when it cannot. Honors `signal`. */
  create(node: string, spec: AgentSandboxSpec, signal: AbortSignal): Promise<AgentSandbox>;
  /** The sandbox as its node holds it, or null when the node holds none by that id. */
  get(node: string, sandboxId: string, signal: AbortSignal): Promise<AgentSandbox | null>;
  /** Stops and forgets the sandbox; false when the node held none by that id. */
  delete(node: string, sandboxId: string, signal: AbortSignal): Promise<boolean>;
  /** Every sandbox the node holds. */
  list(node: string, signal: AbortSignal): Promise<AgentSandbox[]>;
  /** Moves the sandbox's end time; null when the node holds none by that id. */
  setEnd(node: string, sandboxId: string, endAt: Date, signal: AbortSignal): Promise<AgentSandbox | null>;
  /** Pauses it (kept until `keepUntil`); null when the node holds none by that id. */
  pause(node: string, sandboxId: string, keepUntil: Date, signal: AbortSignal): Promise<AgentSandbox | null>;
  /** Resumes it (or, running, just moves its end); null when the node holds none. Throws a `full` AgentError without room. */
  resume(node: string, sandboxId: string, endAt: Date, signal: AbortSignal): Promise<AgentSandbox | null>;
  /** What the node knows of its resources now; null when it holds none by that id. */
  metrics(node: string, sandboxId: string, signal: AbortSignal): Promise<AgentSandboxMetrics | null>;
  /** Metrics of several sandboxes on the node; those it does not hold are left out. */
  metricsOf(node: string, sandboxIds: string[], signal: AbortSignal): Promise<Record<string, AgentSandboxMetrics>>;
  /** Its lifecycle events (also for a sandbox it ended a short while ago); null when it has none. */
  logs(node: string, sandboxId: string, signal: AbortSignal): Promise<AgentLogEntry[] | null>;
}

/**
 * The agent refused or failed. `reason` is safe to show a caller (no addresses, no
 * internals); anything else belongs in `cause`, for the logs. `unreachable`: no
 * connection was made (nothing happened there); `refused`: the agent answered with an
 * error (it did nothing); `full`: it refused for want of room; `misconfigured`: it refused
 * master's credentials (no call to it can succeed until an operator fixes them).
 */
export class AgentError extends Error {
  readonly unreachable: boolean;
  readonly refused: boolean;
  readonly full: boolean;
  readonly misconfigured: boolean;
  constructor(
    readonly reason: string,
    options?: { cause?: unknown; unreachable?: boolean; refused?: boolean; full?: boolean; misconfigured?: boolean },
  ) {
    super(reason, options);
    this.name = "AgentError";
    this.unreachable = options?.unreachable ?? false;
    this.refused = options?.refused ?? false;
    this.full = options?.full ?? false;
    this.misconfigured = options?.misconfigured ?? false;
  }
}

/** Runs one agent call under a deadline; a call past it fails with an `AgentError`. */
export async function withAgentDeadline<T>(timeoutMs: number, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    return await call(signal);
  } catch (err) {
    if (signal.aborted) throw new AgentError(`the node agent did not answer within ${timeoutMs} ms`, { cause: err });
    if (err instanceof AgentError) throw err;
    throw new AgentError("the node agent failed", { cause: err });
  }
}
