import { CubicleError, echo, type NodeHeartbeat, type NodeView } from "@cubicle/contracts";
import type { NodeRepository, NodeRow } from "../data-access/node-repository.js";

const toView = (n: NodeRow): NodeView => ({
  nodeId: n.id,
  address: n.address,
  capacity: n.capacity,
  load: n.load,
  state: n.up ? "up" : "down",
  lastSeenAt: n.lastSeenAt.toISOString(),
  registeredAt: n.registeredAt.toISOString(),
});

/** Node agents register and heartbeat here; operators (and tests) list them. */
export function createNodeService(nodes: NodeRepository) {
  return {
    async heartbeat(nodeId: string, hb: NodeHeartbeat): Promise<NodeView> {
      const row = await nodes.heartbeat(nodeId, hb);
      if (!row) {
        throw new CubicleError("node_id_taken", `node id '${echo(nodeId)}' belongs to another live node agent (another address and process); give this agent its own AGENT_NODE_ID`);
      }
      return toView(row);
    },
    list: async (): Promise<NodeView[]> => (await nodes.list()).map(toView),
  };
}

export type NodeService = ReturnType<typeof createNodeService>;
