import type { Logger } from "pino";
import type { CreateSandboxRequest, SandboxView } from "@cubicle/contracts";
import type { Sandbox } from "../generated/prisma/client.js";
import type { NewSandbox, SandboxRepository } from "../data-access/sandbox-repository.js";
import { RequestIdTakenError } from "../data-access/errors.js";
import { placedFields, type Placement, type QuotaSlot, type ReadyTemplate, type SandboxCounters } from "./sandbox-placement.js";
import { fastSandboxId } from "./sandbox-id.js";
import { toSandboxView } from "./views.js";

/**
 * Fast mode: the id is md5(name:namespace:UnixNano), made before anything else; then the
 * agent, then the answer; the record is written after, with retries, and if it never lands
 * the sandbox is removed from its node, so nothing runs unrecorded. Reads of an id whose
 * record is still being written wait for the write (`pending`).
 */
export function createFastMode(deps: { placement: Placement; sandboxes: SandboxRepository; logger: Logger; counters: SandboxCounters }) {
  const { placement, sandboxes, logger, counters } = deps;
  /** Records being written, by sandbox id. */
  const pending = new Map<string, Promise<void>>();

  type WriteOutcome = { ok: true } | { ok: false; error: unknown };

  /** Writes the record with retries; if it never lands, the sandbox is removed from its node and its quota slot freed. */
  function persist(row: NewSandbox & { id: string }, slot: QuotaSlot): Promise<WriteOutcome> {
    const write = placement.withRetries(`record sandbox ${row.id}`, () => sandboxes.insert(row), (err) => !(err instanceof RequestIdTakenError)).then(
      (): WriteOutcome => ({ ok: true }),
      async (error: unknown): Promise<WriteOutcome> => {
        const duplicate = error instanceof RequestIdTakenError;
        if (!duplicate) {
          counters.writeAbandoned();
          logger.error({ err: error, sandboxId: row.id }, "could not record a fast-mode sandbox; removing it from its node");
        }
        await placement.discardAtAgent(row.node!, row.id, duplicate ? "another master made the sandbox for this requestId" : "its record could not be written");
        slot.release();
        return { ok: false, error };
      },
    );
    const tracked = write.finally(() => pending.delete(row.id));
    pending.set(row.id, tracked.then(() => undefined));
    return tracked;
  }

  return {
    /**
     * Places the sandbox and answers before its record is written (`persisted` settles when
     * it is). With a requestId the caller does wait: the unique requestId in the database
     * decides between masters given the same request at once, and the loser must answer the
     * winner's sandbox, not its own.
     */
    async create(team: string, t: ReadyTemplate, req: CreateSandboxRequest, digest: string | null, slot: QuotaSlot): Promise<{ sandbox: SandboxView; persisted: Promise<void> }> {
      const row = placement.newRecord(team, t, req, "fast", digest);
      const id = fastSandboxId(row.name, row.namespace, row.createTimestamp);
      let placed;
      try {
        placed = await placement.placeOnAgent(id, t, row, req);
      } catch (err) {
        slot.release();
        throw err;
      }
      const full = { ...row, id, ...placedFields(placed) };
      const persisted = persist(full, slot);
      if (row.requestId) {
        const written = await persisted;
        if (!written.ok) throw written.error;
      }
      counters.created("fast");
      return { sandbox: toSandboxView(asRecord(full), t.displayName), persisted: persisted.then(() => undefined) };
    },

    /** Waits until the record of `id` is written, if it is being written now. */
    written: (id: string): Promise<void> | undefined => pending.get(id),

    /** Waits for every record still being written (on shutdown). */
    async drain(): Promise<void> {
      await Promise.allSettled([...pending.values()]);
    },

    pendingWrites: () => pending.size,
  };
}

/** A record not yet read back from the database, shaped like one that was. */
function asRecord(row: NewSandbox & { id: string }): Sandbox {
  return { ...row, state: "running", pausedAt: null, createdAt: row.startedAt } as Sandbox;
}
