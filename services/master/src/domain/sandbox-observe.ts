import type { Logger } from "pino";
import { sandboxNotFound, type AgentLogEntry, type AgentSandboxMetrics, type SandboxMetricsBatch } from "@cubicle/contracts";
import type { SandboxRepository } from "../data-access/sandbox-repository.js";
import type { NodeAgents } from "./sandbox-agent.js";
import type { NodeDirectory } from "./node-directory.js";
import type { SandboxAccess } from "./sandbox-access.js";
import type { Placement } from "./sandbox-placement.js";

/**
 * What is known of a sandbox while it lives, and a while after: its metrics and its
 * lifecycle log, both from the node that holds it (master stores neither). A sandbox that
 * ended recently is found through `ended_sandboxes`, for its own team only, so its log
 * (which its node keeps for a while) can still be read, e.g. its "killed" line.
 */
export function createSandboxObserver(deps: { sandboxes: SandboxRepository; agents: NodeAgents; nodes: NodeDirectory; access: SandboxAccess; placement: Placement; logger: Logger }) {
  const { sandboxes, agents, nodes, access, placement, logger } = deps;

  return {
    async metrics(team: string, id: string): Promise<AgentSandboxMetrics> {
      const row = await access.record(team, id);
      return access.atNode(row, "metrics", "the node agent could not report the sandbox's metrics", (node, signal) => agents.metrics(node, id, signal));
    },

    /**
     * Metrics of several of the team's sandboxes, asking each node once (in parallel). Ids
     * that are not the team's live sandboxes, and those whose node is down or fails to
     * answer, are left out (the answer is what could be measured).
     */
    async metricsOf(team: string, ids: string[]): Promise<SandboxMetricsBatch> {
      // Fast-mode records this master is still writing: as a read of one sandbox waits for its own.
      await Promise.all(ids.map((id) => access.written(id)));
      const rows = await sandboxes.findVisibleMany(team, ids);
      const byNode = new Map<string, string[]>();
      for (const r of rows) {
        if (nodes.status(r.node!) !== "up") continue;
        byNode.set(r.node!, [...(byNode.get(r.node!) ?? []), r.id]);
      }
      const metrics: Record<string, AgentSandboxMetrics> = {};
      await Promise.all(
        [...byNode].map(async ([node, onNode]) => {
          try {
            Object.assign(metrics, await placement.agentCall("metrics", (signal) => agents.metricsOf(node, onNode, signal)));
          } catch (err) {
            logger.warn({ err, node, sandboxes: onNode.length }, "node agent did not report metrics; its sandboxes are left out");
          }
        }),
      );
      return { metrics };
    },

    /** Its lifecycle events, oldest first; also for one of the team's sandboxes that ended recently. */
    async logs(team: string, id: string): Promise<AgentLogEntry[]> {
      await access.written(id);
      const live = await sandboxes.findVisible(team, id);
      if (live) return access.atNode(live, "logs", "the node agent could not return the sandbox's logs", (node, signal) => agents.logs(node, id, signal), { keepRecord: true });
      const ended = await sandboxes.findEnded(team, id);
      if (!ended?.node) throw sandboxNotFound(id);
      const node = ended.node;
      if (nodes.status(node) !== "up") throw sandboxNotFound(id);
      const logs = await placement.agentCall("logs", (signal) => agents.logs(node, id, signal)).catch((err: unknown) => {
        logger.warn({ err, sandboxId: id, node }, "node agent did not return an ended sandbox's logs");
        return null;
      });
      if (!logs) throw sandboxNotFound(id);
      return logs;
    },
  };
}

export type SandboxObserver = ReturnType<typeof createSandboxObserver>;
