import { setTimeout as sleep } from "node:timers/promises";
import { AgentError, type AgentSandbox, type AgentSandboxSpec, type SandboxAgent } from "./sandbox-agent.js";

export interface SimulatedAgentOptions {
  /** The node name reported for every sandbox (E2B's `clientID`). */
  node?: string;
  /** How long each call takes. */
  delayMs?: number;
  /** Sandboxes the node holds at most; a create past it fails. */
  capacity?: number;
  envdVersion?: string;
  diskSizeMB?: number;
  now?: () => number;
}

export type SimulatedAgentCall = { op: "create" | "get" | "delete"; sandboxId: string };

/** The last calls kept for inspection (older ones are dropped). */
const CALL_LOG_SIZE = 1_000;

/**
 * A node agent that runs nothing but keeps its own record of sandboxes, like a real node
 * would: it refuses a duplicate id, stops sandboxes at their end time, and has a capacity.
 * Tests (and benchmarks) can make it slow or make its creates fail.
 */
export function createSimulatedAgent(options: SimulatedAgentOptions = {}) {
  const node = options.node ?? "sim-node-1";
  const capacity = options.capacity ?? 10_000;
  const envdVersion = options.envdVersion ?? "0.2.0";
  const diskSizeMB = options.diskSizeMB ?? 1_024;
  const now = options.now ?? Date.now;
  let delayMs = options.delayMs ?? 0;
  let failures: { remaining: number; reason: string } | null = null;
  let failWhen: ((spec: AgentSandboxSpec) => string | undefined) | null = null;
  const sandboxes = new Map<string, AgentSandbox>();
  const calls: SimulatedAgentCall[] = [];

  function record(op: SimulatedAgentCall["op"], sandboxId: string) {
    calls.push({ op, sandboxId });
    if (calls.length > CALL_LOG_SIZE) calls.shift();
  }

  /** The node stops sandboxes whose time is up. */
  function live(id: string): AgentSandbox | undefined {
    const s = sandboxes.get(id);
    if (s && s.endAt.getTime() <= now()) {
      sandboxes.delete(id);
      return undefined;
    }
    return s;
  }

  function pruneExpired() {
    for (const id of sandboxes.keys()) live(id);
  }

  async function pause(signal: AbortSignal) {
    if (delayMs > 0) await sleep(delayMs, undefined, { signal });
    signal.throwIfAborted();
  }

  const agent: SandboxAgent = {
    async create(spec, signal) {
      record("create", spec.sandboxId);
      await pause(signal);
      if (failures && failures.remaining > 0) {
        failures.remaining -= 1;
        throw new AgentError(failures.reason);
      }
      const refusal = failWhen?.(spec);
      if (refusal) throw new AgentError(refusal);
      if (live(spec.sandboxId)) throw new AgentError(`the node already holds a sandbox with id ${spec.sandboxId}`);
      if (sandboxes.size >= capacity) pruneExpired();
      if (sandboxes.size >= capacity) throw new AgentError(`the node is full (${capacity} sandboxes)`);
      const placed: AgentSandbox = { sandboxId: spec.sandboxId, node, envdVersion, diskSizeMB, startedAt: new Date(now()), endAt: spec.endAt };
      sandboxes.set(spec.sandboxId, placed);
      return { ...placed };
    },
    async get(sandboxId, signal) {
      record("get", sandboxId);
      await pause(signal);
      const s = live(sandboxId);
      return s ? { ...s } : null;
    },
    async delete(sandboxId, signal) {
      record("delete", sandboxId);
      await pause(signal);
      const held = live(sandboxId) !== undefined;
      sandboxes.delete(sandboxId);
      return held;
    },
  };

  return Object.assign(agent, {
    node,
    /** The next `times` creates fail with `reason`. */
    failNextCreates(times = 1, reason = "the simulated agent was told to fail") {
      failures = { remaining: times, reason };
    },
    /** Every create for which `decide` returns a reason fails with it; null stops it. */
    failCreatesWhen(decide: ((spec: AgentSandboxSpec) => string | undefined) | null) {
      failWhen = decide;
    },
    setDelay(ms: number) {
      delayMs = ms;
    },
    holds: (sandboxId: string) => live(sandboxId) !== undefined,
    /** Ids of the sandboxes the node runs now. */
    ids: (): string[] => {
      pruneExpired();
      return [...sandboxes.keys()];
    },
    calls: (): readonly SimulatedAgentCall[] => calls,
  });
}

export type SimulatedAgent = ReturnType<typeof createSimulatedAgent>;
