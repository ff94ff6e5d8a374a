import { once } from "node:events";
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import type { Logger } from "pino";
import type { MasterConfig } from "./config.js";
import { openDatabase } from "./data-access/prisma.js";
import { createTemplateRepository } from "./data-access/template-repository.js";
import { createBuildRepository } from "./data-access/build-repository.js";
import { createSandboxRepository } from "./data-access/sandbox-repository.js";
import { createHotQueries, type LookupRow } from "./data-access/hot-queries.js";
import { createTeamRepository } from "./data-access/team-repository.js";
import { createReadinessCheck, expectedMigrations } from "./data-access/health.js";
import { createNameCache } from "./domain/name-cache.js";
import { localNameInvalidation } from "./domain/name-invalidation.js";
import { listenForNameChanges, type NameNotifications } from "./data-access/name-notifications.js";
import { createTemplateService } from "./domain/template-service.js";
import { createSimulatedBuilder } from "./domain/simulated-builder.js";
import type { Builder } from "./domain/builder.js";
import { BuildRunner } from "./domain/build-runner.js";
import { createNodeRepository } from "./data-access/node-repository.js";
import { createNodeAgents } from "./data-access/node-agents.js";
import { createNodeDirectory, type NodeDirectory } from "./domain/node-directory.js";
import { createNodeReconciler } from "./domain/node-reconciler.js";
import { createNodeService } from "./domain/node-service.js";
import { createSandboxService } from "./domain/sandbox-service.js";
import { createTeamService } from "./domain/team-service.js";
import { createSandboxReaper } from "./domain/sandbox-reaper.js";
import { createUnixNanoClock } from "./domain/sandbox-id.js";
import { createMetrics } from "./libraries/metrics.js";
import { createDrain, createLogger, gracefulStop, answerMalformedRequests } from "@cubicle/service-kit";
import { createApp } from "./entry-points/http/app.js";
import type { TemplateBuildRouteDeps } from "./entry-points/http/routes/template-builds.js";
import { createDirectoryUploadStore, type UploadStore } from "./data-access/upload-store.js";
import { createUploadLinkRepository } from "./data-access/upload-links.js";
import { createSpecBuildRepository } from "./data-access/spec-builds.js";
import { createTagRepository } from "./data-access/tag-repository.js";
import { checkReadableArchive, createFileSets } from "./domain/file-sets.js";
import { createTemplateBuilds } from "./domain/template-builds.js";
import { createTemplateTags } from "./domain/template-tags.js";
import { createUploads } from "./domain/uploads.js";

export interface MasterHandle {
  url: string;
  /** The node agents as this master sees them. */
  nodes: NodeDirectory;
  server: Server;
  runner: BuildRunner;
  logger: Logger;
  close(): Promise<void>;
}

/**
 * Removes uploaded file sets nobody used for `retentionMs`, checking every half of that (at
 * most hourly). Every master may do it: removing a removed file is nothing.
 */
function pruneUploads(store: UploadStore, retentionMs: number, logger: Logger): NodeJS.Timeout {
  return setInterval(
    () =>
      void store
        .prune(retentionMs)
        .then((removed) => removed > 0 && logger.info({ removed }, "removed file sets unused for UPLOAD_RETENTION_MS"))
        .catch((err) => logger.warn({ err }, "could not prune uploaded file sets; will retry")),
    Math.max(1_000, Math.min(retentionMs / 2, 3_600_000)),
  ).unref();
}

/** The composition root: builds every part of master from its configuration and starts it. */
export async function startMaster(config: MasterConfig, overrides: { builder?: Builder; logger?: Logger } = {}): Promise<MasterHandle> {
  const logger = overrides.logger ?? createLogger(config.LOG_LEVEL, "master");
  const db = openDatabase(config.DATABASE_URL, config.DB_POOL_MAX, config.DB_STATEMENT_TIMEOUT_MS);
  // Loads Prisma's query compiler now rather than on the first request.
  await db.prisma.$connect();
  const hot = createHotQueries(db.pool, { prepared: config.DB_PREPARED_STATEMENTS });
  const templates = createTemplateRepository(db.prisma, hot);
  const builds = createBuildRepository(db.prisma);
  const teamRecords = createTeamRepository(db.prisma, db.pool);
  const teams = createTeamService({
    teams: teamRecords,
    defaults: { maxSandboxes: config.TEAM_MAX_SANDBOXES, maxTemplates: config.TEAM_MAX_TEMPLATES },
  });

  // The cache sizes are read only when /metrics is scraped, after `names` exists.
  const metrics = createMetrics(
    () => names.sizes(),
    () => sandboxes.pendingWrites(),
  );
  // Keyed by team and name key (`nameCacheKey`): names are unique within a team.
  const names = createNameCache<LookupRow>({
    load: (key) => {
      const at = key.indexOf(":");
      return templates.findByNameKey(key.slice(0, at), key.slice(at + 1));
    },
    ttlMs: config.NAME_CACHE_TTL_MS,
    max: config.NAME_CACHE_MAX,
    negativeTtlMs: config.NAME_CACHE_NEGATIVE_TTL_MS,
    negativeMax: config.NAME_CACHE_NEGATIVE_MAX,
    counters: metrics.nameCache,
  });
  // This master's own writes drop its entries at once; every master (this one too) drops
  // them again when the database's notification arrives.
  const invalidation = localNameInvalidation(names);
  let notifications: NameNotifications | undefined;
  if (config.DB_LISTEN) {
    names.bypass();
    notifications = listenForNameChanges({
      url: config.DATABASE_URL,
      logger: logger.child({ component: "name-notifications" }),
      changed: (keys) => names.invalidate(keys),
      lost: () => names.bypass(),
      listening: () => names.resume(),
    });
    await notifications.ready;
  }

  // File sets uploaded for builds: every master reads and writes the same directory.
  const uploadStore = createDirectoryUploadStore(config.UPLOAD_DIR);
  const runner = new BuildRunner({
    builds,
    builder: overrides.builder ?? createSimulatedBuilder({ phaseDelayMs: config.BUILD_PHASE_DELAY_MS, fileSets: createFileSets(uploadStore) }),
    runnerId: `master-${randomUUID()}`,
    leaseMs: config.BUILD_LEASE_MS,
    sweepMs: config.BUILD_SWEEP_MS,
    concurrency: config.BUILD_CONCURRENCY,
    maxAttempts: config.BUILD_MAX_ATTEMPTS,
    specWaitMs: config.BUILD_SPEC_WAIT_MS,
    logger: logger.child({ component: "build-runner" }),
    onFinished: (result) => invalidation.namesChanged(result.teamId, [result.nameKey]),
    counters: metrics.builds,
  });

  const service = createTemplateService({
    templates,
    names,
    invalidation,
    startBuild: (id) => runner.submit(id),
    teamIdOfSlug: (slug) => teams.idOfSlug(slug),
    defaultMaxTemplates: config.TEAM_MAX_TEMPLATES,
  });
  const templateBuilds: TemplateBuildRouteDeps = {
    builds: createTemplateBuilds({
      templates,
      specBuilds: createSpecBuildRepository(db.prisma),
      invalidation,
      startBuild: (id) => runner.submit(id),
      lookup: (team, ref, fresh) => service.lookup(team, ref, fresh),
      defaultMaxTemplates: config.TEAM_MAX_TEMPLATES,
    }),
    tags: createTemplateTags({ templates, tags: createTagRepository(db.prisma), invalidation }),
    uploads: createUploads({
      templates,
      links: createUploadLinkRepository(db.prisma),
      store: uploadStore,
      readableArchive: checkReadableArchive,
      maxBytes: config.UPLOAD_MAX_BYTES,
      linkTtlMs: config.UPLOAD_LINK_TTL_MS,
    }),
  };
  const sandboxRecords = createSandboxRepository(db.prisma, db.pool, hot);
  const nodeRecords = createNodeRepository(db.pool, { downAfterMs: config.NODE_DOWN_AFTER_MS });
  const nodes = createNodeDirectory({ list: () => nodeRecords.list(), refreshMs: config.NODE_REFRESH_MS, forgetAfterMs: config.NODE_FORGET_AFTER_MS, logger: logger.child({ component: "nodes" }) });
  await nodes.refresh();
  const agents = createNodeAgents({ address: nodes.address, token: config.AGENT_TOKEN, connectTimeoutMs: Math.min(1_000, config.SANDBOX_AGENT_TIMEOUT_MS) });
  const sandboxes = createSandboxService({
    sandboxes: sandboxRecords,
    agents,
    nodes,
    clock: createUnixNanoClock(),
    agentTimeoutMs: config.SANDBOX_AGENT_TIMEOUT_MS,
    writeAttempts: config.SANDBOX_WRITE_ATTEMPTS,
    writeRetryDelayMs: config.SANDBOX_WRITE_RETRY_MS,
    defaultMaxSandboxes: config.TEAM_MAX_SANDBOXES,
    maxTimeoutS: config.SANDBOX_MAX_TIMEOUT_S,
    pausedRetentionS: config.SANDBOX_PAUSED_RETENTION_S,
    logger: logger.child({ component: "sandboxes" }),
    counters: metrics.sandboxes,
  });
  const reaper = createSandboxReaper({
    sandboxes: sandboxRecords,
    agents,
    nodes,
    agentTimeoutMs: config.SANDBOX_AGENT_TIMEOUT_MS,
    sweepMs: config.SANDBOX_SWEEP_MS,
    abandonAfterMs: config.SANDBOX_AGENT_TIMEOUT_MS + 30_000,
    pausedRetentionS: config.SANDBOX_PAUSED_RETENTION_S,
    endedLogsMs: config.SANDBOX_ENDED_LOGS_MS,
    // No create can still hold a slot it took this long ago (its agent call and record
    // writes are over), so counters of teams quiet that long are set to their records.
    reconcileSlots: () => teamRecords.reconcileSlots(2 * config.SANDBOX_AGENT_TIMEOUT_MS + 30_000),
    claimReconciliations: () => nodeRecords.claimReconciliations(config.NODE_RECONCILE_MS),
    reconcileAgain: (node) => nodeRecords.reconcileAgain(node),
    reconcile: createNodeReconciler({
      sandboxes: sandboxRecords,
      agents,
      agentTimeoutMs: config.SANDBOX_AGENT_TIMEOUT_MS,
      graceMs: config.NODE_ORPHAN_GRACE_MS,
      logger: logger.child({ component: "node-reconciler" }),
    }),
    logger: logger.child({ component: "sandbox-reaper" }),
    onRemoved: metrics.sandboxes.expired,
  });
  const drain = createDrain(config.MASTER_DRAIN_MS);
  const pruner = config.UPLOAD_RETENTION_MS > 0 ? pruneUploads(uploadStore, config.UPLOAD_RETENTION_MS, logger.child({ component: "uploads" })) : undefined;

  const app = createApp({
    logger,
    token: config.MASTER_TOKEN,
    templates: service,
    templateBuilds,
    sandboxes,
    teams,
    nodes: createNodeService(nodeRecords),
    drain,
    readiness: createReadinessCheck(db.prisma, expectedMigrations(config.MIGRATIONS_DIR)),
    registry: metrics.registry,
    onCallerLeft: metrics.writes.callerLeft,
  });

  const server = app.listen(config.MASTER_PORT, config.MASTER_HOST);
  // Node's default (5 min) would cut a large upload short; other bodies are small (64 KiB).
  server.requestTimeout = config.REQUEST_TIMEOUT_MS;
  const stopServer = gracefulStop(server);
  answerMalformedRequests(server);
  await once(server, "listening");
  server.keepAliveTimeout = 65_000;
  runner.start();
  reaper.start();
  nodes.start();
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.MASTER_HOST === "0.0.0.0" ? "127.0.0.1" : config.MASTER_HOST}:${port}`;
  logger.info({ url, node: process.version, token: config.MASTER_TOKEN ? "required" : "off" }, "master listening");

  let closing: Promise<void> | undefined;
  return {
    url,
    nodes,
    server,
    runner,
    logger,
    close() {
      closing ??= (async () => {
        // Readiness fails first; callers' probes see it and stop sending before the server stops.
        await drain.begin();
        const closed = stopServer();
        await runner.stop();
        await reaper.stop();
        await closed;
        await sandboxes.drain();
        nodes.stop();
        if (pruner) clearInterval(pruner);
        await agents.close();
        await notifications?.close();
        await db.close();
      })();
      return closing;
    },
  };
}
