import type { IRouter } from "express";
import { createValidator, nodeHeartbeatSchema, nodeParamsSchema, type NodeHeartbeat } from "@cubicle/contracts";
import type { NodeService } from "../../../domain/node-service.js";

const heartbeatBody = createValidator<NodeHeartbeat>(nodeHeartbeatSchema, "body");
const nodeParams = createValidator<{ nodeId: string }>(nodeParamsSchema, "params");

/** Node agents' registration and heartbeats (`PUT`), and the nodes as master sees them. */
export function nodeRoutes(r: IRouter, nodes: NodeService): void {
  r.put("/nodes/:nodeId", async (req, res) => {
    res.json(await nodes.heartbeat(nodeParams(req.params).nodeId, heartbeatBody(req.body)));
  });

  r.get("/nodes", async (_req, res) => {
    res.json(await nodes.list());
  });
}
