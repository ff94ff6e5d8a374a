import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";
import { CubicleError, DEFAULT_NAMESPACE, SANDBOX_TIMEOUT_S, echo, type CreateSandboxRequest, type SandboxMode } from "@cubicle/contracts";
import type { NewSandbox, SandboxRepository, TemplateForSandbox } from "../data-access/sandbox-repository.js";
import { AgentError, withAgentDeadline, type AgentSandbox, type AgentSandboxSpec, type SandboxAgent } from "./sandbox-agent.js";
import { defaultSandboxName, nanoToDate, type UnixNanoClock } from "./sandbox-id.js";

/**
 * What both id modes share when they place a sandbox: the template it starts from, the
 * record it gets, the node agent's calls (each with a deadline, failures counted), and
 * database writes retried with growing pauses. sandbox-fast.ts and sandbox-strong.ts order
 * these steps, each in its own way.
 */

export interface SandboxCounters {
  created(mode: SandboxMode): void;
  agentFailed(op: "create" | "get" | "delete"): void;
  writeRetried(): void;
  /** A fast-mode record could not be written, so the agent's sandbox was removed. */
  writeAbandoned(): void;
}

export interface PlacementDeps {
  sandboxes: SandboxRepository;
  agent: SandboxAgent;
  clock: UnixNanoClock;
  /** Deadline for each agent call. */
  agentTimeoutMs: number;
  /** Tries at writing a record (and at rolling one back). */
  writeAttempts: number;
  /** Pause before the second try; doubled before each later one. */
  writeRetryDelayMs: number;
  /** Concurrent sandboxes per team unless the team has its own quota (0 = unlimited). */
  defaultMaxSandboxes: number;
  logger: Logger;
  counters: SandboxCounters;
}

/** A template with a ready build: what a sandbox starts from. */
export type ReadyTemplate = TemplateForSandbox & { readyBuildId: string };

/**
 * A slot of the team's sandbox quota held by a create. Once the sandbox's record is written
 * the record holds it (deleting the record frees it); a create that records nothing calls
 * `release` (once is enough; later calls do nothing).
 */
export interface QuotaSlot {
  release(): void;
}

function notReady(t: TemplateForSandbox): CubicleError {
  const what = t.displayName ? `template '${t.displayName}' (${t.id})` : `template '${t.id}'`;
  const why = t.status === "failed" ? "its build failed; rebuild it" : "its first build has not finished; wait until it is ready";
  return new CubicleError("template_not_ready", `${what} is not ready: ${why}`, { templateId: t.id, status: t.status });
}

/** An agent's failure as the caller sees it: what was being done, and the agent's safe reason. */
export function agentFailure(err: unknown, doing: string): CubicleError {
  const reason = err instanceof AgentError ? err.reason : "the node agent failed";
  return new CubicleError("agent_error", `${doing}: ${reason}`, undefined, { cause: err });
}

export const placedFields = (p: AgentSandbox) => ({ node: p.node, envdVersion: p.envdVersion, diskSizeMB: p.diskSizeMB });

export function createPlacement(deps: PlacementDeps) {
  const { sandboxes, agent, clock, logger, counters } = deps;

  const agentCall = <T>(op: "create" | "get" | "delete", call: (signal: AbortSignal) => Promise<T>) =>
    withAgentDeadline(deps.agentTimeoutMs, call).catch((err: unknown) => {
      counters.agentFailed(op);
      throw err;
    });

  /** Removes a sandbox from the agent when nobody will ever own it; failures are only logged. */
  function discardAtAgent(id: string, why: string): Promise<void> {
    return agentCall("delete", (signal) => agent.delete(id, signal)).then(
      () => logger.warn({ sandboxId: id, why }, "sandbox removed from its node"),
      (err: unknown) => logger.error({ err, sandboxId: id, why }, "could not remove a sandbox from its node; it stops at its end time"),
    );
  }

  return {
    agentCall,
    discardAtAgent,

    /** Runs a database write, trying `writeAttempts` times with growing pauses. */
    async withRetries<T>(what: string, write: () => Promise<T>, retryable: (err: unknown) => boolean = () => true): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        try {
          return await write();
        } catch (err) {
          if (attempt >= deps.writeAttempts || !retryable(err)) throw err;
          counters.writeRetried();
          logger.warn({ err, attempt, what }, "database write failed; retrying");
          await sleep(deps.writeRetryDelayMs * 2 ** (attempt - 1));
        }
      }
    },

    /**
     * The template to start from: the team's own or another team's public one. 404 when
     * there is none (or it is another team's private one), 409 until it has a ready build.
     */
    async readyTemplate(team: string, templateId: string): Promise<ReadyTemplate> {
      const t = await sandboxes.findTemplate(templateId);
      if (!t || (t.teamId !== team && !t.public)) throw new CubicleError("template_not_found", `template '${echo(templateId)}' not found`);
      if (t.status !== "ready" || t.readyBuildId === null) throw notReady(t);
      return t as ReadyTemplate;
    },

    /**
     * A slot of the team's concurrent-sandbox quota, taken before anything is placed: 429
     * `quota_exceeded` when the team has none free, 404 when there is no such team.
     */
    async takeSlot(team: string): Promise<QuotaSlot> {
      if (!(await sandboxes.takeSlot(team, deps.defaultMaxSandboxes))) {
        const max = await sandboxes.sandboxQuota(team, deps.defaultMaxSandboxes);
        if (max === null) throw new CubicleError("team_not_found", `team '${echo(team)}' not found`);
        throw new CubicleError("quota_exceeded", `the team runs ${max} sandboxes, its quota of concurrent sandboxes: kill one first`, { quota: "sandboxes", max });
      }
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          // A slot that cannot be given back now is set right by the reaper's reconciliation.
          sandboxes.releaseSlot(team).catch((err: unknown) => logger.warn({ err, teamId: team }, "could not release a sandbox quota slot; the reaper will reconcile it"));
        },
      };
    },

    /** The record of a new sandbox (no id yet, no node yet), stamped with the clock's UnixNano. */
    newRecord(team: string, t: ReadyTemplate, req: CreateSandboxRequest, mode: SandboxMode, digest: string | null): NewSandbox {
      const createTimestamp = clock();
      const startedAt = nanoToDate(createTimestamp);
      const timeoutSeconds = req.timeout ?? SANDBOX_TIMEOUT_S.default;
      return {
        mode,
        teamId: team,
        name: req.name ?? defaultSandboxName(createTimestamp),
        namespace: req.namespace ?? DEFAULT_NAMESPACE,
        createTimestamp,
        templateId: t.id,
        buildId: t.readyBuildId,
        cpuCount: t.cpuCount,
        memoryMB: t.memoryMB,
        diskSizeMB: 0,
        metadata: req.metadata ?? {},
        timeoutSeconds,
        node: null,
        envdVersion: null,
        requestId: req.requestId ?? null,
        requestHash: digest,
        startedAt,
        endAt: new Date(startedAt.getTime() + timeoutSeconds * 1000),
      };
    },

    /** Starts the sandbox at the agent; a create that timed out is removed, as it may land later. */
    async placeOnAgent(id: string, t: ReadyTemplate, row: NewSandbox, req: CreateSandboxRequest): Promise<AgentSandbox> {
      const spec: AgentSandboxSpec = {
        sandboxId: id,
        templateId: t.id,
        buildId: t.readyBuildId,
        image: t.image,
        cpuCount: t.cpuCount,
        memoryMB: t.memoryMB,
        endAt: row.endAt,
        metadata: row.metadata,
        envVars: req.envVars ?? {},
      };
      try {
        return await agentCall("create", (signal) => agent.create(spec, signal));
      } catch (err) {
        if (!(err instanceof AgentError) || /did not answer/.test(err.reason)) void discardAtAgent(id, "its create timed out");
        throw agentFailure(err, "the node agent could not start the sandbox; nothing was created");
      }
    },
  };
}

export type Placement = ReturnType<typeof createPlacement>;
