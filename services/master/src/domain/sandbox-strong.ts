import type { Logger } from "pino";
import type { CreateSandboxRequest, SandboxView } from "@cubicle/contracts";
import type { SandboxRepository } from "../data-access/sandbox-repository.js";
import type { AgentSandbox } from "./sandbox-agent.js";
import { placedFields, type Placement, type QuotaSlot, type ReadyTemplate, type SandboxCounters } from "./sandbox-placement.js";
import { toSandboxView } from "./views.js";

/**
 * Strong mode: the record is written first and its database-generated UUID is the id; then
 * the agent. A failed placement rolls the record back (the caller is told nothing was
 * created); a placement that cannot be recorded is removed from the node and rolled back.
 */
export function createStrongMode(deps: { placement: Placement; sandboxes: SandboxRepository; logger: Logger; counters: SandboxCounters }) {
  const { placement, sandboxes, logger, counters } = deps;

  async function rollBack(id: string): Promise<void> {
    try {
      await placement.withRetries(`roll back sandbox ${id}`, () => sandboxes.delete(id));
    } catch (err) {
      // The reaper removes records that never got a node.
      logger.error({ err, sandboxId: id }, "could not roll back a sandbox record; it will be swept");
    }
  }

  return {
    /** From the insert on, the record holds the quota slot: rolling it back frees the slot. */
    async create(team: string, t: ReadyTemplate, req: CreateSandboxRequest, digest: string | null, slot: QuotaSlot): Promise<SandboxView> {
      const row = placement.newRecord(team, t, req, "strong", digest);
      let inserted;
      try {
        inserted = await sandboxes.insert(row);
      } catch (err) {
        slot.release();
        throw err;
      }
      let placed: AgentSandbox;
      try {
        placed = await placement.placeOnAgent(inserted.id, t, row, req);
      } catch (err) {
        await rollBack(inserted.id);
        throw err;
      }
      try {
        const saved = await placement.withRetries(`record placement of ${inserted.id}`, () => sandboxes.markPlaced(inserted.id, placedFields(placed)));
        if (!saved) throw new Error(`the record of sandbox ${inserted.id} was removed while it was being placed`);
        counters.created("strong");
        return toSandboxView(saved, t.displayName);
      } catch (err) {
        await placement.discardAtAgent(placed.node, inserted.id, "its placement could not be recorded");
        await rollBack(inserted.id);
        throw err;
      }
    },
  };
}
