import type { Logger } from "pino";
import { ROOT_CONTEXT, SpanStatusCode, context, trace } from "@opentelemetry/api";
import type { BuildLogEntry } from "@cubicle/contracts";
import type { BuildOutcome, BuildRepository, ClaimedBuild, FinishedBuild } from "../data-access/build-repository.js";
import { BuildFailedError, type BuildArtifact, type Builder, type BuildProgress } from "./builder.js";

export interface BuildRunnerOptions {
  builds: BuildRepository;
  builder: Builder;
  /** Unique per master process: the lease holder's name. */
  runnerId: string;
  leaseMs: number;
  sweepMs: number;
  concurrency: number;
  maxAttempts: number;
  /** An E2B build that waited this long for its spec is failed (its client went away), freeing a name no build will use. */
  specWaitMs: number;
  logger: Logger;
  /** Called after a build finished and changed its template. */
  onFinished(result: FinishedBuild): void;
  counters?: { finished(status: "ready" | "failed"): void };
}

class LeaseLostError extends Error {}

/** No-op unless tracing is on (see packages/telemetry). */
const tracer = trace.getTracer("cubicle-master");

const entry = (level: BuildLogEntry["level"], message: string, step?: string | null): BuildLogEntry => ({
  timestamp: new Date().toISOString(),
  level,
  message,
  ...(step && { step }),
});

/**
 * Runs builds under a lease held in the database. A build is run by one master at a time;
 * the lease is renewed while it runs; a master that stops hands its builds back, and one
 * that crashes loses them when the lease expires. Every master sweeps for unowned builds
 * at start and then periodically, so no build is left `building` for good: it is resumed
 * from its recorded phase, or failed once it has been interrupted `maxAttempts` times.
 */
export class BuildRunner {
  private readonly active = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private timers: NodeJS.Timeout[] = [];
  private stopping = false;
  private sweeping: Promise<void> | undefined;

  constructor(private readonly o: BuildRunnerOptions) {}

  start(): void {
    this.stopping = false;
    this.sweep();
    this.timers.push(setInterval(() => this.sweep(), this.o.sweepMs).unref());
    this.timers.push(setInterval(() => void this.renew(), Math.max(100, Math.floor(this.o.leaseMs / 3))).unref());
  }

  /** Starts a build now if there is room; otherwise a later sweep picks it up. */
  submit(buildId: string): void {
    if (this.stopping || this.active.has(buildId) || this.active.size >= this.o.concurrency) return;
    this.track(buildId);
  }

  /** Stops running builds and hands them back to the database for whoever starts next. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    for (const { controller } of this.active.values()) controller.abort();
    await Promise.allSettled([...this.active.values()].map((a) => a.done));
    await this.sweeping;
    await this.o.builds.releaseLeases(this.o.runnerId).catch((err) => this.o.logger.warn({ err }, "could not release build leases"));
  }

  /** Looks for builds nobody runs. Exposed so tests and start-up can trigger it. */
  sweep(): Promise<void> {
    if (this.stopping) return Promise.resolve();
    // Outside any request's trace: a sweep is the runner's own work.
    this.sweeping ??= context.with(ROOT_CONTEXT, async () => {
      try {
        await this.failUnstarted().catch((err) => this.o.logger.warn({ err }, "could not fail builds that were never started; will retry"));
        const room = this.o.concurrency - this.active.size;
        if (room <= 0) return;
        const ids = await this.o.builds.findClaimable(room);
        for (const id of ids) this.submit(id);
      } catch (err) {
        this.o.logger.warn({ err }, "build sweep failed; will retry");
      } finally {
        this.sweeping = undefined;
      }
    });
    return this.sweeping;
  }

  /**
   * Runs a build as a trace of its own (a build outlives the request that submitted it, and
   * may be resumed by another master), not inside the submitting request's trace.
   */
  private traced(buildId: string, signal: AbortSignal): Promise<void> {
    return context.with(ROOT_CONTEXT, () =>
      tracer.startActiveSpan("build", { attributes: { "cubicle.build.id": buildId, "cubicle.runner.id": this.o.runnerId } }, (span) =>
        this.run(buildId, signal)
          .catch((err) => {
            span.recordException(err as Error);
            span.setStatus({ code: SpanStatusCode.ERROR });
            this.o.logger.error({ err, buildId }, "build runner error");
          })
          .finally(() => span.end()),
      ),
    );
  }

  private async failUnstarted(): Promise<void> {
    const minutes = Math.round(this.o.specWaitMs / 60_000);
    const waited = minutes >= 1 ? `${minutes} min` : `${Math.round(this.o.specWaitMs / 1000)} s`;
    for (const id of await this.o.builds.findUnstarted(this.o.specWaitMs, 100)) {
      const result = await this.o.builds.failUnstarted(id, entry("error", `build failed: never started: its spec did not arrive within ${waited}`));
      if (result) {
        this.o.counters?.finished("failed");
        this.o.onFinished(result);
      }
    }
  }

  private track(buildId: string): void {
    const controller = new AbortController();
    const done = this.traced(buildId, controller.signal)
      .finally(() => {
        this.active.delete(buildId);
        if (!this.stopping) void this.sweep();
      });
    this.active.set(buildId, { controller, done });
  }

  private async renew(): Promise<void> {
    const ids = [...this.active.keys()];
    if (ids.length === 0) return;
    try {
      const held = await this.o.builds.renew(this.o.runnerId, ids, this.o.leaseMs);
      for (const id of ids) {
        if (!held.has(id)) this.active.get(id)?.controller.abort(new LeaseLostError(`lease on build ${id} lost`));
      }
    } catch (err) {
      this.o.logger.warn({ err }, "could not renew build leases");
    }
  }

  private async run(buildId: string, signal: AbortSignal): Promise<void> {
    const { builds, runnerId, leaseMs, logger } = this.o;
    const claimed = await builds.claim(buildId, runnerId, leaseMs);
    if (!claimed) return;
    const log = logger.child({ buildId, templateId: claimed.templateId, attempt: claimed.attempts });

    if (claimed.attempts > this.o.maxAttempts) {
      const times = claimed.attempts - 1;
      await this.finish(claimed, { status: "failed", reason: `the build was interrupted ${times} ${times === 1 ? "time" : "times"} and was given up` }, log);
      return;
    }
    if (claimed.attempts > 1) log.info({ phase: claimed.phase }, "resuming interrupted build");

    // Progress that cannot be recorded (the lease is gone, or the database is out of reach)
    // hands the build back: it is not the build's fault, and whoever holds it next resumes it.
    const recorded = async (write: Promise<boolean>) => {
      let held: boolean;
      try {
        held = await write;
      } catch (err) {
        throw new LeaseLostError("could not record the build's progress", { cause: err });
      }
      if (!held) throw new LeaseLostError();
    };
    // Each log line names the phase it was written in (E2B's `step`).
    let step = claimed.phase;
    const progress: BuildProgress = {
      phase: (name, message) => {
        step = name;
        return recorded(builds.recordPhase(buildId, runnerId, name, entry("info", message, name)));
      },
      log: (message) => recorded(builds.appendLog(buildId, runnerId, entry("info", message, step))),
    };
    let artifact: BuildArtifact;
    try {
      artifact = await this.o.builder.build(
        {
          buildId,
          templateId: claimed.templateId,
          teamId: claimed.teamId,
          image: claimed.image,
          cpuCount: claimed.cpuCount,
          memoryMB: claimed.memoryMB,
          resumeFrom: claimed.phase,
          spec: claimed.spec,
        },
        progress,
        signal,
      );
    } catch (err) {
      if (err instanceof BuildFailedError) {
        await this.finish(claimed, { status: "failed", reason: err.reason }, log, step);
      } else if (signal.aborted || err instanceof LeaseLostError) {
        // Stopped, deleted, taken over or unrecordable: whoever holds the build next carries on.
        log.info({ err: err instanceof LeaseLostError && err.cause ? err.cause : undefined }, "build handed back before it finished");
      } else {
        log.error({ err }, "builder error");
        await this.finish(claimed, { status: "failed", reason: "the builder hit an internal error" }, log, step);
      }
      return;
    }
    await this.finish(claimed, { status: "ready", artifact }, log, step);
  }

  private async finish(claimed: ClaimedBuild, outcome: BuildOutcome, log: Logger, step?: string | null): Promise<void> {
    const message = outcome.status === "ready" ? "build finished: template is ready" : `build failed: ${outcome.reason}`;
    const result = await this.o.builds.finish(claimed.buildId, this.o.runnerId, outcome, entry(outcome.status === "ready" ? "info" : "error", message, step));
    if (!result) return;
    this.o.counters?.finished(outcome.status);
    log.info({ status: outcome.status, nameReleased: result.nameReleased }, message);
    this.o.onFinished(result);
  }
}
