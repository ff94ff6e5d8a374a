import type { IRouter } from "express";
import type { Registry } from "prom-client";
import { CubicleError } from "@cubicle/contracts";
import type { Drain } from "@cubicle/service-kit";
import type { Readiness } from "../../../data-access/health.js";

export function healthRoutes(r: IRouter, readiness: () => Promise<Readiness>, registry: Registry, drain: Drain): void {
  r.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  r.get("/readyz", async (_req, res) => {
    drain.throwIfDraining();
    const state = await readiness();
    if (!state.ready) throw new CubicleError("service_unavailable", `not ready: ${state.reason}`);
    res.json({ status: "ready" });
  });
  r.get("/metrics", async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
}
