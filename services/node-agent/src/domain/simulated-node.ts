import { setTimeout as sleep } from "node:timers/promises";
import { CubicleError, type AgentCreateRequest, type AgentLogEntry, type AgentSandboxMetrics, type AgentSandboxView } from "@cubicle/contracts";

/**
 * The sandboxes of one node, simulated: nothing runs (no micro-VM), but the node keeps its
 * own record of each sandbox as a real one would: it refuses a duplicate id, has a capacity
 * of running sandboxes (a paused one keeps its id, metadata and template but frees its
 * place), stops sandboxes at their end time, and records each sandbox's lifecycle events.
 * Tests and benchmarks can make it slow or make its creates fail.
 */

export interface SimulatedNodeOptions {
  /** The node's id, reported with every sandbox (E2B's `clientID`). */
  node: string;
  /** Running sandboxes the node holds at most. */
  capacity?: number;
  /** How long each call takes. */
  delayMs?: number;
  envdVersion?: string;
  diskSizeMB?: number;
  now?: () => number;
}

export interface NodeSandbox extends AgentSandboxView {
  metadata: Record<string, string>;
  events: AgentLogEntry[];
}

/** A call about one sandbox (lists are not recorded: masters' reconciliation makes them at any time). */
export type SimulatedNodeCall = { op: "create" | "get" | "delete" | "pause" | "resume"; sandboxId: string };

/** The last calls kept for inspection, and the events kept per sandbox (older ones are dropped). */
const CALL_LOG_SIZE = 1_000;
const EVENTS_PER_SANDBOX = 100;

const exists = (id: string) => new CubicleError("sandbox_exists", `the node already holds a sandbox with id ${id}`);
const missing = (id: string) => new CubicleError("sandbox_not_found", `the node holds no sandbox with id ${id}`);

export function createSimulatedNode(options: SimulatedNodeOptions) {
  const node = options.node;
  let capacity = options.capacity ?? 10_000;
  const envdVersion = options.envdVersion ?? "0.2.0";
  const diskSizeMB = options.diskSizeMB ?? 1_024;
  const now = options.now ?? Date.now;
  let delayMs = options.delayMs ?? 0;
  let failures: { remaining: number; reason: string } | null = null;
  let failWhen: ((spec: AgentCreateRequest) => string | undefined) | null = null;
  const sandboxes = new Map<string, NodeSandbox>();
  const calls: SimulatedNodeCall[] = [];
  const listeners = new Set<() => void>();

  function record(op: SimulatedNodeCall["op"], sandboxId: string) {
    calls.push({ op, sandboxId });
    if (calls.length > CALL_LOG_SIZE) calls.shift();
  }

  function event(s: NodeSandbox, message: string, level: AgentLogEntry["level"] = "info") {
    s.events.push({ timestamp: new Date(now()).toISOString(), level, message });
    if (s.events.length > EVENTS_PER_SANDBOX) s.events.shift();
  }

  const changed = () => listeners.forEach((l) => l());

  /** Running sandboxes, kept as a count so that a create costs the same however many the node holds. */
  let runningCount = 0;

  function forget(id: string): boolean {
    const s = sandboxes.get(id);
    if (!s) return false;
    sandboxes.delete(id);
    if (s.state === "running") runningCount--;
    return true;
  }

  /** The node stops sandboxes whose time is up. */
  function live(id: string): NodeSandbox | undefined {
    const s = sandboxes.get(id);
    if (s && Date.parse(s.endAt) <= now()) {
      forget(id);
      changed();
      return undefined;
    }
    return s;
  }

  /** Stops every sandbox whose time is up (a scan: only when the node looks full, and once a heartbeat). */
  function pruneExpired() {
    for (const id of [...sandboxes.keys()]) live(id);
  }

  function full(): boolean {
    if (runningCount < capacity) return false;
    pruneExpired();
    return runningCount >= capacity;
  }

  async function pause(signal?: AbortSignal) {
    if (delayMs > 0) await sleep(delayMs, undefined, { signal });
    signal?.throwIfAborted();
  }

  const view = (s: NodeSandbox): AgentSandboxView => {
    const { metadata: _m, events: _e, ...rest } = s;
    return { ...rest };
  };

  return {
    node,
    async create(spec: AgentCreateRequest, signal?: AbortSignal): Promise<AgentSandboxView> {
      record("create", spec.sandboxId);
      await pause(signal);
      if (failures && failures.remaining > 0) {
        failures.remaining -= 1;
        throw new CubicleError("agent_error", failures.reason);
      }
      const refusal = failWhen?.(spec);
      if (refusal) throw new CubicleError("agent_error", refusal);
      if (live(spec.sandboxId)) throw exists(spec.sandboxId);
      if (full()) throw new CubicleError("node_full", `the node is full (${capacity} running sandboxes)`);
      const s: NodeSandbox = {
        sandboxId: spec.sandboxId,
        node,
        state: "running",
        templateId: spec.templateId,
        cpuCount: spec.cpuCount,
        memoryMB: spec.memoryMB,
        envdVersion,
        diskSizeMB,
        startedAt: new Date(now()).toISOString(),
        endAt: spec.endAt,
        metadata: { ...spec.metadata },
        events: [],
      };
      event(s, `created from template ${spec.templateId} (build ${spec.buildId}, image ${spec.image}), ${spec.cpuCount} vCPU, ${spec.memoryMB} MiB; ends at ${spec.endAt}`);
      sandboxes.set(s.sandboxId, s);
      runningCount++;
      changed();
      return view(s);
    },

    async get(sandboxId: string, signal?: AbortSignal): Promise<AgentSandboxView | null> {
      record("get", sandboxId);
      await pause(signal);
      const s = live(sandboxId);
      return s ? view(s) : null;
    },

    async list(signal?: AbortSignal): Promise<AgentSandboxView[]> {
      await pause(signal);
      return [...sandboxes.keys()].map(live).filter((s): s is NodeSandbox => s !== undefined).map(view);
    },

    /** Stops and forgets the sandbox; false when the node held none by that id. */
    async delete(sandboxId: string, signal?: AbortSignal): Promise<boolean> {
      record("delete", sandboxId);
      await pause(signal);
      const held = live(sandboxId) !== undefined;
      forget(sandboxId);
      if (held) changed();
      return held;
    },

    async pause(sandboxId: string, signal?: AbortSignal): Promise<AgentSandboxView> {
      record("pause", sandboxId);
      await pause(signal);
      const s = live(sandboxId);
      if (!s) throw missing(sandboxId);
      if (s.state !== "paused") {
        s.state = "paused";
        runningCount--;
        event(s, "paused");
        changed();
      }
      return view(s);
    },

    async resume(sandboxId: string, signal?: AbortSignal): Promise<AgentSandboxView> {
      record("resume", sandboxId);
      await pause(signal);
      const s = live(sandboxId);
      if (!s) throw missing(sandboxId);
      if (s.state === "paused") {
        if (full()) throw new CubicleError("node_full", `the node is full (${capacity} running sandboxes)`);
        s.state = "running";
        runningCount++;
        event(s, "resumed");
        changed();
      }
      return view(s);
    },

    metrics(sandboxId: string): AgentSandboxMetrics | null {
      const s = live(sandboxId);
      if (!s) return null;
      return { timestamp: new Date(now()).toISOString(), cpuCount: s.cpuCount, cpuUsedPct: 0, memTotalMiB: s.memoryMB, memUsedMiB: 0, diskTotalMiB: s.diskSizeMB, diskUsedMiB: 0 };
    },

    logs(sandboxId: string): AgentLogEntry[] | null {
      const s = live(sandboxId);
      return s ? [...s.events] : null;
    },

    /** Running sandboxes, and the most the node runs. */
    load: () => {
      pruneExpired();
      return { running: runningCount, capacity };
    },

    /** Every sandbox with what a restart must keep (see state-file.ts). */
    snapshot: (): NodeSandbox[] => [...sandboxes.values()].map((s) => ({ ...s, events: [...s.events] })),
    /** Takes back sandboxes a previous run of this agent held (those not yet ended). */
    restore(saved: NodeSandbox[]) {
      for (const s of saved) {
        if (Date.parse(s.endAt) <= now()) continue;
        const restored = { ...s, node, events: [...s.events] };
        event(restored, "restored after the node agent restarted");
        forget(s.sandboxId);
        sandboxes.set(s.sandboxId, restored);
        if (restored.state === "running") runningCount++;
      }
      changed();
    },
    /** Called after every change (a create, delete, pause, resume or expiry). */
    onChange(listener: () => void) {
      listeners.add(listener);
    },

    /** The next `times` creates fail with `reason`. */
    failNextCreates(times = 1, reason = "the simulated node was told to fail") {
      failures = { remaining: times, reason };
    },
    /** Every create for which `decide` returns a reason fails with it; null stops it. */
    failCreatesWhen(decide: ((spec: AgentCreateRequest) => string | undefined) | null) {
      failWhen = decide;
    },
    setDelay(ms: number) {
      delayMs = ms;
    },
    setCapacity(n: number) {
      capacity = n;
    },
    holds: (sandboxId: string) => live(sandboxId) !== undefined,
    /** Ids of the sandboxes the node holds now. */
    ids: (): string[] => [...sandboxes.keys()].filter((id) => live(id) !== undefined),
    calls: (): readonly SimulatedNodeCall[] => calls,
  };
}

export type SimulatedNode = ReturnType<typeof createSimulatedNode>;
