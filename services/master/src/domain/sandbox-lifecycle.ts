import type { Logger } from "pino";
import { CubicleError, SANDBOX_REFRESH_S, sandboxNotFound, SANDBOX_TIMEOUT_S, type ConnectSandboxRequest, type ConnectedSandbox, type SandboxView } from "@cubicle/contracts";
import type { Sandbox } from "../generated/prisma/client.js";
import type { SandboxRepository } from "../data-access/sandbox-repository.js";
import type { NodeAgents } from "./sandbox-agent.js";
import type { SandboxAccess } from "./sandbox-access.js";
import { checkTimeout } from "./sandbox-placement.js";
import { toSandboxView } from "./views.js";

/**
 * A sandbox's life after its create, as E2B's SDK drives it: its timeout set (`timeout`,
 * from now, shorter or longer) or extended (`refresh`, never shorter), pause and resume
 * (`connect`). The node acts first, then the record follows: a record write that races
 * another change of the same sandbox is settled by re-reading the record (the conditional
 * updates in the repository never apply to a state they did not expect).
 *
 * A paused sandbox keeps its id, metadata and template, and its slot of the team's sandbox
 * quota; its node frees its running capacity. It is kept `pausedRetentionS` from its pause,
 * then removed by the sweep (its `endAt` says until when).
 */
export function createSandboxLifecycle(deps: {
  sandboxes: SandboxRepository;
  agents: NodeAgents;
  access: SandboxAccess;
  logger: Logger;
  maxTimeoutS: number;
  pausedRetentionS: number;
}) {
  const { sandboxes, agents, access } = deps;
  const names = async (row: Sandbox) => (await sandboxes.displayNames([row.templateId])).get(row.templateId) ?? null;
  const view = async (row: Sandbox): Promise<SandboxView> => toSandboxView(row, await names(row));
  const from = (seconds: number) => new Date(Date.now() + seconds * 1000);

  const paused = (row: Sandbox) =>
    new CubicleError("sandbox_paused", `sandbox '${row.id}' is paused: resume it (connect) with the timeout it should run for`, { state: "paused" });

  /** A timed-out sandbox with `onTimeout: pause` is as good as paused (the sweep pauses it shortly). */
  const isPaused = (row: Sandbox) => row.state === "paused" || (row.onTimeout === "pause" && row.endAt.getTime() <= Date.now());

  /** The record after a conditional write that did not apply: whatever another change made of it. */
  async function reread(team: string, row: Sandbox): Promise<Sandbox> {
    return access.record(team, row.id);
  }

  /** Moves a running sandbox's end, at its node and then in its record. */
  async function moveEnd(team: string, row: Sandbox, endAt: Date, timeoutSeconds: number): Promise<SandboxView> {
    await access.atNode(row, "timeout", "the node agent could not change the sandbox's timeout", (node, signal) => agents.setEnd(node, row.id, endAt, signal));
    const saved = await sandboxes.setEnd(row.id, endAt, timeoutSeconds);
    if (saved) return view(saved);
    const now = await reread(team, row);
    if (isPaused(now)) throw paused(now);
    return view(now);
  }

  return {
    /** The running sandbox ends `timeout` seconds from now (E2B: "overwrites the TTL"). */
    async setTimeout(team: string, id: string, timeout: number): Promise<SandboxView> {
      checkTimeout(timeout, deps.maxTimeoutS);
      const row = await access.record(team, id);
      if (isPaused(row)) throw paused(row);
      return moveEnd(team, row, from(timeout), timeout);
    },

    /** The running sandbox lives at least `duration` seconds from now; a later end stays. */
    async refresh(team: string, id: string, duration: number = SANDBOX_REFRESH_S.default): Promise<SandboxView> {
      checkTimeout(duration, deps.maxTimeoutS);
      const row = await access.record(team, id);
      if (isPaused(row)) throw paused(row);
      const endAt = from(duration);
      if (row.endAt.getTime() >= endAt.getTime()) return view(row);
      return moveEnd(team, row, endAt, duration);
    },

    /** Pauses a running sandbox; 409 `sandbox_paused` when it already is. */
    async pause(team: string, id: string): Promise<SandboxView> {
      const row = await access.record(team, id);
      if (row.state === "paused") throw new CubicleError("sandbox_paused", `sandbox '${id}' is already paused`, { state: "paused" });
      const pausedAt = new Date();
      const keepUntil = from(deps.pausedRetentionS);
      await access.atNode(row, "pause", "the node agent could not pause the sandbox", (node, signal) => agents.pause(node, id, keepUntil, signal));
      const saved = await sandboxes.markPaused(id, pausedAt, keepUntil);
      return view(saved ?? (await reread(team, row)));
    },

    /**
     * Resumes a paused sandbox (ending `timeout` seconds from now), or makes a running one
     * live at least that long. `onlyPaused`: a running one is refused (409 `sandbox_running`).
     */
    async connect(team: string, id: string, req: ConnectSandboxRequest): Promise<ConnectedSandbox> {
      const timeout = checkTimeout(req.timeout ?? SANDBOX_TIMEOUT_S.default, deps.maxTimeoutS);
      const row = await access.record(team, id);
      const wasPaused = isPaused(row);
      if (!wasPaused && req.onlyPaused) throw new CubicleError("sandbox_running", `sandbox '${id}' is running, not paused`, { state: "running" });
      const endAt = from(timeout);
      if (!wasPaused) {
        if (row.endAt.getTime() >= endAt.getTime()) return { sandbox: await view(row), resumed: false };
        return { sandbox: await moveEnd(team, row, endAt, timeout), resumed: false };
      }
      // The node resumes a paused sandbox, and only moves the end of one it has not paused yet.
      await access.atNode(row, "resume", "the node agent could not resume the sandbox", (node, signal) => agents.resume(node, id, endAt, signal));
      // The node runs it now, whatever the record became meanwhile (the sweep recording the
      // pause that just ended, another connect): the record says so.
      const saved = await sandboxes.markRunning(id, endAt, timeout);
      if (!saved) throw sandboxNotFound(id);
      deps.logger.info({ sandboxId: id }, "sandbox resumed");
      return { sandbox: await view(saved), resumed: true };
    },
  };
}

export type SandboxLifecycle = ReturnType<typeof createSandboxLifecycle>;
