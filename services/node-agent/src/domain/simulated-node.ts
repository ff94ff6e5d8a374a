import { setTimeout as sleep } from "node:timers/promises";
import { CubicleError, type AgentCreateRequest, type AgentSandboxMetrics, type AgentSandboxView } from "@cubicle/contracts";
import { createdMessage, fromSaved, isoTime, viewOf, type NodeSandbox, type SavedSandbox } from "./node-sandbox.js";
import { createSandboxStore } from "./sandbox-store.js";

/**
 * The sandboxes of one node, simulated: nothing runs (no micro-VM), but the node keeps its
 * own record of each sandbox as a real one would: it refuses a duplicate id, has a capacity
 * of running sandboxes (a paused one keeps its id, metadata and template but frees its
 * place), enforces end times, and records each sandbox's lifecycle events (kept a while
 * after the sandbox ended). Tests and benchmarks can make it slow or make its creates fail.
 *
 * Master keeps the authoritative record and its own sweep, and the node enforces end times
 * too (sandbox-store.ts): when a sandbox is next touched, and by a scan when the node looks
 * full and once a heartbeat. This file is the node's API over those records: the calls,
 * their errors and what they answer (the views of node-sandbox.ts).
 */

export type { NodeSandbox, SavedSandbox } from "./node-sandbox.js";

export interface SimulatedNodeOptions {
  /** The node's id, reported with every sandbox (E2B's `clientID`). */
  node: string;
  /** Running sandboxes the node holds at most. */
  capacity?: number;
  /** How long each call takes. */
  delayMs?: number;
  /** Defaults for sandboxes whose create request does not name them. */
  envdVersion?: string;
  diskSizeMB?: number;
  /** How long, and for how many sandboxes at most, the logs of ended sandboxes are kept. */
  endedLogsMs?: number;
  endedLogsMax?: number;
  now?: () => number;
}

/** A call about one sandbox (lists and metrics are not recorded: masters make them at any time). */
export type SimulatedNodeCall = { op: "create" | "get" | "delete" | "pause" | "resume" | "timeout"; sandboxId: string };

/** The last calls kept for inspection. */
const CALL_LOG_SIZE = 1_000;

const exists = (id: string) => new CubicleError("sandbox_exists", `the node already holds a sandbox with id ${id}`);
const missing = (id: string) => new CubicleError("sandbox_not_found", `the node holds no sandbox with id ${id}`);

export function createSimulatedNode(options: SimulatedNodeOptions) {
  const node = options.node;
  let capacity = options.capacity ?? 10_000;
  const defaults = { envdVersion: options.envdVersion ?? "0.2.0", diskSizeMB: options.diskSizeMB ?? 1_024 };
  const now = options.now ?? Date.now;
  let delayMs = options.delayMs ?? 0;
  let failures: { remaining: number; reason: string } | null = null;
  let failWhen: ((spec: AgentCreateRequest) => string | undefined) | null = null;
  const calls: SimulatedNodeCall[] = [];
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((l) => l());
  const store = createSandboxStore({ now, endedLogsMs: options.endedLogsMs ?? 3_600_000, endedLogsMax: options.endedLogsMax ?? 1_000, changed });
  const { live } = store;

  function record(op: SimulatedNodeCall["op"], sandboxId: string) {
    calls.push({ op, sandboxId });
    if (calls.length > CALL_LOG_SIZE) calls.shift();
  }

  /** Whether the node runs all it can (a scan for ended sandboxes first when it looks so). */
  function full(): boolean {
    if (store.running() < capacity) return false;
    store.pruneExpired();
    return store.running() >= capacity;
  }

  const nodeFull = () => new CubicleError("node_full", `the node is full (${capacity} running sandboxes)`);

  async function delay(signal?: AbortSignal) {
    if (delayMs > 0) await sleep(delayMs, undefined, { signal });
    signal?.throwIfAborted();
  }

  /** After a change: the end-time rule (a new endAt may be past already), listeners, the view. */
  function settle(s: NodeSandbox, touched: boolean): AgentSandboxView {
    if (store.enforceEnd(s) || touched) changed();
    return viewOf(s);
  }

  /** What the node knows of the sandbox's resources: its size (a simulated sandbox uses nothing). */
  function metrics(sandboxId: string): AgentSandboxMetrics | null {
    const s = live(sandboxId);
    if (!s) return null;
    return { timestamp: isoTime(now()), cpuCount: s.cpuCount, cpuUsedPct: 0, memTotalMiB: s.memoryMB, memUsedMiB: 0, diskTotalMiB: s.diskSizeMB, diskUsedMiB: 0 };
  }

  return {
    node,
    async create(spec: AgentCreateRequest, signal?: AbortSignal): Promise<AgentSandboxView> {
      record("create", spec.sandboxId);
      await delay(signal);
      if (failures && failures.remaining > 0) {
        failures.remaining -= 1;
        throw new CubicleError("agent_error", failures.reason);
      }
      const refusal = failWhen?.(spec);
      if (refusal) throw new CubicleError("agent_error", refusal);
      if (live(spec.sandboxId)) throw exists(spec.sandboxId);
      if (full()) throw nodeFull();
      const s: NodeSandbox = {
        sandboxId: spec.sandboxId,
        node,
        state: "running",
        templateId: spec.templateId,
        cpuCount: spec.cpuCount,
        memoryMB: spec.memoryMB,
        envdVersion: spec.envdVersion ?? defaults.envdVersion,
        diskSizeMB: spec.diskSizeMB ?? defaults.diskSizeMB,
        startedAt: isoTime(now()),
        endAt: isoTime(Date.parse(spec.endAt)),
        onTimeout: spec.onTimeout ?? "kill",
        pausedAt: null,
        pausedRetentionS: spec.pausedRetentionS ?? 0,
        metadata: { ...spec.metadata },
        events: [],
      };
      store.event(s, createdMessage(spec, s));
      store.hold(s);
      return settle(s, true);
    },

    async get(sandboxId: string, signal?: AbortSignal): Promise<AgentSandboxView | null> {
      record("get", sandboxId);
      await delay(signal);
      const s = live(sandboxId);
      return s ? viewOf(s) : null;
    },

    async list(signal?: AbortSignal): Promise<AgentSandboxView[]> {
      await delay(signal);
      return store.all().map(viewOf);
    },

    /** Stops and forgets the sandbox (its log is kept a while); false when the node held none by that id. */
    async delete(sandboxId: string, signal?: AbortSignal): Promise<boolean> {
      record("delete", sandboxId);
      await delay(signal);
      const s = live(sandboxId);
      if (!s) return false;
      store.end(s, "killed");
      changed();
      return true;
    },

    /** Pauses a running sandbox (a paused one stays as it is); `endAt`: until when it is kept. */
    async pause(sandboxId: string, endAt?: string, signal?: AbortSignal): Promise<AgentSandboxView> {
      record("pause", sandboxId);
      await delay(signal);
      const s = live(sandboxId);
      if (!s) throw missing(sandboxId);
      if (s.state === "paused") return settle(s, store.setEndAt(s, endAt));
      store.setState(s, "paused");
      s.pausedAt = isoTime(now());
      if (endAt !== undefined) s.endAt = isoTime(Date.parse(endAt));
      store.event(s, `paused (kept until ${s.endAt})`);
      return settle(s, true);
    },

    /** Resumes a paused sandbox (node_full when there is no room); `endAt`: when it ends. */
    async resume(sandboxId: string, endAt?: string, signal?: AbortSignal): Promise<AgentSandboxView> {
      record("resume", sandboxId);
      await delay(signal);
      const s = live(sandboxId);
      if (!s) throw missing(sandboxId);
      if (s.state === "running") return settle(s, store.setEndAt(s, endAt));
      if (full()) throw nodeFull();
      // The scan for ended sandboxes in full() may have ended this one (its end time came meanwhile).
      if (!store.held(s)) throw missing(sandboxId);
      store.setState(s, "running");
      if (endAt !== undefined) s.endAt = isoTime(Date.parse(endAt));
      store.event(s, `resumed (ends at ${s.endAt})`);
      return settle(s, true);
    },

    /** A running or paused sandbox's new end time (one already past ends it at once, by the rule). */
    async timeout(sandboxId: string, endAt: string, signal?: AbortSignal): Promise<AgentSandboxView> {
      record("timeout", sandboxId);
      await delay(signal);
      const s = live(sandboxId);
      if (!s) throw missing(sandboxId);
      return settle(s, store.setEndAt(s, endAt));
    },

    metrics,

    /** The metrics of those of `sandboxIds` the node holds. */
    metricsOf(sandboxIds: readonly string[]): Record<string, AgentSandboxMetrics> {
      const out: Record<string, AgentSandboxMetrics> = {};
      for (const id of sandboxIds) {
        const m = metrics(id);
        if (m) out[id] = m;
      }
      return out;
    },

    /** The sandbox's events, also for a sandbox ended a short while ago; null when none are known. */
    logs: store.logs,

    /** Running sandboxes, and the most the node runs. */
    load: () => {
      store.pruneExpired();
      return { running: store.running(), capacity };
    },

    /** Every sandbox with what a restart must keep (see state-file.ts). */
    snapshot: (): NodeSandbox[] => store.raw().map((s) => ({ ...s, metadata: { ...s.metadata }, events: [...s.events] })),
    /**
     * Takes back sandboxes a previous run of this agent held (saved by an older agent too):
     * the end-time rule applies to what happened while the agent was down.
     */
    restore(saved: SavedSandbox[]) {
      for (const entry of saved) {
        const s = fromSaved(entry, node);
        if (!s) continue;
        store.hold(s);
        store.enforceEnd(s);
        if (store.held(s)) store.event(s, "restored after the node agent restarted");
      }
      changed();
    },
    /** Called after every change (a create, delete, pause, resume, new end time, or the end-time rule). */
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
    ids: (): string[] => store.all().map((s) => s.sandboxId),
    calls: (): readonly SimulatedNodeCall[] => calls,
  };
}

export type SimulatedNode = ReturnType<typeof createSimulatedNode>;
