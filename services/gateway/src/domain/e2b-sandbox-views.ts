import type { AgentSandboxMetrics, E2bListedSandbox, E2bSandbox, E2bSandboxDetail, E2bSandboxMetric, SandboxView } from "@cubicle/contracts";

/** The template's display name as E2B's `alias`, left out when the template has none. */
const alias = (s: SandboxView) => (s.displayName === null ? {} : { alias: s.displayName });

/**
 * E2B's `Sandbox` (the answer to a create, a connect and a resume), plus the build it runs.
 * `domain` is where E2B's SDK sends the sandbox's envd traffic (`https://49983-<id>.<domain>`):
 * the gateway's own SANDBOX_DOMAIN, so it never goes to E2B's hosts.
 */
export function toE2bSandbox(s: SandboxView, domain: string): E2bSandbox {
  return { sandboxID: s.sandboxId, templateID: s.templateId, ...alias(s), clientID: s.node, envdVersion: s.envdVersion, buildID: s.buildId, domain };
}

/** E2B's `ListedSandbox`. */
export function toE2bListedSandbox(s: SandboxView): E2bListedSandbox {
  return {
    sandboxID: s.sandboxId,
    templateID: s.templateId,
    ...alias(s),
    clientID: s.node,
    startedAt: s.startedAt,
    endAt: s.endAt,
    cpuCount: s.cpuCount,
    memoryMB: s.memoryMB,
    diskSizeMB: s.diskSizeMB,
    metadata: s.metadata,
    state: s.state,
    envdVersion: s.envdVersion,
  };
}

/** E2B's `SandboxDetail`: the listed fields, its domain, and what happens at its end time (it never resumes by itself). */
export function toE2bSandboxDetail(s: SandboxView, domain: string): E2bSandboxDetail {
  return { ...toE2bListedSandbox(s), domain, lifecycle: { autoResume: false, onTimeout: s.onTimeout } };
}

const MIB = 1024 * 1024;

/** E2B's `SandboxMetric` from the node's sample: MiB as bytes; a simulated sandbox has no page cache. */
export function toE2bMetric(m: AgentSandboxMetrics): E2bSandboxMetric {
  return {
    timestamp: m.timestamp,
    timestampUnix: Math.floor(Date.parse(m.timestamp) / 1000),
    cpuCount: m.cpuCount,
    cpuUsedPct: m.cpuUsedPct,
    memUsed: m.memUsedMiB * MIB,
    memTotal: m.memTotalMiB * MIB,
    memCache: 0,
    diskUsed: m.diskUsedMiB * MIB,
    diskTotal: m.diskTotalMiB * MIB,
  };
}

/**
 * The samples of `[start, end]` (Unix seconds, each bound optional): the node keeps no
 * history, only its sample of now, so that one when it falls inside, else none.
 */
export function metricsInWindow(m: AgentSandboxMetrics, window: { start?: number; end?: number }): E2bSandboxMetric[] {
  const metric = toE2bMetric(m);
  const inside = (window.start === undefined || metric.timestampUnix >= window.start) && (window.end === undefined || metric.timestampUnix <= window.end);
  return inside ? [metric] : [];
}
