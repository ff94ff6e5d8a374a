/**
 * The node agent that runs sandboxes, as master sees it. Master decides a sandbox's id and
 * every call after creation names the sandbox by that id, never by its name.
 */

export interface AgentSandboxSpec {
  sandboxId: string;
  templateId: string;
  buildId: string;
  image: string;
  cpuCount: number;
  memoryMB: number;
  /** When the agent may stop the sandbox on its own (master removes it then too). */
  endAt: Date;
  metadata: Record<string, string>;
  envVars: Record<string, string>;
}

/** Where the agent placed a sandbox and what runs in it. */
export interface AgentSandbox {
  sandboxId: string;
  node: string;
  envdVersion: string;
  diskSizeMB: number;
  startedAt: Date;
  endAt: Date;
}

export interface SandboxAgent {
  /** Places and starts the sandbox; throws `AgentError` when it cannot. Honors `signal`. */
  create(spec: AgentSandboxSpec, signal: AbortSignal): Promise<AgentSandbox>;
  /** The sandbox as the agent holds it, or null when it holds none by that id. */
  get(sandboxId: string, signal: AbortSignal): Promise<AgentSandbox | null>;
  /** Stops and forgets the sandbox; false when the agent held none by that id. */
  delete(sandboxId: string, signal: AbortSignal): Promise<boolean>;
}

/**
 * The agent refused or failed. `reason` is safe to show a caller (no addresses, no
 * internals); anything else belongs in `cause`, for the logs.
 */
export class AgentError extends Error {
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
    this.name = "AgentError";
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
