import type { IRouter, RequestHandler } from "express";
import {
  SANDBOX_TIMEOUT_S,
  createValidator,
  gatewayConnectSandboxBodySchema,
  gatewayResumeSandboxBodySchema,
  gatewaySandboxPauseBodySchema,
  gatewaySandboxRefreshBodySchema,
  gatewaySandboxTimeoutBodySchema,
  type GatewayConnectSandboxRequest,
  type GatewayResumeSandboxRequest,
  type GatewaySandboxPauseRequest,
  type GatewaySandboxRefreshRequest,
  type GatewaySandboxTimeoutRequest,
} from "@cubicle/contracts";
import { toE2bSandbox } from "../../../domain/e2b-sandbox-views.js";
import { refuseMemoryless, refuseResumeOptions } from "../../../domain/sandbox-requests.js";
import { sandboxIdOf } from "../../../domain/sandbox-ids.js";
import { callContext } from "../caller.js";
import type { SandboxRouteDeps } from "./sandboxes.js";

const timeoutBody = createValidator<GatewaySandboxTimeoutRequest>(gatewaySandboxTimeoutBodySchema, "body");
const refreshBody = createValidator<GatewaySandboxRefreshRequest>(gatewaySandboxRefreshBodySchema, "body");
const pauseBody = createValidator<GatewaySandboxPauseRequest>(gatewaySandboxPauseBodySchema, "body");
const connectBody = createValidator<GatewayConnectSandboxRequest>(gatewayConnectSandboxBodySchema, "body");
const resumeBody = createValidator<GatewayResumeSandboxRequest>(gatewayResumeSandboxBodySchema, "body");

/**
 * E2B's sandbox lifecycle: set the timeout, keep alive, pause, connect (resumes a paused
 * sandbox) and the deprecated resume. Master and the sandbox's node do the work; a paused
 * sandbox's timeout cannot be changed (409), a sandbox on a node that is down cannot be
 * changed at all (503).
 */
export function sandboxLifecycleRoutes(r: IRouter, { master, domain, limits }: SandboxRouteDeps): void {
  // E2B's Sandbox.setTimeout: the sandbox ends `timeout` seconds from now (sooner or later).
  r.post("/sandboxes/:sandboxID/timeout", limits.writes, async (req, res) => {
    const id = sandboxIdOf(req.params);
    const { timeout } = timeoutBody(req.body ?? {});
    await master.setSandboxTimeout(id, timeout, callContext(req));
    res.status(204).end();
  });

  // Keep-alive: the sandbox lives at least `duration` seconds from now; never shortened.
  r.post("/sandboxes/:sandboxID/refreshes", limits.writes, async (req, res) => {
    const id = sandboxIdOf(req.params);
    await master.refreshSandbox(id, refreshBody(req.body ?? {}), callContext(req));
    res.status(204).end();
  });

  // 409 when it is already paused: E2B's SDK reads that as `false`.
  r.post("/sandboxes/:sandboxID/pause", limits.writes, async (req, res) => {
    const id = sandboxIdOf(req.params);
    refuseMemoryless(pauseBody(req.body ?? {}));
    await master.pauseSandbox(id, callContext(req));
    res.status(204).end();
  });

  // Resumes a paused sandbox (201) or extends a running one's life (200); E2B's SDK leaves
  // `timeout` out when its caller gave none.
  const connect: RequestHandler = async (req, res) => {
    const id = sandboxIdOf(req.params);
    const body = connectBody(req.body ?? {});
    refuseMemoryless(body);
    const { sandbox, resumed } = await master.connectSandbox(id, { timeout: body.timeout ?? SANDBOX_TIMEOUT_S.default }, callContext(req));
    res.status(resumed ? 201 : 200).json(toE2bSandbox(sandbox, domain));
  };
  r.post("/sandboxes/:sandboxID/connect", limits.writes, connect);
  r.post("/v2/sandboxes/:sandboxID/connect", limits.writes, connect);

  // E2B's deprecated resume: a paused sandbox only (a running one → 409).
  r.post("/sandboxes/:sandboxID/resume", limits.writes, async (req, res) => {
    const id = sandboxIdOf(req.params);
    const body = resumeBody(req.body ?? {});
    refuseResumeOptions(body);
    const { sandbox } = await master.connectSandbox(id, { timeout: body.timeout ?? SANDBOX_TIMEOUT_S.default, onlyPaused: true }, callContext(req));
    res.status(201).json(toE2bSandbox(sandbox, domain));
  });
}
