import type { IRouter } from "express";
import { CubicleError, agentCreateSchema, agentSandboxParamsSchema, createValidator, type AgentCreateRequest } from "@cubicle/contracts";
import type { SimulatedNode } from "../../../domain/simulated-node.js";

const createBody = createValidator<AgentCreateRequest>(agentCreateSchema, "body");
const params = createValidator<{ sandboxId: string }>(agentSandboxParamsSchema, "params");
const idOf = (p: unknown) => params(p).sandboxId.toLowerCase();
const notHeld = (id: string) => new CubicleError("sandbox_not_found", `the node holds no sandbox with id ${id}`);

/** The node agent's API: master names every sandbox by the id it chose. */
export function sandboxRoutes(r: IRouter, node: SimulatedNode): void {
  r.post("/sandboxes", async (req, res) => {
    const spec = createBody(req.body);
    res.status(201).json(await node.create({ ...spec, sandboxId: spec.sandboxId.toLowerCase() }));
  });

  r.get("/sandboxes", async (_req, res) => {
    res.json({ sandboxes: await node.list() });
  });

  r.get("/sandboxes/:sandboxId", async (req, res) => {
    const id = idOf(req.params);
    const s = await node.get(id);
    if (!s) throw notHeld(id);
    res.json(s);
  });

  r.delete("/sandboxes/:sandboxId", async (req, res) => {
    const id = idOf(req.params);
    if (!(await node.delete(id))) throw notHeld(id);
    res.status(204).end();
  });

  r.post("/sandboxes/:sandboxId/pause", async (req, res) => {
    res.json(await node.pause(idOf(req.params)));
  });

  r.post("/sandboxes/:sandboxId/resume", async (req, res) => {
    res.json(await node.resume(idOf(req.params)));
  });

  r.get("/sandboxes/:sandboxId/metrics", (req, res) => {
    const id = idOf(req.params);
    const m = node.metrics(id);
    if (!m) throw notHeld(id);
    res.json(m);
  });

  r.get("/sandboxes/:sandboxId/logs", (req, res) => {
    const id = idOf(req.params);
    const logs = node.logs(id);
    if (!logs) throw notHeld(id);
    res.json({ logs });
  });
}
