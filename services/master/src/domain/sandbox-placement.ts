import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";
import { CubicleError, DEFAULT_NAMESPACE, SANDBOX_TIMEOUT_S, echo, type CreateSandboxRequest, type SandboxMode } from "@cubicle/contracts";
import type { NewSandbox, SandboxRepository, TemplateForSandbox } from "../data-access/sandbox-repository.js";
import { AgentError, withAgentDeadline, type AgentSandbox, type AgentSandboxSpec, type NodeAgents } from "./sandbox-agent.js";
import type { NodeDirectory } from "./node-directory.js";
import { defaultSandboxName, nanoToDate, type UnixNanoClock } from "./sandbox-id.js";

/**
 * What both id modes share when they place a sandbox: the template it starts from, the
 * record it gets, the node agent's calls (each with a deadline, failures counted), and
 * database writes retried with growing pauses. sandbox-fast.ts and sandbox-strong.ts order
 * these steps, each in its own way.
 */

export type AgentOp = "create" | "get" | "delete" | "list" | "timeout" | "pause" | "resume" | "metrics" | "logs";

/** Nodes tried for one create before giving up (each full or unreachable one is skipped). */
const NODES_PER_CREATE = 3;

export interface SandboxCounters {
  created(mode: SandboxMode): void;
  agentFailed(op: AgentOp): void;
  writeRetried(): void;
  /** A fast-mode record could not be written, so the agent's sandbox was removed. */
  writeAbandoned(): void;
}

export interface PlacementDeps {
  sandboxes: SandboxRepository;
  agents: NodeAgents;
  nodes: NodeDirectory;
  clock: UnixNanoClock;
  /** Deadline for each agent call. */
  agentTimeoutMs: number;
  /** Tries at writing a record (and at rolling one back). */
  writeAttempts: number;
  /** Pause before the second try; doubled before each later one. */
  writeRetryDelayMs: number;
  /** Concurrent sandboxes per team unless the team has its own quota (0 = unlimited). */
  defaultMaxSandboxes: number;
  /** The longest timeout a sandbox may be given (seconds). */
  maxTimeoutS: number;
  /** How long a paused sandbox is kept (seconds from its pause). */
  pausedRetentionS: number;
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

/** A timeout (seconds) within the service's maximum, else 400 saying what the maximum is. */
export function checkTimeout(seconds: number, maxS: number): number {
  if (seconds > maxS) {
    throw new CubicleError("invalid_request", `timeout ${seconds} s is longer than this service allows: at most ${maxS} s`, { in: "body", max: maxS });
  }
  return seconds;
}

/** An agent's failure as the caller sees it: what was being done, and the agent's safe reason. */
export function agentFailure(err: unknown, doing: string): CubicleError {
  const reason = err instanceof AgentError ? err.reason : "the node agent failed";
  return new CubicleError("agent_error", `${doing}: ${reason}`, undefined, { cause: err });
}

export const placedFields = (p: AgentSandbox) => ({ node: p.node, envdVersion: p.envdVersion, diskSizeMB: p.diskSizeMB });

export function createPlacement(deps: PlacementDeps) {
  const { sandboxes, agents, nodes, clock, logger, counters } = deps;

  const agentCall = <T>(op: AgentOp, call: (signal: AbortSignal) => Promise<T>) =>
    withAgentDeadline(deps.agentTimeoutMs, call).catch((err: unknown) => {
      counters.agentFailed(op);
      throw err;
    });

  /** Removes a sandbox from its node when nobody will ever own it; failures are only logged. */
  function discardAtAgent(node: string, id: string, why: string): Promise<void> {
    return agentCall("delete", (signal) => agents.delete(node, id, signal)).then(
      () => logger.warn({ sandboxId: id, node, why }, "sandbox removed from its node"),
      (err: unknown) => logger.error({ err, sandboxId: id, node, why }, "could not remove a sandbox from its node; the node's reconciliation stops it"),
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
     * With `buildId` (a build a tag named), that ready build of the template, else 404.
     */
    async readyTemplate(team: string, templateId: string, buildId?: string): Promise<ReadyTemplate> {
      const t = await sandboxes.findTemplate(templateId, buildId);
      if (!t || (t.teamId !== team && !t.public)) throw new CubicleError("template_not_found", `template '${echo(templateId)}' not found`);
      if (buildId !== undefined && t.readyBuildId === null) {
        throw new CubicleError("build_not_found", `build '${echo(buildId)}' is not a ready build of template '${echo(templateId)}'`);
      }
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
      const timeoutSeconds = checkTimeout(req.timeout ?? SANDBOX_TIMEOUT_S.default, deps.maxTimeoutS);
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
        onTimeout: req.onTimeout ?? "kill",
        node: null,
        envdVersion: null,
        requestId: req.requestId ?? null,
        requestHash: digest,
        startedAt,
        endAt: new Date(startedAt.getTime() + timeoutSeconds * 1000),
      };
    },

    /**
     * Starts the sandbox on a live node with room (see node-directory.ts for the policy),
     * trying the next best node when one is full or unreachable. A create that timed out
     * is removed from its node, as it may land later.
     */
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
        onTimeout: row.onTimeout,
        pausedRetentionS: deps.pausedRetentionS,
        ...(t.envdVersion && { envdVersion: t.envdVersion }),
        ...(t.diskSizeMB > 0 && { diskSizeMB: t.diskSizeMB }),
      };
      const tried: string[] = [];
      let refusal: unknown;
      for (const node of nodes.candidates(NODES_PER_CREATE)) {
        tried.push(node);
        try {
          const placed = await agentCall("create", (signal) => agents.create(node, spec, signal));
          nodes.placed(node);
          return placed;
        } catch (err) {
          // Nothing was created there: the node did not answer the connection or refused.
          if (err instanceof AgentError && (err.unreachable || err.refused)) {
            if (err.unreachable || err.full || err.misconfigured) nodes.avoid(node);
            if (err.misconfigured) logger.error({ err, node }, "node agent refuses master's credentials: check AGENT_TOKEN on both");
            if (!err.full) refusal = err;
            logger.warn({ err, node, sandboxId: id }, "node did not take the sandbox; trying another");
            continue;
          }
          if (!(err instanceof AgentError) || /did not answer/.test(err.reason)) void discardAtAgent(node, id, "its create timed out");
          throw agentFailure(err, "the node agent could not start the sandbox; nothing was created");
        }
      }
      // Every node tried refused: the last refusal that was not for want of room says why.
      if (refusal) throw agentFailure(refusal, "the node agent could not start the sandbox; nothing was created");
      const why = tried.length === 0 ? "no live node has room" : `no live node has room (tried ${tried.join(", ")})`;
      throw new CubicleError("no_node_available", `${why}; nothing was created, try again shortly`, { tried });
    },
  };
}

export type Placement = ReturnType<typeof createPlacement>;
