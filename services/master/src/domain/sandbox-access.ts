import type { Logger } from "pino";
import { CubicleError, sandboxNotFound } from "@cubicle/contracts";
import type { Sandbox } from "../generated/prisma/client.js";
import type { SandboxRepository } from "../data-access/sandbox-repository.js";
import { AgentError } from "./sandbox-agent.js";
import type { NodeDirectory } from "./node-directory.js";
import { agentFailure, type AgentOp, type Placement } from "./sandbox-placement.js";

/**
 * What every call on an existing sandbox does first: find the team's record (waiting for a
 * fast-mode record still being written), and reach the node that holds it. A sandbox its node
 * no longer holds is gone: its record is removed and the caller told 404. While its node is
 * down (or does not take connections) nothing can be changed: 503 `node_unavailable`.
 */
export function createSandboxAccess(deps: {
  sandboxes: SandboxRepository;
  nodes: NodeDirectory;
  placement: Placement;
  logger: Logger;
  /** Settles when a fast-mode record being written now is written. */
  written: (id: string) => Promise<void> | undefined;
}) {
  const { sandboxes, nodes, placement, logger } = deps;

  const unavailable = (row: Sandbox) =>
    new CubicleError("node_unavailable", `the node holding sandbox '${row.id}' is not answering; it cannot be changed until the node is back, try again shortly`, { node: row.node });

  return {
    written: (id: string) => deps.written(id),

    /** The team's sandbox (placed, not ended), else 404. */
    async record(team: string, id: string): Promise<Sandbox> {
      await deps.written(id);
      const row = await sandboxes.findVisible(team, id);
      if (!row) throw sandboxNotFound(id);
      return row;
    },

    /**
     * Runs `call` at the sandbox's node. A null answer means the node no longer holds it: the
     * record goes (unless `keepRecord`: a read whose null may mean something else) and the
     * caller gets 404.
     */
    async atNode<T>(row: Sandbox, op: AgentOp, doing: string, call: (node: string, signal: AbortSignal) => Promise<T | null>, opts: { keepRecord?: boolean } = {}): Promise<T> {
      const node = row.node!;
      if (nodes.status(node) !== "up") throw unavailable(row);
      let answer: T | null;
      try {
        answer = await placement.agentCall(op, (signal) => call(node, signal));
      } catch (err) {
        if (err instanceof AgentError && err.unreachable) throw unavailable(row);
        if (err instanceof AgentError && err.full) throw new CubicleError("node_full", `${doing}: the sandbox's node has no room for another running sandbox now; try again shortly`, { node }, { cause: err });
        throw agentFailure(err, doing);
      }
      if (answer === null) {
        if (opts.keepRecord) throw sandboxNotFound(row.id);
        await sandboxes.delete(row.id);
        logger.warn({ sandboxId: row.id, node }, "node no longer holds the sandbox; its record was removed");
        throw sandboxNotFound(row.id);
      }
      return answer;
    },
  };
}

export type SandboxAccess = ReturnType<typeof createSandboxAccess>;
