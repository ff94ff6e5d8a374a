import type { BuildLogEntry, BuildView, SandboxState, SandboxView, SubmittedBuild, TemplateView } from "@cubicle/contracts";
import type { Build, Sandbox } from "../generated/prisma/client.js";
import type { TemplateWithLatest } from "../data-access/template-repository.js";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toTemplateView(t: TemplateWithLatest): TemplateView {
  return {
    templateId: t.id,
    displayName: t.displayName,
    public: t.public,
    image: t.image,
    cpuCount: t.cpuCount,
    memoryMB: t.memoryMB,
    status: t.status,
    latestBuildId: t.latestBuildId,
    latestBuildStatus: t.latestBuildStatus,
    buildCount: t.buildCount,
    readyBuildId: t.readyBuildId,
    diskSizeMB: t.diskSizeMB,
    envdVersion: t.envdVersion,
    spawnCount: Number(t.spawnCount),
    lastSpawnedAt: iso(t.lastSpawnedAt),
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

export function toBuildView(b: Build): BuildView {
  return {
    buildId: b.id,
    templateId: b.templateId,
    status: b.status,
    image: b.image,
    cpuCount: b.cpuCount,
    memoryMB: b.memoryMB,
    phase: b.phase,
    reason: b.reason,
    logs: (Array.isArray(b.logs) ? b.logs : []) as unknown as BuildLogEntry[],
    createdAt: b.createdAt.toISOString(),
    updatedAt: b.updatedAt.toISOString(),
    startedAt: iso(b.startedAt),
    finishedAt: iso(b.finishedAt),
    diskSizeMB: b.diskSizeMB,
    envdVersion: b.envdVersion,
  };
}

export function submitted(b: Build): SubmittedBuild {
  return { buildId: b.id, buildStatus: b.status, image: b.image, cpuCount: b.cpuCount, memoryMB: b.memoryMB };
}

/**
 * A sandbox record as master's API shows it, with its template's display name; its state is
 * the record's unless its node's word says otherwise (`unknown` while the node is down).
 */
export function toSandboxView(s: Sandbox, displayName: string | null, state: SandboxState = s.state): SandboxView {
  return {
    sandboxId: s.id,
    templateId: s.templateId,
    buildId: s.buildId,
    displayName,
    mode: s.mode,
    name: s.name,
    namespace: s.namespace,
    createTimestamp: s.createTimestamp.toString(),
    startedAt: s.startedAt.toISOString(),
    endAt: s.endAt.toISOString(),
    timeout: s.timeoutSeconds,
    cpuCount: s.cpuCount,
    memoryMB: s.memoryMB,
    diskSizeMB: s.diskSizeMB,
    metadata: s.metadata as Record<string, string>,
    state,
    onTimeout: s.onTimeout,
    pausedAt: iso(s.pausedAt),
    node: s.node ?? "",
    envdVersion: s.envdVersion ?? "",
  };
}
