import type { Logger } from "pino";
import type { SandboxRepository } from "../data-access/sandbox-repository.js";
import { withAgentDeadline, type NodeAgents } from "./sandbox-agent.js";

/**
 * Compares what a node runs with what the records say it runs, when the node comes back
 * after being down, restarts, or (every so often) while it is up:
 * - a record whose sandbox the node no longer holds has ended (the node lost it, or it
 *   expired there): the record goes, and with it the quota slot it held;
 * - a sandbox with no record is stopped, once it is older than `graceMs`: a master died
 *   between placing it and recording it (fast mode writes the record after the agent),
 *   or a strong-mode create was rolled back while its agent call was under way. Younger
 *   ones may still get their record.
 * - a record whose state is not the node's (a pause or resume reached the node but its
 *   record could not be written; the node paused it at its timeout) takes the node's state
 *   and end time.
 * Records are read before the node's list, so a sandbox placed in between (whose record
 * is written after the agent answered) is never taken for one the node lost.
 */
export function createNodeReconciler(o: { sandboxes: SandboxRepository; agents: NodeAgents; agentTimeoutMs: number; graceMs: number; logger: Logger }) {
  return async function reconcile(node: string): Promise<{ ended: number; stopped: number; synced: number }> {
    const records = await o.sandboxes.idsOnNode(node);
    const held = await withAgentDeadline(o.agentTimeoutMs, (signal) => o.agents.list(node, signal));
    const heldIds = new Set(held.map((h) => h.sandboxId));
    const recorded = new Map(records.map((r) => [r.id, r]));
    let ended = 0;
    let stopped = 0;
    let synced = 0;
    for (const r of records) {
      if (!heldIds.has(r.id) && (await o.sandboxes.delete(r.id))) ended++;
    }
    for (const h of held) {
      const r = recorded.get(h.sandboxId);
      if (r && r.state !== h.state && (await o.sandboxes.sync(h.sandboxId, { state: h.state, endAt: h.endAt, pausedAt: h.pausedAt }))) synced++;
    }
    const oldEnough = Date.now() - o.graceMs;
    for (const h of held) {
      if (recorded.has(h.sandboxId) || h.startedAt.getTime() > oldEnough) continue;
      if (await o.sandboxes.exists(h.sandboxId)) continue;
      await withAgentDeadline(o.agentTimeoutMs, (signal) => o.agents.delete(node, h.sandboxId, signal));
      stopped++;
    }
    if (ended > 0 || stopped > 0 || synced > 0) {
      o.logger.warn({ node, ended, stopped, synced }, "node reconciled: records without a sandbox ended, sandboxes without a record stopped, states taken from the node");
    }
    return { ended, stopped, synced };
  };
}

export type NodeReconciler = ReturnType<typeof createNodeReconciler>;
