import type { E2bListedSandbox, E2bSandbox, SandboxView } from "@cubicle/contracts";

/** The template's display name as E2B's `alias`, left out when the template has none. */
const alias = (s: SandboxView) => (s.displayName === null ? {} : { alias: s.displayName });

/** E2B's `Sandbox` (the answer to a create), plus the build it runs. */
export function toE2bSandbox(s: SandboxView): E2bSandbox {
  return { sandboxID: s.sandboxId, templateID: s.templateId, ...alias(s), clientID: s.node, envdVersion: s.envdVersion, buildID: s.buildId };
}

/** E2B's `ListedSandbox`; its `SandboxDetail` carries the same fields here. */
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
