import { setTimeout as sleep } from "node:timers/promises";
import {
  CubicleError,
  DEFAULT_NAMESPACE,
  SANDBOX_ID_PATTERN,
  SANDBOX_TIMEOUT_S,
  sandboxNotFound,
  type CreateSandboxRequest,
  type ListSandboxesQuery,
  type SandboxMode,
  type SandboxPage,
  type SandboxState,
  type SandboxView,
} from "@cubicle/contracts";
import type { Sandbox } from "../generated/prisma/client.js";
import { RequestIdTakenError } from "../data-access/errors.js";
import { AgentError, type AgentSandbox } from "./sandbox-agent.js";
import { fastSandboxId } from "./sandbox-id.js";
import { createInFlight, requestDigest, type Keyed } from "./idempotency.js";
import { decodePageCursor, encodePageCursor } from "./page-cursor.js";
import { agentFailure, createPlacement, type PlacementDeps } from "./sandbox-placement.js";
import { createFastMode } from "./sandbox-fast.js";
import { createStrongMode } from "./sandbox-strong.js";
import { createSandboxAccess } from "./sandbox-access.js";
import { createSandboxLifecycle } from "./sandbox-lifecycle.js";
import { createSandboxObserver } from "./sandbox-observe.js";
import { toSandboxView } from "./views.js";

export type { SandboxCounters } from "./sandbox-placement.js";
export type SandboxServiceDeps = PlacementDeps;

interface Created {
  sandbox: SandboxView;
  digest: string;
  /** Read back from an earlier create's record. */
  earlier?: true;
}

const SANDBOX_ID = new RegExp(SANDBOX_ID_PATTERN);

/**
 * Sandboxes: master decides their ids, places them on the node agent and keeps their
 * records, in one of two id modes (sandbox-fast.ts, sandbox-strong.ts). This module makes a
 * create idempotent by its requestId (one sandbox per key and team, in this process and
 * across masters), and reads, lists and removes sandboxes, confirming them with their node.
 * Every call names the team it serves: a team sees only its own sandboxes (another team's
 * answers as a missing one does), and starts them from its own or public templates.
 */
export function createSandboxService(deps: SandboxServiceDeps) {
  const { sandboxes, agents, nodes, logger } = deps;
  const placement = createPlacement(deps);
  const fast = createFastMode({ placement, sandboxes, logger, counters: deps.counters });
  const strong = createStrongMode({ placement, sandboxes, logger, counters: deps.counters });
  const inFlight = createInFlight<Created>();
  const access = createSandboxAccess({ sandboxes, nodes, placement, logger, written: fast.written });
  const lifecycle = createSandboxLifecycle({ sandboxes, agents, access, logger, maxTimeoutS: deps.maxTimeoutS, pausedRetentionS: deps.pausedRetentionS });
  const observer = createSandboxObserver({ sandboxes, agents, nodes, access, placement, logger });

  /** A repeat of a create: the same request gets the same sandbox; a different one is refused. */
  function replay(prior: Created, digest: string): Keyed<SandboxView> {
    if (prior.digest !== digest) {
      throw new CubicleError("idempotency_conflict", "this idempotency key was already used for a different sandbox create; use a new key for a new sandbox");
    }
    return { response: prior.sandbox, replayed: true };
  }

  /**
   * Waits while another master's strong-mode create of this requestId is with its agent:
   * the record once placed, or null when that create was rolled back.
   */
  async function settled(record: Sandbox): Promise<Sandbox | null> {
    const team = record.teamId;
    const deadline = Date.now() + deps.agentTimeoutMs + 1_000;
    let current: Sandbox | null = record;
    while (current && current.node === null) {
      if (Date.now() > deadline) {
        throw new CubicleError("idempotency_conflict", "a create with this idempotency key is still in progress; retry shortly");
      }
      await sleep(20);
      current = await sandboxes.findByRequestId(team, record.requestId!);
    }
    return current;
  }

  /**
   * An earlier create's record for this requestId, as that create's answer; undefined when
   * there is none after all: that sandbox has ended (it is removed now) or its create was
   * rolled back, and the requestId may start a new one.
   */
  async function fromRecord(found: Sandbox): Promise<Created | undefined> {
    const existing = await settled(found);
    if (!existing) return undefined;
    if (existing.endAt.getTime() <= Date.now()) {
      try {
        if (existing.node && nodes.status(existing.node) === "up") await placement.agentCall("delete", (signal) => agents.delete(existing.node!, existing.id, signal));
      } catch (err) {
        throw agentFailure(err, `the node agent could not stop the ended sandbox '${existing.id}' that holds this idempotency key; try again`);
      }
      await sandboxes.delete(existing.id);
      return undefined;
    }
    if (existing.mode === "fast" && fastSandboxId(existing.name, existing.namespace, existing.createTimestamp) !== existing.id) {
      throw new Error(`sandbox ${existing.id}: its id does not match md5(name:namespace:createTimestamp)`);
    }
    const names = await sandboxes.displayNames([existing.templateId]);
    return { sandbox: toSandboxView(existing, names.get(existing.templateId) ?? null), digest: existing.requestHash ?? "", earlier: true };
  }

  async function place(team: string, req: CreateSandboxRequest, mode: SandboxMode, digest: string | null, again = false): Promise<{ created: Created; persisted: Promise<void> }> {
    const t = await placement.readyTemplate(team, req.templateId, req.buildId);
    const slot = await placement.takeSlot(team);
    try {
      if (mode === "fast") {
        const { sandbox, persisted } = await fast.create(team, t, req, digest, slot);
        return { created: { sandbox, digest: digest ?? "" }, persisted };
      }
      return { created: { sandbox: await strong.create(team, t, req, digest, slot), digest: digest ?? "" }, persisted: Promise.resolve() };
    } catch (err) {
      // Another master took this requestId between our check and our insert: its sandbox is the answer.
      if (err instanceof RequestIdTakenError) {
        const existing = await sandboxes.findByRequestId(team, err.requestId);
        const earlier = existing && (await fromRecord(existing));
        if (earlier) return { created: earlier, persisted: Promise.resolve() };
        // That create failed or ended meanwhile: the requestId is free again.
        if (!again) return place(team, req, mode, digest, true);
      }
      throw err;
    }
  }

  async function create(team: string, req: CreateSandboxRequest): Promise<Keyed<SandboxView>> {
    const mode = req.mode ?? "fast";
    if (!req.requestId) return { response: (await place(team, req, mode, null)).created.sandbox, replayed: false };

    const requestId = req.requestId;
    const digest = requestDigest({
      templateId: req.templateId,
      mode,
      name: req.name ?? null,
      namespace: req.namespace ?? DEFAULT_NAMESPACE,
      timeout: req.timeout ?? SANDBOX_TIMEOUT_S.default,
      metadata: req.metadata ?? {},
      envVars: req.envVars ?? {},
      // Only when set, so that digests of earlier creates (made before it existed) still match.
      ...(req.onTimeout === "pause" && { onTimeout: "pause" }),
      ...(req.buildId && { buildId: req.buildId }),
    });
    // Idempotency keys are the team's own: two teams may use the same one.
    const flightKey = `${team}:${requestId}`;
    const running = inFlight.get(flightKey);
    if (running) {
      const prior = await running.catch(() => undefined);
      // The first attempt failed and created nothing: this one starts afresh.
      return prior ? replay(prior, digest) : create(team, req);
    }
    let persisted: Promise<void> = Promise.resolve();
    const attempt = inFlight.start(flightKey, async () => {
      const existing = await sandboxes.findByRequestId(team, requestId);
      const earlier = existing && (await fromRecord(existing));
      if (earlier) return earlier;
      const placed = await place(team, req, mode, digest);
      persisted = placed.persisted;
      return placed.created;
    });
    let created: Created;
    try {
      created = await attempt.result;
    } catch (err) {
      attempt.release();
      throw err;
    }
    // Fast mode: repeats keep finding this create in memory until its record is written.
    void persisted.finally(attempt.release);
    return created.earlier ? replay(created, digest) : { response: created.sandbox, replayed: false };
  }

  return {
    create,

    async list(team: string, q: ListSandboxesQuery & { limit: number }): Promise<SandboxPage> {
      const order = q.order ?? "desc";
      const rows = await sandboxes.list({
        teamId: team,
        limit: q.limit + 1,
        after: q.cursor ? decodePageCursor(q.cursor, SANDBOX_ID) : undefined,
        order,
        templateId: q.templateId,
        metadata: q.metadata,
        startedAfter: q.startedAfter ? new Date(q.startedAfter) : undefined,
        state: q.state,
      });
      const page = rows.slice(0, q.limit);
      const names = await sandboxes.displayNames([...new Set(page.map((s) => s.templateId))]);
      const last = page[page.length - 1];
      return {
        sandboxes: page.map((s) => toSandboxView(s, names.get(s.templateId) ?? null, nodes.status(s.node!) === "up" ? s.state : "unknown")),
        nextCursor: rows.length > q.limit && last ? encodePageCursor({ at: last.startedAt, id: last.id }) : null,
      };
    },

    /**
     * The sandbox, confirmed with the node that holds it; one its node no longer holds is
     * removed, and the node's word on its state and end wins over the record's (it paused
     * the sandbox at its timeout, say). While its node is down (or does not answer) the
     * record is the answer, in state `unknown`.
     */
    async get(team: string, id: string): Promise<SandboxView> {
      let row = await access.record(team, id);
      const view = async (state: SandboxState) => toSandboxView(row!, (await sandboxes.displayNames([row!.templateId])).get(row!.templateId) ?? null, state);
      const node = row.node!;
      if (nodes.status(node) !== "up") return view("unknown");
      let held: AgentSandbox | null;
      try {
        held = await placement.agentCall("get", (signal) => agents.get(node, id, signal));
      } catch (err) {
        logger.warn({ err, sandboxId: id, node }, "node agent did not confirm the sandbox; answering from its record");
        return view("unknown");
      }
      if (held === null) {
        await sandboxes.delete(id);
        logger.warn({ sandboxId: id, node }, "node no longer holds the sandbox; its record was removed");
        throw sandboxNotFound(id);
      }
      if (held.state !== row.state || held.endAt.getTime() !== row.endAt.getTime()) {
        row = (await sandboxes.sync(id, { state: held.state, endAt: held.endAt, pausedAt: held.pausedAt })) ?? row;
      }
      return view(held.state);
    },

    /**
     * Stops the sandbox at its node, then forgets it. While its node is down (or refuses
     * connections) the record is ended now (nobody sees it again) and the node stops the
     * sandbox when it comes back (the reaper removes ended sandboxes from live nodes).
     */
    async remove(team: string, id: string): Promise<void> {
      const row = await access.record(team, id);
      const node = row.node!;
      const endLater = async () => {
        if (!(await sandboxes.end(id))) throw sandboxNotFound(id);
        logger.warn({ sandboxId: id, node }, "sandbox's node is down or unreachable; its record is ended and the node stops it when it is back");
      };
      if (nodes.status(node) !== "up") return endLater();
      try {
        await placement.agentCall("delete", (signal) => agents.delete(node, id, signal));
      } catch (err) {
        // No connection to the node (it just went down): as for a node known to be down.
        if (err instanceof AgentError && err.unreachable) return endLater();
        throw agentFailure(err, `the node agent could not stop sandbox '${id}'; it is still running, try again`);
      }
      if (!(await sandboxes.delete(id))) throw sandboxNotFound(id);
    },

    setTimeout: lifecycle.setTimeout,
    refresh: lifecycle.refresh,
    pause: lifecycle.pause,
    connect: lifecycle.connect,
    metrics: observer.metrics,
    metricsOf: observer.metricsOf,
    logs: observer.logs,

    /** Waits for fast-mode records still being written (on shutdown). */
    drain: fast.drain,

    pendingWrites: fast.pendingWrites,
  };
}

export type SandboxService = ReturnType<typeof createSandboxService>;
