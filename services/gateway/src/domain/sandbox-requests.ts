import { CubicleError, SANDBOX_MODES, type GatewayCreateSandboxRequest, type SandboxMode } from "@cubicle/contracts";

/**
 * E2B options Cubicle does not offer are accepted only at their "off" values (what E2B's
 * SDK sends by default), so a request never silently loses what it asked for.
 */
export function refuseUnsupportedOptions(body: GatewayCreateSandboxRequest): void {
  const unsupported: string[] = [];
  if (body.autoPause === true) unsupported.push("autoPause (sandboxes cannot be paused)");
  if (body.autoResume && body.autoResume.enabled !== false) unsupported.push("autoResume");
  if (body.mcp !== undefined && body.mcp !== null) unsupported.push("mcp");
  if (body.network && Object.keys(body.network).length > 0) unsupported.push("network");
  if (body.iam && Object.keys(body.iam).length > 0) unsupported.push("iam");
  if (body.volumeMounts && body.volumeMounts.length > 0) unsupported.push("volumeMounts");
  if (unsupported.length > 0) {
    throw new CubicleError("invalid_request", `not supported by this API: ${unsupported.join(", ")}; leave ${unsupported.length > 1 ? "them" : "it"} out`, {
      in: "body",
      unsupported: unsupported.map((u) => u.split(" ")[0]),
    });
  }
}

export const SANDBOX_MODE_HEADER = "x-cubicle-sandbox-mode";

/** The id mode for a create: the `X-Cubicle-Sandbox-Mode` header when given, else the gateway's default. */
export function sandboxMode(header: string | string[] | undefined, fallback: SandboxMode): SandboxMode {
  if (header === undefined) return fallback;
  const value = (Array.isArray(header) ? header.join(",") : header).trim().toLowerCase();
  if ((SANDBOX_MODES as readonly string[]).includes(value)) return value as SandboxMode;
  throw new CubicleError("invalid_request", `header X-Cubicle-Sandbox-Mode must be one of ${SANDBOX_MODES.map((m) => `'${m}'`).join(", ")}`, { in: "headers" });
}

/**
 * E2B's metadata filter: `key=value` pairs joined by '&', URL-encoded, with each key and
 * value URL-encoded once more (as E2B's SDK sends them).
 */
export function parseMetadataFilter(text: string | undefined): Record<string, string> | undefined {
  if (text === undefined || text === "") return undefined;
  const pairs: Record<string, string> = {};
  try {
    for (const [key, value] of new URLSearchParams(text)) pairs[decodeURIComponent(key)] = decodeURIComponent(value);
  } catch {
    throw new CubicleError("invalid_request", "query.metadata must be URL-encoded key=value pairs joined by '&'", { in: "query" });
  }
  if (Object.keys(pairs).length > 64) throw new CubicleError("invalid_request", "query.metadata may hold at most 64 pairs", { in: "query" });
  return pairs;
}
