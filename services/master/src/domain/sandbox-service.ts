import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";
import {
  CubicleError,
  DEFAULT_NAMESPACE,
  SANDBOX_TIMEOUT_S,
  type CreateSandboxRequest,
  type ListSandboxesQuery,
  type SandboxMode,
  type SandboxPage,
  type SandboxView,
} from "@cubicle/contracts";
import type { Sandbox } from "../generated/prisma/client.js";
import { RequestIdTakenError, type NewSandbox, type SandboxRepository, type TemplateForSandbox } from "../data-access/sandbox-repository.js";
import { AgentError, withAgentDeadline, type AgentSandbox, type AgentSandboxSpec, type SandboxAgent } from "./sandbox-agent.js";
import { defaultSandboxName, fastSandboxId, nanoToDate, type UnixNanoClock } from "./sandbox-id.js";
import { createInFlight, requestDigest } from "./idempotency.js";
import { decodeSandboxCursor, encodeSandboxCursor } from "./sandbox-cursor.js";
import { toSandboxView } from "./views.js";

export interface SandboxCounters {
  created(mode: SandboxMode): void;
  agentFailed(op: "create" | "get" | "delete"): void;
  writeRetried(): void;
  /** A fast-mode record could not be written, so the agent's sandbox was removed. */
  writeAbandoned(): void;
}

export interface SandboxServiceDeps {
  sandboxes: SandboxRepository;
  agent: SandboxAgent;
  clock: UnixNanoClock;
  /** Deadline for each agent call. */
  agentTimeoutMs: number;
  /** Tries at writing a fast-mode record (and at rolling back a strong-mode one). */
  writeAttempts: number;
  /** Pause before the second try; doubled before each later one. */
  writeRetryDelayMs: number;
  logger: Logger;
  counters: SandboxCounters;
}

interface Created {
  sandbox: SandboxView;
  digest: string;
  /** Read back from an earlier create's record. */
  earlier?: true;
}

export interface CreateResult {
  sandbox: SandboxView;
  /** True when an earlier create with the same requestId answered this sandbox. */
  replayed: boolean;
}

const notFound = (id: string) => new CubicleError("sandbox_not_found", `sandbox '${id}' not found`);
const shown = (s: string) => (s.length > 80 ? `${s.slice(0, 77)}...` : s);

function notReady(t: TemplateForSandbox): CubicleError {
  const what = t.displayName ? `template '${t.displayName}' (${t.id})` : `template '${t.id}'`;
  const why = t.status === "failed" ? "its build failed; rebuild it" : "its first build has not finished; wait until it is ready";
  return new CubicleError("template_not_ready", `${what} is not ready: ${why}`, { templateId: t.id, status: t.status });
}

function agentFailure(err: unknown, doing: string): CubicleError {
  const reason = err instanceof AgentError ? err.reason : "the node agent failed";
  return new CubicleError("agent_error", `${doing}: ${reason}`, undefined, { cause: err });
}

/**
 * Sandboxes: master decides their ids, places them on the node agent and keeps their
 * records. Fast mode answers before its record is written (and removes the sandbox if the
 * write never succeeds); strong mode writes first and rolls back if the agent fails.
 */
export function createSandboxService(deps: SandboxServiceDeps) {
  const { sandboxes, agent, clock, logger, counters } = deps;
  const inFlight = createInFlight<Created>();
  /** Fast-mode records being written, by sandbox id; reads of such an id wait for the write. */
  const pendingWrites = new Map<string, Promise<void>>();

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

  /** Runs a database write, trying `writeAttempts` times with growing pauses. */
  async function withRetries<T>(what: string, write: () => Promise<T>, retryable: (err: unknown) => boolean = () => true): Promise<T> {
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
  }

  async function readyTemplate(templateId: string): Promise<TemplateForSandbox & { readyBuildId: string }> {
    const t = await sandboxes.findTemplate(templateId);
    if (!t) throw new CubicleError("template_not_found", `template '${templateId}' not found`);
    if (t.status !== "ready" || t.readyBuildId === null) throw notReady(t);
    return t as TemplateForSandbox & { readyBuildId: string };
  }

  function record(t: TemplateForSandbox & { readyBuildId: string }, req: CreateSandboxRequest, mode: SandboxMode, digest: string | null) {
    const createTimestamp = clock();
    const startedAt = nanoToDate(createTimestamp);
    const timeoutSeconds = req.timeout ?? SANDBOX_TIMEOUT_S.default;
    const row: NewSandbox = {
      mode,
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
    return row;
  }

  const specFor = (id: string, t: TemplateForSandbox & { readyBuildId: string }, row: NewSandbox, req: CreateSandboxRequest): AgentSandboxSpec => ({
    sandboxId: id,
    templateId: t.id,
    buildId: t.readyBuildId,
    image: t.image,
    cpuCount: t.cpuCount,
    memoryMB: t.memoryMB,
    endAt: row.endAt,
    metadata: row.metadata,
    envVars: req.envVars ?? {},
  });

  const placedFields = (p: AgentSandbox) => ({ node: p.node, envdVersion: p.envdVersion, diskSizeMB: p.diskSizeMB });

  async function placeOnAgent(spec: AgentSandboxSpec): Promise<AgentSandbox> {
    try {
      return await agentCall("create", (signal) => agent.create(spec, signal));
    } catch (err) {
      // A create that timed out may still land on the node later.
      if (!(err instanceof AgentError) || /did not answer/.test(err.reason)) void discardAtAgent(spec.sandboxId, "its create timed out");
      throw agentFailure(err, "the node agent could not start the sandbox; nothing was created");
    }
  }

  /**
   * Fast: id first, then the agent, then the record, which the caller does not wait for.
   * With a requestId the caller does wait: the unique requestId in the database is what
   * decides between masters given the same request at once, and the loser must answer the
   * winner's sandbox, not its own.
   */
  async function createFast(t: TemplateForSandbox & { readyBuildId: string }, req: CreateSandboxRequest, digest: string | null) {
    const row = record(t, req, "fast", digest);
    const id = fastSandboxId(row.name, row.namespace, row.createTimestamp);
    const placed = await placeOnAgent(specFor(id, t, row, req));
    const full = { ...row, id, ...placedFields(placed) };
    const persisted = persistFast(full);
    if (row.requestId) {
      const written = await persisted;
      if (!written.ok) throw written.error;
    }
    counters.created("fast");
    return { sandbox: toSandboxView(asRecord(full), t.displayName), persisted: persisted.then(() => undefined) };
  }

  type WriteOutcome = { ok: true } | { ok: false; error: unknown };

  /** Writes a fast-mode record with retries; if it never lands, the sandbox is removed from its node. */
  function persistFast(row: NewSandbox & { id: string }): Promise<WriteOutcome> {
    const write = withRetries(`record sandbox ${row.id}`, () => sandboxes.insert(row), (err) => !(err instanceof RequestIdTakenError)).then(
      (): WriteOutcome => ({ ok: true }),
      async (error: unknown): Promise<WriteOutcome> => {
        const duplicate = error instanceof RequestIdTakenError;
        if (!duplicate) {
          counters.writeAbandoned();
          logger.error({ err: error, sandboxId: row.id }, "could not record a fast-mode sandbox; removing it from its node");
        }
        await discardAtAgent(row.id, duplicate ? "another master made the sandbox for this requestId" : "its record could not be written");
        return { ok: false, error };
      },
    );
    const tracked = write.finally(() => pendingWrites.delete(row.id));
    pendingWrites.set(row.id, tracked.then(() => undefined));
    return tracked;
  }

  /** Strong: the record first (its UUID is the id), then the agent; a failed placement rolls back. */
  async function createStrong(t: TemplateForSandbox & { readyBuildId: string }, req: CreateSandboxRequest, digest: string | null): Promise<SandboxView> {
    const row = record(t, req, "strong", digest);
    const inserted = await sandboxes.insert(row);
    let placed: AgentSandbox;
    try {
      placed = await placeOnAgent(specFor(inserted.id, t, row, req));
    } catch (err) {
      await rollBack(inserted.id);
      throw err;
    }
    try {
      const saved = await withRetries(`record placement of ${inserted.id}`, () => sandboxes.markPlaced(inserted.id, placedFields(placed)));
      counters.created("strong");
      return toSandboxView(saved, t.displayName);
    } catch (err) {
      await discardAtAgent(inserted.id, "its placement could not be recorded");
      await rollBack(inserted.id);
      throw err;
    }
  }

  async function rollBack(id: string): Promise<void> {
    try {
      await withRetries(`roll back sandbox ${id}`, () => sandboxes.delete(id));
    } catch (err) {
      // The reaper removes records that never got a node.
      logger.error({ err, sandboxId: id }, "could not roll back a sandbox record; it will be swept");
    }
  }

  /** A repeat of a create: the same request gets the same sandbox; a different one is refused. */
  function replay(prior: Created, digest: string, requestId: string): CreateResult {
    if (prior.digest !== digest) {
      throw new CubicleError("idempotency_conflict", `requestId '${shown(requestId)}' was already used for a different request; use a new requestId for a new sandbox`);
    }
    return { sandbox: prior.sandbox, replayed: true };
  }

  /**
   * Waits while another master's strong-mode create of this requestId is with its agent:
   * the record once placed, or null when that create was rolled back.
   */
  async function settled(record: Sandbox): Promise<Sandbox | null> {
    const deadline = Date.now() + deps.agentTimeoutMs + 1_000;
    let current: Sandbox | null = record;
    while (current && current.node === null) {
      if (Date.now() > deadline) {
        throw new CubicleError("idempotency_conflict", `a create with requestId '${shown(record.requestId ?? "")}' is still in progress; retry shortly`);
      }
      await sleep(20);
      current = await sandboxes.findByRequestId(record.requestId!);
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
        await agentCall("delete", (signal) => agent.delete(existing.id, signal));
      } catch (err) {
        throw agentFailure(err, `the node agent could not stop the ended sandbox '${existing.id}' that holds this requestId; try again`);
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

  async function place(req: CreateSandboxRequest, mode: SandboxMode, digest: string | null, again = false): Promise<{ created: Created; persisted: Promise<void> }> {
    const t = await readyTemplate(req.templateId);
    try {
      if (mode === "fast") {
        const { sandbox, persisted } = await createFast(t, req, digest);
        return { created: { sandbox, digest: digest ?? "" }, persisted };
      }
      return { created: { sandbox: await createStrong(t, req, digest), digest: digest ?? "" }, persisted: Promise.resolve() };
    } catch (err) {
      // Another master took this requestId between our check and our insert: its sandbox is the answer.
      if (err instanceof RequestIdTakenError) {
        const existing = await sandboxes.findByRequestId(err.requestId);
        const earlier = existing && (await fromRecord(existing));
        if (earlier) return { created: earlier, persisted: Promise.resolve() };
        // That create failed or ended meanwhile: the requestId is free again.
        if (!again) return place(req, mode, digest, true);
      }
      throw err;
    }
  }

  async function create(req: CreateSandboxRequest): Promise<CreateResult> {
    const mode = req.mode ?? "fast";
    if (!req.requestId) return { sandbox: (await place(req, mode, null)).created.sandbox, replayed: false };

    const requestId = req.requestId;
    const digest = requestDigest({
      templateId: req.templateId,
      mode,
      name: req.name ?? null,
      namespace: req.namespace ?? DEFAULT_NAMESPACE,
      timeout: req.timeout ?? SANDBOX_TIMEOUT_S.default,
      metadata: req.metadata ?? {},
      envVars: req.envVars ?? {},
    });
    const running = inFlight.get(requestId);
    if (running) {
      const prior = await running.catch(() => undefined);
      // The first attempt failed and created nothing: this one starts afresh.
      return prior ? replay(prior, digest, requestId) : create(req);
    }
    let persisted: Promise<void> = Promise.resolve();
    const attempt = inFlight.start(requestId, async () => {
      const existing = await sandboxes.findByRequestId(requestId);
      const earlier = existing && (await fromRecord(existing));
      if (earlier) return earlier;
      const placed = await place(req, mode, digest);
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
    return created.earlier ? replay(created, digest, requestId) : { sandbox: created.sandbox, replayed: false };
  }

  return {
    create,

    async list(q: ListSandboxesQuery & { limit: number }): Promise<SandboxPage> {
      const order = q.order ?? "desc";
      const rows = await sandboxes.list({
        limit: q.limit + 1,
        after: q.cursor ? decodeSandboxCursor(q.cursor) : undefined,
        order,
        templateId: q.templateId,
        metadata: q.metadata,
        startedAfter: q.startedAfter ? new Date(q.startedAfter) : undefined,
      });
      const page = rows.slice(0, q.limit);
      const names = await sandboxes.displayNames([...new Set(page.map((s) => s.templateId))]);
      const last = page[page.length - 1];
      return {
        sandboxes: page.map((s) => toSandboxView(s, names.get(s.templateId) ?? null)),
        nextCursor: rows.length > q.limit && last ? encodeSandboxCursor(last) : null,
      };
    },

    /** The sandbox, confirmed with its node; one its node no longer holds is removed. */
    async get(id: string): Promise<SandboxView> {
      await pendingWrites.get(id);
      const row = await sandboxes.findVisible(id);
      if (!row) throw notFound(id);
      let held: AgentSandbox | null | undefined;
      try {
        held = await agentCall("get", (signal) => agent.get(id, signal));
      } catch (err) {
        logger.warn({ err, sandboxId: id }, "node agent did not confirm the sandbox; answering from its record");
      }
      if (held === null) {
        await sandboxes.delete(id);
        logger.warn({ sandboxId: id }, "node no longer holds the sandbox; its record was removed");
        throw notFound(id);
      }
      const names = await sandboxes.displayNames([row.templateId]);
      return toSandboxView(row, names.get(row.templateId) ?? null);
    },

    /** Stops the sandbox at its node, then forgets it. */
    async remove(id: string): Promise<void> {
      await pendingWrites.get(id);
      const row = await sandboxes.findVisible(id);
      if (!row) throw notFound(id);
      try {
        await agentCall("delete", (signal) => agent.delete(id, signal));
      } catch (err) {
        throw agentFailure(err, `the node agent could not stop sandbox '${id}'; it is still running, try again`);
      }
      if (!(await sandboxes.delete(id))) throw notFound(id);
    },

    /** Waits for fast-mode records still being written (on shutdown). */
    async drain(): Promise<void> {
      await Promise.allSettled([...pendingWrites.values()]);
    },

    pendingWrites: () => pendingWrites.size,
  };
}

/** A record not yet read back from the database, shaped like one that was. */
function asRecord(row: NewSandbox & { id: string }): Sandbox {
  return { ...row, createdAt: row.startedAt } as Sandbox;
}

export type SandboxService = ReturnType<typeof createSandboxService>;
