import { ROOT_CONTEXT, context } from "@opentelemetry/api";
import type { Logger } from "pino";
import type { SandboxRepository } from "../data-access/sandbox-repository.js";
import { withAgentDeadline, type SandboxAgent } from "./sandbox-agent.js";

export interface SandboxReaperOptions {
  sandboxes: SandboxRepository;
  agent: SandboxAgent;
  agentTimeoutMs: number;
  sweepMs: number;
  /** A record still without a node after this long belongs to a create that died midway. */
  abandonAfterMs: number;
  logger: Logger;
  onRemoved: () => void;
  /** Sets teams' sandbox-slot counters right (after a master died mid-create); returns how many changed. */
  reconcileSlots: () => Promise<number>;
}

const BATCH = 100;
/** Slot counters are reconciled every this many sweeps. */
const RECONCILE_EVERY = 30;

/**
 * Removes sandboxes past their end time: the node first, then the record. Any master may
 * remove any expired sandbox; removing one twice is harmless (the agent's delete and the
 * record's are both idempotent). A node that cannot be reached is tried again next sweep.
 */
export function createSandboxReaper(o: SandboxReaperOptions) {
  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<void> | undefined;
  let sweeps = 0;

  async function sweepOnce(): Promise<number> {
    const due = await o.sandboxes.findExpired(BATCH, new Date(Date.now() - o.abandonAfterMs));
    let removed = 0;
    for (const { id } of due) {
      try {
        await withAgentDeadline(o.agentTimeoutMs, (signal) => o.agent.delete(id, signal));
      } catch (err) {
        o.logger.warn({ err, sandboxId: id }, "could not stop an expired sandbox at its node; will retry");
        continue;
      }
      if (await o.sandboxes.delete(id)) {
        removed++;
        o.onRemoved();
      }
    }
    if (removed > 0) o.logger.info({ removed }, "expired sandboxes removed");
    if (sweeps++ % RECONCILE_EVERY === 0) {
      const fixed = await o.reconcileSlots();
      if (fixed > 0) o.logger.warn({ teams: fixed }, "sandbox quota counters did not match the records (a create was interrupted); set right");
    }
    return removed;
  }

  /** One sweep at a time, outside any request's trace. */
  function sweep(): Promise<void> {
    sweeping ??= context
      .with(ROOT_CONTEXT, () => sweepOnce())
      .then(
        () => undefined,
        (err: unknown) => o.logger.warn({ err }, "sandbox sweep failed; will retry"),
      )
      .finally(() => {
        sweeping = undefined;
      });
    return sweeping;
  }

  return {
    start() {
      timer ??= setInterval(() => void sweep(), o.sweepMs).unref();
    },
    sweep,
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await sweeping;
    },
  };
}
