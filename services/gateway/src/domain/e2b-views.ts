import type {
  BuildLogEntry,
  BuildStatus,
  BuildView,
  E2bBuildLogEntry,
  E2bCreateTemplateResponse,
  E2bBuildStatus,
  E2bBuildStatusResponse,
  E2bTemplate,
  E2bTemplateWithBuilds,
  TemplateStatus,
  TemplateView,
  TemplateWithBuildsView,
  SubmittedBuild,
} from "@cubicle/contracts";
import { atLevel, type LogLevel } from "./log-windows.js";

/** Master's words for a build's (or a template's) state, in E2B's: `failed` is an `error`. */
export function e2bStatus(status: BuildStatus | TemplateStatus): E2bBuildStatus {
  return status === "failed" ? "error" : status;
}

export const namesOf = (displayName: string | null): string[] => (displayName === null ? [] : [displayName]);

export function toE2bTemplate(t: TemplateView): E2bTemplate {
  const names = namesOf(t.displayName);
  return {
    templateID: t.templateId,
    // The build a sandbox starts from (the ready one, else the latest) and that build's
    // status, never another build's: a failed rebuild leaves `ready` beside the ready build.
    buildID: t.readyBuildId ?? t.latestBuildId,
    names,
    aliases: names,
    buildStatus: t.readyBuildId !== null ? "ready" : e2bStatus(t.latestBuildStatus ?? t.status),
    cpuCount: t.cpuCount,
    memoryMB: t.memoryMB,
    public: t.public,
    buildCount: t.buildCount,
    diskSizeMB: t.diskSizeMB,
    envdVersion: t.envdVersion,
    spawnCount: t.spawnCount,
    lastSpawnedAt: t.lastSpawnedAt,
    createdBy: null,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  };
}

/** The answer to a create or a rebuild: the template and the build just submitted. */
export function toE2bSubmitted(templateId: string, displayName: string | null, b: SubmittedBuild): E2bCreateTemplateResponse {
  const names = namesOf(displayName);
  return {
    templateID: templateId,
    buildID: b.buildId,
    names,
    aliases: names,
    buildStatus: e2bStatus(b.buildStatus),
    cpuCount: b.cpuCount,
    memoryMB: b.memoryMB,
    public: false,
  };
}

export function toE2bTemplateWithBuilds(t: TemplateWithBuildsView): E2bTemplateWithBuilds {
  return {
    ...toE2bTemplate(t),
    builds: t.builds.map((b) => ({
      buildID: b.buildId,
      status: e2bStatus(b.status),
      createdAt: b.createdAt,
      updatedAt: b.updatedAt,
      ...(b.finishedAt !== null && { finishedAt: b.finishedAt }),
      cpuCount: b.cpuCount,
      memoryMB: b.memoryMB,
      ...(b.diskSizeMB !== null && { diskSizeMB: b.diskSizeMB }),
      ...(b.envdVersion !== null && { envdVersion: b.envdVersion }),
    })),
  };
}

export const toE2bBuildLogEntry = (e: BuildLogEntry): E2bBuildLogEntry => ({
  timestamp: e.timestamp,
  level: e.level,
  message: e.message,
  ...(e.step !== undefined && { step: e.step }),
});

/**
 * A build's status with a window of its log: entries from `offset`, at most `limit`, at
 * `level` or above. E2B's clients page with `logsOffset` until an empty page, so the window
 * must be exact.
 */
export function toE2bBuildStatus(b: BuildView, window: { offset: number; limit: number; level?: LogLevel }): E2bBuildStatusResponse {
  const entries: E2bBuildLogEntry[] = b.logs
    .filter(atLevel(window.level))
    .slice(window.offset, window.offset + window.limit)
    .map(toE2bBuildLogEntry);
  const status = e2bStatus(b.status);
  const body: E2bBuildStatusResponse = {
    templateID: b.templateId,
    buildID: b.buildId,
    status,
    logs: entries.map((e) => e.message),
    logEntries: entries,
  };
  // The step it failed in: E2B's SDK maps a spec build's (`base`, `1`, `2`, …, `finalize`) to the
  // line that declared it; a Cubicle build's is its phase (`pulling`, `building`, …), which the
  // console and the CLI mark as failed (E2B's SDK never follows those builds).
  if (status === "error") body.reason = { message: b.reason ?? "the build failed", ...(b.phase !== null && { step: b.phase }) };
  return body;
}
