import {
  CubicleError,
  SANDBOX_MODES,
  createValidator,
  sandboxMetadata,
  type GatewayCreateSandboxRequest,
  type GatewayResumeSandboxRequest,
  type SandboxMode,
  type SandboxOnTimeout,
} from "@cubicle/contracts";

/** 400 naming each E2B option asked for that Cubicle does not offer (each "name (why)"). */
function refuse(unsupported: string[]): void {
  if (unsupported.length === 0) return;
  throw new CubicleError("invalid_request", `not supported by this API: ${unsupported.join(", ")}; leave ${unsupported.length > 1 ? "them" : "it"} out`, {
    in: "body",
    unsupported: unsupported.map((u) => u.split(/[: ]/)[0]),
  });
}

/**
 * E2B options Cubicle does not offer are accepted only at their "off" values (what E2B's
 * SDK sends by default), so a request never silently loses what it asked for. `autoPause`
 * is offered (a full pause: `autoPauseMemory` true or left out).
 */
export function refuseUnsupportedOptions(body: GatewayCreateSandboxRequest): void {
  const unsupported: string[] = [];
  if (body.autoPause === true && body.autoPauseMemory === false) unsupported.push("autoPauseMemory: false (a filesystem-only pause)");
  if (body.autoResume && body.autoResume.enabled !== false) unsupported.push("autoResume");
  if (body.mcp !== undefined && body.mcp !== null) unsupported.push("mcp");
  if (body.network && Object.keys(body.network).length > 0) unsupported.push("network");
  if (body.iam && Object.keys(body.iam).length > 0) unsupported.push("iam");
  if (body.volumeMounts && body.volumeMounts.length > 0) unsupported.push("volumeMounts");
  refuse(unsupported);
}

/** E2B's `autoPause` as master's `onTimeout`. */
export const onTimeoutOf = (body: GatewayCreateSandboxRequest): SandboxOnTimeout => (body.autoPause === true ? "pause" : "kill");

/** Pause, connect and resume: only a full pause and resume (memory included) is offered. */
export function refuseMemoryless(body: { memory?: boolean }): void {
  refuse(body.memory === false ? ["memory: false (a filesystem-only pause or resume)"] : []);
}

/** E2B's deprecated resume: besides `memory`, its `autoPause` would change what the sandbox does at its end time, which stays as created. */
export function refuseResumeOptions(body: GatewayResumeSandboxRequest): void {
  refuse([
    ...(body.autoPause !== undefined ? ["autoPause (a sandbox keeps the onTimeout it was created with)"] : []),
    ...(body.memory === false ? ["memory: false (a filesystem-only resume)"] : []),
  ]);
}

export const SANDBOX_MODE_HEADER = "x-cubicle-sandbox-mode";

/** The id mode for a create: the `X-Cubicle-Sandbox-Mode` header when given, else the gateway's default. */
export function sandboxMode(header: string | string[] | undefined, fallback: SandboxMode): SandboxMode {
  if (header === undefined) return fallback;
  const value = (Array.isArray(header) ? header.join(",") : header).trim().toLowerCase();
  if ((SANDBOX_MODES as readonly string[]).includes(value)) return value as SandboxMode;
  throw new CubicleError("invalid_request", `header X-Cubicle-Sandbox-Mode must be one of ${SANDBOX_MODES.map((m) => `'${m}'`).join(", ")}`, { in: "headers" });
}

const metadataFilter = createValidator<{ metadata: Record<string, string> }>(
  { type: "object", required: ["metadata"], properties: { metadata: sandboxMetadata } },
  "query",
);

/**
 * E2B's metadata filter: `key=value` pairs joined by '&', URL-encoded, with each key and
 * value URL-encoded once more (as E2B's SDK sends them). The pairs are checked like
 * metadata itself (sizes, and nothing the database cannot compare), and a key given twice
 * is refused rather than silently keeping one of its values.
 */
export function parseMetadataFilter(text: string | undefined): Record<string, string> | undefined {
  if (text === undefined || text === "") return undefined;
  const pairs: [string, string][] = [];
  try {
    for (const [key, value] of new URLSearchParams(text)) pairs.push([decodeURIComponent(key), decodeURIComponent(value)]);
  } catch {
    throw new CubicleError("invalid_request", "query.metadata must be URL-encoded key=value pairs joined by '&'", { in: "query" });
  }
  // Own properties only: a key such as `__proto__` stays a key (and is then refused).
  const filter: Record<string, string> = Object.fromEntries(pairs);
  if (Object.keys(filter).length !== pairs.length) throw new CubicleError("invalid_request", "query.metadata names a key more than once", { in: "query" });
  return metadataFilter({ metadata: filter }).metadata;
}
