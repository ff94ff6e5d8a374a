import { ROOT_CONTEXT, context } from "@opentelemetry/api";
import type { Logger } from "pino";
import type { ExpiredSandbox, SandboxRepository } from "../data-access/sandbox-repository.js";
import { withAgentDeadline, type NodeAgents } from "./sandbox-agent.js";
import type { NodeDirectory } from "./node-directory.js";
import type { NodeReconciler } from "./node-reconciler.js";

export interface SandboxReaperOptions {
  sandboxes: SandboxRepository;
  agents: NodeAgents;
  nodes: NodeDirectory;
  agentTimeoutMs: number;
  sweepMs: number;
  /** A record still without a node after this long belongs to a create that died midway. */
  abandonAfterMs: number;
  /** How long a sandbox paused at its timeout (`onTimeout: pause`) is kept, from that timeout. */
  pausedRetentionS: number;
  /** Ended sandboxes are remembered this long (for their logs), then forgotten. */
  endedLogsMs: number;
  logger: Logger;
  onRemoved: () => void;
  /** Sets teams' sandbox-slot counters right (after a master died mid-create); returns how many changed. */
  reconcileSlots: () => Promise<number>;
  /** Nodes whose reconciliation this master has taken (see node-reconciler.ts). */
  claimReconciliations: () => Promise<string[]>;
  reconcileAgain: (node: string) => Promise<void>;
  reconcile: NodeReconciler;
}

const BATCH = 100;
/** Notes of ended sandboxes forgotten per sweep at most. */
const PRUNE_BATCH = 10_000;
/** Slot counters are reconciled every this many sweeps. */
const RECONCILE_EVERY = 30;

/**
 * Removes sandboxes past their end time: at their node first, then the record. Any master
 * may remove any expired sandbox; removing one twice is harmless (the agent's delete and
 * the record's are both idempotent). Sandboxes on a down node wait for it to come back, for
 * NODE_FORGET_AFTER_MS at most (a node back after that has them stopped by reconciliation,
 * as sandboxes without a record; it also stops sandboxes at their end time itself); a record
 * that never got a node (a strong-mode create that died midway) or whose node was never
 * registered has nothing to stop. Each sweep also reconciles the nodes this master
 * claims (back from down, restarted, or due).
 */
export function createSandboxReaper(o: SandboxReaperOptions) {
  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<void> | undefined;
  let sweeps = 0;

  /**
   * A running sandbox with `onTimeout: pause` past its end. Its node pauses it by its own rule
   * (kept `pausedRetentionS` from that end, as it was told at create); the sweep only asks the
   * node and records what it says. It never pauses the sandbox itself: a `connect` may have
   * resumed it at the node a moment ago, and the record is then written only if its end is
   * still the one that passed (the connect's own write moves it).
   */
  async function pauseAtTimeout(s: ExpiredSandbox & { node: string }): Promise<void> {
    const held = await withAgentDeadline(o.agentTimeoutMs, (signal) => o.agents.get(s.node, s.id, signal));
    if (held === null) {
      if (await o.sandboxes.delete(s.id)) o.onRemoved();
      return;
    }
    if (held.state !== "paused") return;
    if (await o.sandboxes.markTimedOut(s.id, s.endAt, held.pausedAt ?? s.endAt, held.endAt)) o.logger.info({ sandboxId: s.id, node: s.node }, "sandbox paused at its timeout");
  }

  async function removeExpired(): Promise<number> {
    const forgotten = new Set(o.nodes.forgotten());
    const waiting = o.nodes.down().filter((n) => !forgotten.has(n));
    const due = await o.sandboxes.findExpired(BATCH, new Date(Date.now() - o.abandonAfterMs), waiting);
    let removed = 0;
    for (const s of due) {
      const { id, node } = s;
      if (node !== null && s.state === "running" && s.onTimeout === "pause" && o.nodes.status(node) === "up") {
        try {
          await pauseAtTimeout({ ...s, node });
        } catch (err) {
          o.logger.warn({ err, sandboxId: id, node }, "could not pause a sandbox at its timeout; will retry");
        }
        continue;
      }
      if (node !== null && o.nodes.status(node) === "up") {
        try {
          await withAgentDeadline(o.agentTimeoutMs, (signal) => o.agents.delete(node, id, signal));
        } catch (err) {
          o.logger.warn({ err, sandboxId: id, node }, "could not stop an expired sandbox at its node; will retry");
          continue;
        }
      } else if (node !== null && o.nodes.status(node) === "down" && !forgotten.has(node)) {
        continue;
      }
      if (await o.sandboxes.delete(id)) {
        removed++;
        o.onRemoved();
      }
    }
    if (removed > 0) o.logger.info({ removed }, "expired sandboxes removed");
    return removed;
  }

  async function reconcileNodes(): Promise<void> {
    for (const node of await o.claimReconciliations()) {
      try {
        await o.reconcile(node);
      } catch (err) {
        o.logger.warn({ err, node }, "could not reconcile the node's sandboxes; will retry");
        await o.reconcileAgain(node).catch(() => undefined);
      }
    }
  }

  async function sweepOnce(): Promise<number> {
    const removed = await removeExpired();
    await reconcileNodes();
    // Every sweep, so that the notes of ended sandboxes keep up with any rate of kills.
    await o.sandboxes.pruneEnded(new Date(Date.now() - o.endedLogsMs), PRUNE_BATCH);
    if (sweeps++ % RECONCILE_EVERY === 0) {
      const fixed = await o.reconcileSlots();
      if (fixed > 0) o.logger.warn({ teams: fixed }, "sandbox quota counters did not match the records (a create was interrupted); set right");
    }
    return removed;
  }

  /** One sweep at a time, outside any request's trace. */
  function sweep(): Promise<void> {
    sweeping ??= context
      .with(ROOT_CONTEXT, () => sweepOnce())
      .then(
        () => undefined,
        (err: unknown) => o.logger.warn({ err }, "sandbox sweep failed; will retry"),
      )
      .finally(() => {
        sweeping = undefined;
      });
    return sweeping;
  }

  return {
    start() {
      timer ??= setInterval(() => void sweep(), o.sweepMs).unref();
    },
    sweep,
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await sweeping;
    },
  };
}
