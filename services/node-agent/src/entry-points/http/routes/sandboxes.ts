import type { IRouter } from "express";
import {
  CubicleError,
  agentCreateSchema,
  agentEndAtSchema,
  agentOptionalEndAtSchema,
  agentSandboxParamsSchema,
  createValidator,
  sandboxIdsOf,
  type AgentCreateRequest,
  type AgentEndAtRequest,
  type AgentLogs,
  type AgentMetricsBatch,
} from "@cubicle/contracts";
import type { SimulatedNode } from "../../../domain/simulated-node.js";

const createBody = createValidator<AgentCreateRequest>(agentCreateSchema, "body");
const endAtBody = createValidator<AgentEndAtRequest>(agentEndAtSchema, "body");
const optionalEndAtBody = createValidator<Partial<AgentEndAtRequest>>(agentOptionalEndAtSchema, "body");
const params = createValidator<{ sandboxId: string }>(agentSandboxParamsSchema, "params");
const idOf = (p: unknown) => params(p).sandboxId.toLowerCase();
const notHeld = (id: string) => new CubicleError("sandbox_not_found", `the node holds no sandbox with id ${id}`);

/** An end time the node can count with: RFC 3339 allows a leap second (…:60), which Date cannot read. */
function checkedEndAt<T extends { endAt?: string }>(body: T): T {
  if (body.endAt !== undefined && !Number.isFinite(Date.parse(body.endAt))) {
    throw new CubicleError("invalid_request", "body.endAt must be a date and time in RFC 3339 form, e.g. 2026-01-31T12:00:00Z", { in: "body" });
  }
  return body;
}

/** The node agent's API: master names every sandbox by the id it chose. */
export function sandboxRoutes(r: IRouter, node: SimulatedNode): void {
  r.post("/sandboxes", async (req, res) => {
    const spec = checkedEndAt(createBody(req.body));
    res.status(201).json(await node.create({ ...spec, sandboxId: spec.sandboxId.toLowerCase() }));
  });

  r.get("/sandboxes", async (_req, res) => {
    res.json({ sandboxes: await node.list() });
  });

  // Before /sandboxes/:sandboxId, which would take "metrics" for an id.
  r.get("/sandboxes/metrics", (req, res) => {
    const batch: AgentMetricsBatch = { metrics: node.metricsOf(sandboxIdsOf(req.query)) };
    res.json(batch);
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
    const id = idOf(req.params);
    const { endAt } = checkedEndAt(optionalEndAtBody(req.body ?? {}));
    res.json(await node.pause(id, endAt));
  });

  r.post("/sandboxes/:sandboxId/resume", async (req, res) => {
    const id = idOf(req.params);
    const { endAt } = checkedEndAt(optionalEndAtBody(req.body ?? {}));
    res.json(await node.resume(id, endAt));
  });

  r.post("/sandboxes/:sandboxId/timeout", async (req, res) => {
    const id = idOf(req.params);
    const { endAt } = checkedEndAt(endAtBody(req.body));
    res.json(await node.timeout(id, endAt));
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
    const answer: AgentLogs = { logs };
    res.json(answer);
  });
}
