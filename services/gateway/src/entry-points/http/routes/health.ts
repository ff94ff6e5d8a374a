import type { IRouter } from "express";
import { CubicleError } from "@cubicle/contracts";
import type { MasterClient } from "@cubicle/master-client";
import type { Drain } from "@cubicle/service-kit";
import { callContext } from "../caller.js";

/**
 * `/healthz`: the process answers. `/readyz`: and it is not shutting down, and a master is
 * reachable and ready. `/health`:
 * E2B's health check (204 while the process answers).
 */
export function healthRoutes(r: IRouter, master: Pick<MasterClient, "ready">, drain: Drain): void {
  r.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  r.get("/health", (_req, res) => {
    res.status(204).end();
  });
  r.get("/readyz", async (req, res) => {
    drain.throwIfDraining();
    const state = await master.ready(callContext(req));
    if (!state.ready) {
      res.setHeader("Retry-After", "1");
      throw new CubicleError("upstream_unavailable", "not ready: the template service is unavailable");
    }
    res.json({ status: "ready" });
  });
}
