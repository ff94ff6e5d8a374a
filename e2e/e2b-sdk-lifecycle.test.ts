// The official E2B JS SDK (2.51.0) driving a sandbox's life after create against the real
// gateway, master and node agent: setTimeout, pause, list by state, connect (resume),
// getMetrics, auto-pause at timeout (`lifecycle.onTimeout: "pause"`), ids that match nothing,
// and where the SDK is told to send a sandbox's envd traffic (`sandboxDomain`). Each gateway
// is reached through a recording proxy (./e2b-recorder.ts), and each test checks every answer
// the SDK got against E2B's schema for that operation.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
// The SDK's ES module build, by path (see e2b-sdk.test.ts for why).
import { Sandbox, SandboxNotFoundError } from "e2b/dist/index.mjs";
import { startRecorder, type Recorder } from "./e2b-recorder.js";
import { eventually, startAgentProcess, startGatewayProcess, startMasterProcess, stopAllServices, truncateTables, type GatewayProcess } from "./support.js";

/** An id in E2B's own format (20 lower-case letters and digits) that names no sandbox here. */
const E2B_FORMAT_ID = "i8p3xkq2m4n5o6r7s8t9";
/** The domain the strong-mode gateway is configured with; the fast one keeps the default. */
const STRONG_DOMAIN = "sandboxes.cubicle.internal";

const MASTER_TOKEN = `e2e-sdk-life-${randomBytes(8).toString("hex")}`;
const gateways: Record<"fast" | "strong", { gateway: GatewayProcess; recorder: Recorder }> = {} as never;
let template: { name: string; templateID: string; cpuCount: number; memoryMB: number };

beforeAll(async () => {
  await truncateTables();
  // A quick expiry sweep, so that a sandbox of a 1 s timeout is dealt with within a few seconds.
  const master = await startMasterProcess({ MASTER_TOKEN, SANDBOX_SWEEP_MS: "200" });
  await startAgentProcess(master.url, { MASTER_TOKEN });
  const [fast, strong] = await Promise.all([
    startGatewayProcess(master.url, { MASTER_TOKEN }),
    startGatewayProcess(master.url, { MASTER_TOKEN, SANDBOX_MODE: "strong", SANDBOX_DOMAIN: STRONG_DOMAIN }),
  ]);
  gateways.fast = { gateway: fast, recorder: await startRecorder(fast.url) };
  gateways.strong = { gateway: strong, recorder: await startRecorder(strong.url) };

  const name = `Sdk-Life-${randomBytes(4).toString("hex")}`;
  const created = await fast.api.post("/templates", { name, image: "alpine:3.20" });
  expect(created.status).toBe(202);
  const ready = await eventually(async () => {
    const t = await fast.api.get(`/templates/${created.body.templateID}`);
    return t.body?.buildStatus === "ready" ? t.body : undefined;
  }, 10_000, `${name} to be ready`);
  template = { name, templateID: ready.templateID, cpuCount: ready.cpuCount, memoryMB: ready.memoryMB };
}, 60_000);

afterAll(async () => {
  await Promise.all(Object.values(gateways).map((g) => g.recorder.close()));
  await stopAllServices();
});

describe.each([
  ["fast", "cubicle.localhost"],
  ["strong", STRONG_DOMAIN],
] as const)("E2B SDK sandbox lifecycle, %s ids", (mode, domain) => {
  const opts = () => ({ apiUrl: gateways[mode].recorder.url, apiKey: gateways[mode].gateway.apiKey });
  /** Checks every answer recorded since the last call against E2B's schema; the operations seen. */
  const checkAnswers = () => gateways[mode].recorder.check();
  const tag = () => `life-${randomBytes(4).toString("hex")}`;

  test("Sandbox.create answers the gateway's sandbox domain (never one of E2B's hosts), which getInfo repeats with the default lifecycle (kill at timeout)", async () => {
    const sandbox = await Sandbox.create(template.name, opts());
    expect(sandbox.sandboxDomain).toBe(domain);
    expect(sandbox.sandboxDomain).not.toMatch(/e2b\.(app|dev)$/);
    expect(await Sandbox.getInfo(sandbox.sandboxId, opts())).toMatchObject({ sandboxDomain: domain, state: "running", lifecycle: { onTimeout: "kill" } });
    expect(await sandbox.kill()).toBe(true);
    expect(checkAnswers()).toEqual(["POST /v2/sandboxes", "GET /sandboxes/{sandboxID}", "DELETE /sandboxes/{sandboxID}"]);
  });

  test("Sandbox.setTimeout sets the end to now + the new timeout, and getInfo shows the new endAt", async () => {
    const sandbox = await Sandbox.create(template.name, opts());
    const before = Date.now();
    await Sandbox.setTimeout(sandbox.sandboxId, 60_000, opts());
    const after = Date.now();
    const endAt = (await Sandbox.getInfo(sandbox.sandboxId, opts())).endAt.getTime();
    // E2B's timeout is in whole seconds: allow a second either side of the request's span.
    expect(endAt).toBeGreaterThanOrEqual(before + 60_000 - 1_000);
    expect(endAt).toBeLessThanOrEqual(after + 60_000 + 1_000);

    await sandbox.setTimeout(600_000);
    const longer = (await sandbox.getInfo()).endAt.getTime();
    expect(longer).toBeGreaterThanOrEqual(endAt + 500_000);
    expect((await sandbox.getInfo()).state).toBe("running");
    await sandbox.kill();
    expect(checkAnswers()).toEqual([
      "POST /v2/sandboxes",
      "POST /sandboxes/{sandboxID}/timeout",
      "GET /sandboxes/{sandboxID}",
      "POST /sandboxes/{sandboxID}/timeout",
      "GET /sandboxes/{sandboxID}",
      "GET /sandboxes/{sandboxID}",
      "DELETE /sandboxes/{sandboxID}",
    ]);
  });

  test("pause keeps the sandbox as paused (a second pause answers false), list by state 'paused' finds it and by 'running' does not, and Sandbox.connect resumes it", async () => {
    const suite = tag();
    const sandbox = await Sandbox.create(template.name, { ...opts(), metadata: { suite } });
    expect(await sandbox.pause()).toBe(true);
    expect(await sandbox.pause()).toBe(false);
    expect(await Sandbox.getInfo(sandbox.sandboxId, opts())).toMatchObject({ sandboxId: sandbox.sandboxId, templateId: template.templateID, state: "paused", metadata: { suite } });

    const paused = await Sandbox.list({ ...opts(), query: { state: ["paused"], metadata: { suite } } }).nextItems();
    expect(paused.map((s) => [s.sandboxId, s.state])).toEqual([[sandbox.sandboxId, "paused"]]);
    expect(await Sandbox.list({ ...opts(), query: { state: ["running"], metadata: { suite } } }).nextItems()).toEqual([]);

    const resumed = await Sandbox.connect(sandbox.sandboxId, opts());
    expect({ id: resumed.sandboxId, domain: resumed.sandboxDomain }).toEqual({ id: sandbox.sandboxId, domain });
    expect((await resumed.getInfo()).state).toBe("running");
    const running = await Sandbox.list({ ...opts(), query: { state: ["running"], metadata: { suite } } }).nextItems();
    expect(running.map((s) => [s.sandboxId, s.state])).toEqual([[sandbox.sandboxId, "running"]]);
    expect(await resumed.kill()).toBe(true);
    expect(checkAnswers()).toEqual([
      "POST /v2/sandboxes",
      "POST /sandboxes/{sandboxID}/pause",
      "POST /sandboxes/{sandboxID}/pause",
      "GET /sandboxes/{sandboxID}",
      "GET /v2/sandboxes",
      "GET /v2/sandboxes",
      "POST /v2/sandboxes/{sandboxID}/connect",
      "GET /sandboxes/{sandboxID}",
      "GET /v2/sandboxes",
      "DELETE /sandboxes/{sandboxID}",
    ]);
  });

  test("Sandbox.connect to a running sandbox keeps it running and extends its end to the timeout asked for", async () => {
    const sandbox = await Sandbox.create(template.name, { ...opts(), timeoutMs: 60_000 });
    const before = Date.now();
    const connected = await Sandbox.connect(sandbox.sandboxId, { ...opts(), timeoutMs: 900_000 });
    expect(connected.sandboxId).toBe(sandbox.sandboxId);
    const info = await connected.getInfo();
    expect(info.state).toBe("running");
    expect(info.endAt.getTime()).toBeGreaterThanOrEqual(before + 900_000 - 1_000);
    await connected.kill();
    expect(checkAnswers()).toEqual(["POST /v2/sandboxes", "POST /v2/sandboxes/{sandboxID}/connect", "GET /sandboxes/{sandboxID}", "DELETE /sandboxes/{sandboxID}"]);
  });

  test("Sandbox.getMetrics answers one sample with the template's vCPU count and memory (in bytes), and no use", async () => {
    const sandbox = await Sandbox.create(template.name, opts());
    const metrics = await Sandbox.getMetrics(sandbox.sandboxId, opts());
    expect(metrics).toEqual([
      expect.objectContaining({ cpuCount: template.cpuCount, memTotal: template.memoryMB * 1024 * 1024, cpuUsedPct: 0, memUsed: 0, timestamp: expect.any(Date) }),
    ]);
    expect(metrics[0]!.diskTotal).toBeGreaterThanOrEqual(0);
    await sandbox.kill();
    expect(checkAnswers()).toEqual(["POST /v2/sandboxes", "GET /sandboxes/{sandboxID}/metrics", "DELETE /sandboxes/{sandboxID}"]);
  });

  test("an unknown E2B-format id: kill answers false, and getInfo, setTimeout, pause, connect and getMetrics throw SandboxNotFoundError", async () => {
    expect(await Sandbox.kill(E2B_FORMAT_ID, opts())).toBe(false);
    for (const call of [
      () => Sandbox.getInfo(E2B_FORMAT_ID, opts()),
      () => Sandbox.setTimeout(E2B_FORMAT_ID, 60_000, opts()),
      () => Sandbox.pause(E2B_FORMAT_ID, opts()),
      () => Sandbox.connect(E2B_FORMAT_ID, opts()),
      () => Sandbox.getMetrics(E2B_FORMAT_ID, opts()),
    ]) {
      await expect(call()).rejects.toBeInstanceOf(SandboxNotFoundError);
    }
    expect(checkAnswers()).toEqual([
      "DELETE /sandboxes/{sandboxID}",
      "GET /sandboxes/{sandboxID}",
      "POST /sandboxes/{sandboxID}/timeout",
      "POST /sandboxes/{sandboxID}/pause",
      "POST /v2/sandboxes/{sandboxID}/connect",
      "GET /sandboxes/{sandboxID}/metrics",
    ]);
  });

  test("lifecycle.onTimeout 'pause': the sandbox is paused (not killed) at its timeout, getInfo says so, and connect resumes it; without it, the sandbox is killed", async () => {
    const suite = tag();
    const pausing = await Sandbox.create(template.name, { ...opts(), timeoutMs: 1_000, lifecycle: { onTimeout: "pause" }, metadata: { suite } });
    const killed = await Sandbox.create(template.name, { ...opts(), timeoutMs: 1_000, metadata: { suite } });
    expect((await Sandbox.getInfo(pausing.sandboxId, opts())).lifecycle).toMatchObject({ onTimeout: "pause" });

    const info = await eventually(async () => {
      const i = await Sandbox.getInfo(pausing.sandboxId, opts());
      return i.state === "paused" ? i : undefined;
    }, 15_000, `${pausing.sandboxId} to be paused at its timeout`);
    expect(info).toMatchObject({ sandboxId: pausing.sandboxId, templateId: template.templateID, metadata: { suite }, lifecycle: { onTimeout: "pause" } });
    await eventually(
      () => Sandbox.getInfo(killed.sandboxId, opts()).then(() => undefined, (err: unknown) => (err instanceof SandboxNotFoundError ? true : Promise.reject(err))),
      15_000,
      `${killed.sandboxId} to be gone at its timeout`,
    );
    const listed = await Sandbox.list({ ...opts(), query: { state: ["paused", "running"], metadata: { suite } } }).nextItems();
    expect(listed.map((s) => [s.sandboxId, s.state])).toEqual([[pausing.sandboxId, "paused"]]);

    const resumed = await Sandbox.connect(pausing.sandboxId, { ...opts(), timeoutMs: 300_000 });
    expect((await resumed.getInfo()).state).toBe("running");
    expect(await resumed.kill()).toBe(true);
    const seen = checkAnswers();
    expect(new Set(seen)).toEqual(new Set(["POST /v2/sandboxes", "GET /sandboxes/{sandboxID}", "GET /v2/sandboxes", "POST /v2/sandboxes/{sandboxID}/connect", "DELETE /sandboxes/{sandboxID}"]));
  }, 60_000);
});
