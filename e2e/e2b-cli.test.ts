// E2B's own CLI (`@e2b/cli` 2.19.0, a dev dependency of e2e) against the real gateway, master
// and node agent: `e2b template list/publish/unpublish` and `e2b sandbox list/info/pause/
// resume/metrics/logs/kill`, each run as a child process the way a user runs it, with
// E2B_API_URL and E2B_API_KEY. It goes through a recording proxy (./e2b-recorder.ts), so each
// test also checks every answer the CLI got against E2B's schema for that operation.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { expectSuccess, runE2bCli, type CliRun } from "./e2b-cli-runner.js";
import { startRecorder, type Recorder } from "./e2b-recorder.js";
import { eventually, startAgentProcess, startGatewayProcess, startMasterProcess, stopAllServices, truncateTables, type GatewayProcess } from "./support.js";

const CLI_TIMEOUT_MS = 30_000;
/** A test runs the CLI up to ten times, each a fresh Node process: more than Jest's default on a busy machine. */
const CLI_TEST_TIMEOUT_MS = 180_000;
/** An id in E2B's own format that names no sandbox here. */
const E2B_FORMAT_ID = "i8p3xkq2m4n5o6r7s8t9";

let gateway: GatewayProcess;
let recorder: Recorder;
/** The CLI's HOME: empty, so it never reads or writes a real ~/.e2b. */
let home: string;
let template: { name: string; templateID: string; cpuCount: number; memoryMB: number };

const MASTER_TOKEN = `e2e-cli-token-${randomBytes(8).toString("hex")}`;

beforeAll(async () => {
  await truncateTables();
  const master = await startMasterProcess({ MASTER_TOKEN });
  await startAgentProcess(master.url, { MASTER_TOKEN });
  gateway = await startGatewayProcess(master.url, { MASTER_TOKEN });
  recorder = await startRecorder(gateway.url);
  home = mkdtempSync(join(tmpdir(), "e2b-cli-home-"));

  const name = `Cli-Box-${randomBytes(4).toString("hex")}`;
  const created = await gateway.api.post("/templates", { name, image: "alpine:3.20" });
  expect(created.status).toBe(202);
  await eventually(async () => ((await gateway.api.get(`/templates/${created.body.templateID}`)).body?.buildStatus === "ready" ? true : undefined), 10_000, `${name} to be ready`);
  template = { name, templateID: created.body.templateID, cpuCount: created.body.cpuCount, memoryMB: created.body.memoryMB };
}, 60_000);

afterAll(async () => {
  await recorder?.close();
  await stopAllServices();
  if (home) rmSync(home, { recursive: true, force: true });
});

/** `e2b <args>` against the recording proxy, as the gateway's key. */
const e2b = (...args: string[]): Promise<CliRun> => runE2bCli({ home, apiUrl: recorder.url, apiKey: gateway.apiKey, timeoutMs: CLI_TIMEOUT_MS }, args);

/** The JSON a `--format json` run printed (after the blank line some commands print first). */
function jsonOf<T = any>(run: CliRun): T {
  expectSuccess(run);
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`${run.command} did not print JSON:\n--- stdout ---\n${run.stdout}\n--- stderr ---\n${run.stderr}`);
  }
}

/** The JSON objects of a run that prints one per line (`metrics`, `logs` with `--format json`). */
function jsonLinesOf(run: CliRun): any[] {
  expectSuccess(run);
  return run.stdout
    .split("\n")
    .filter((line) => line.trim().startsWith("{"))
    .map((line) => JSON.parse(line));
}

/** What a human sees: exit 0, and no field the CLI could not find printed as "undefined" (or NaN). */
function expectReadable(run: CliRun): CliRun {
  expectSuccess(run);
  const unknown = /\b(undefined|NaN)\b/.exec(run.stdout);
  if (unknown) throw new Error(`${run.command} printed "${unknown[1]}":\n--- stdout ---\n${run.stdout}\n--- stderr ---\n${run.stderr}`);
  return run;
}

/** A running sandbox of the template, created through the gateway, with metadata to find it by. */
async function newSandbox(): Promise<{ id: string; tag: string }> {
  const tag = `cli-${randomBytes(4).toString("hex")}`;
  const created = await gateway.api.post("/sandboxes", { templateID: template.name, metadata: { suite: tag } });
  expect(created.status).toBe(201);
  return { id: created.body.sandboxID, tag };
}

describe("e2b template (CLI 2.19.0)", () => {
  test("template list shows the template in the table (private, its name, vCPUs, RAM, disk size) with no 'undefined', and --format json gives E2B's template fields", async () => {
    const table = expectReadable(await e2b("template", "list"));
    const row = table.stdout.split("\n").find((line) => line.includes(template.templateID));
    expect({ row, stdout: table.stdout }).toEqual({ row: expect.stringMatching(new RegExp(`^Private\\s+${template.templateID}\\s+${template.name}\\s+${template.cpuCount}\\s+${template.memoryMB}\\s`)), stdout: table.stdout });
    expect(table.stdout).toMatch(/^ACCESS\s+TEMPLATE ID\s+TEMPLATE NAME\s+VCPUS\s+RAM MIB\s+CREATED BY\s+CREATED AT\s+DISK SIZE MIB\s+ENVD VERSION$/m);

    const listed = jsonOf<any[]>(await e2b("template", "list", "--format", "json"));
    expect(listed.find((t) => t.templateID === template.templateID)).toMatchObject({
      templateID: template.templateID,
      aliases: [template.name],
      names: [template.name],
      public: false,
      cpuCount: template.cpuCount,
      memoryMB: template.memoryMB,
      diskSizeMB: expect.any(Number),
      envdVersion: expect.any(String),
      spawnCount: expect.any(Number),
      buildStatus: "ready",
    });
    expect(recorder.check()).toEqual(["GET /templates", "GET /templates"]);
  }, CLI_TEST_TIMEOUT_MS);

  test("template publish -y, then unpublish -y: exit 0, the CLI names the template, and GET /templates/{id} shows public true, then false", async () => {
    const published = expectReadable(await e2b("template", "publish", template.templateID, "-y"));
    expect(published.stdout).toContain(`Publishing sandbox template ${template.templateID}`);
    expect(published.stdout).toMatch(new RegExp(`Published as: .*${template.name}`));
    expect((await gateway.api.get(`/templates/${template.templateID}`)).body).toMatchObject({ templateID: template.templateID, public: true });
    const row = expectReadable(await e2b("template", "list")).stdout.split("\n").find((line) => line.includes(template.templateID));
    expect(row).toMatch(/^Public\s/);

    const unpublished = expectReadable(await e2b("template", "unpublish", template.templateID, "-y"));
    expect(unpublished.stdout).toContain(`Unpublishing sandbox template ${template.templateID}`);
    expect((await gateway.api.get(`/templates/${template.templateID}`)).body).toMatchObject({ templateID: template.templateID, public: false });
    expect(recorder.check()).toEqual(["PATCH /v2/templates/{templateID}", "GET /templates", "PATCH /v2/templates/{templateID}"]);
  }, CLI_TEST_TIMEOUT_MS);
});

describe("e2b sandbox (CLI 2.19.0)", () => {
  test("sandbox list shows a running sandbox in JSON (id, template, alias, running, vCPUs, RAM) and in the table, with no 'undefined'", async () => {
    const { id, tag } = await newSandbox();
    const listed = jsonOf<any[]>(await e2b("sandbox", "list", "--metadata", `suite=${tag}`, "--format", "json"));
    expect(listed).toEqual([
      expect.objectContaining({ sandboxId: id, templateId: template.templateID, name: template.name, state: "running", cpuCount: template.cpuCount, memoryMB: template.memoryMB, metadata: { suite: tag } }),
    ]);

    const table = expectReadable(await e2b("sandbox", "list", "--metadata", `suite=${tag}`));
    expect(table.stdout).toMatch(/^SANDBOX ID\s+TEMPLATE ID\s+ALIAS\s+STARTED AT\s+END AT\s+STATE\s+VCPUS\s+RAM MIB\s+ENVD VERSION\s+METADATA$/m);
    expect(table.stdout).toMatch(new RegExp(`^${id}\\s+${template.templateID}\\s+${template.name}\\s.*\\sRunning\\s+${template.cpuCount}\\s+${template.memoryMB}\\s`, "m"));
    expect(recorder.check()).toEqual(["GET /v2/sandboxes", "GET /v2/sandboxes"]);
  }, CLI_TEST_TIMEOUT_MS);

  test("sandbox info shows the sandbox (id, template, running, what happens at its timeout, the gateway's sandbox domain), in JSON and readably", async () => {
    const { id, tag } = await newSandbox();
    const info = jsonOf(await e2b("sandbox", "info", id, "--format", "json"));
    expect(info).toMatchObject({ sandboxId: id, templateId: template.templateID, name: template.name, state: "running", metadata: { suite: tag }, lifecycle: { onTimeout: "kill" }, sandboxDomain: "cubicle.localhost" });

    const pretty = expectReadable(await e2b("sandbox", "info", id));
    expect(pretty.stdout).toContain(`Sandbox info for ${id}:`);
    expect(pretty.stdout).toMatch(/^State: running$/m);
    expect(pretty.stdout).toMatch(/^Sandbox domain: cubicle\.localhost$/m);
    expect(recorder.check()).toEqual(["GET /sandboxes/{sandboxID}", "GET /sandboxes/{sandboxID}"]);
  }, CLI_TEST_TIMEOUT_MS);

  test("sandbox pause pauses it (a second pause says it is already paused), list --state paused finds it, and sandbox resume makes it running again", async () => {
    const { id, tag } = await newSandbox();
    expect(expectReadable(await e2b("sandbox", "pause", id)).stdout).toContain(`Sandbox ${id} has been paused`);
    expect(expectReadable(await e2b("sandbox", "pause", id)).stdout).toContain(`Sandbox ${id} is already paused`);
    expect(jsonOf(await e2b("sandbox", "info", id, "--format", "json"))).toMatchObject({ sandboxId: id, state: "paused" });

    const paused = jsonOf<any[]>(await e2b("sandbox", "list", "--state", "paused", "--metadata", `suite=${tag}`, "--format", "json"));
    expect(paused.map((s) => [s.sandboxId, s.state])).toEqual([[id, "paused"]]);
    expect(jsonOf<any[]>(await e2b("sandbox", "list", "--metadata", `suite=${tag}`, "--format", "json"))).toEqual([]);
    expect(expectReadable(await e2b("sandbox", "list", "--state", "paused", "--metadata", `suite=${tag}`)).stdout).toMatch(new RegExp(`^${id}\\s.*\\sPaused\\s`, "m"));

    expect(expectReadable(await e2b("sandbox", "resume", id)).stdout).toContain(`Sandbox ${id} has been resumed`);
    expect(jsonOf(await e2b("sandbox", "info", id, "--format", "json"))).toMatchObject({ sandboxId: id, state: "running" });
    expect(recorder.check()).toEqual([
      "POST /sandboxes/{sandboxID}/pause",
      "POST /sandboxes/{sandboxID}/pause",
      "GET /sandboxes/{sandboxID}",
      "GET /v2/sandboxes",
      "GET /v2/sandboxes",
      "GET /v2/sandboxes",
      "POST /sandboxes/{sandboxID}/connect",
      "GET /sandboxes/{sandboxID}",
    ]);
  }, CLI_TEST_TIMEOUT_MS);

  test("sandbox metrics prints a sample with the template's vCPUs and memory (in bytes) and zero use, in JSON and readably", async () => {
    const { id } = await newSandbox();
    const samples = jsonLinesOf(await e2b("sandbox", "metrics", id, "--format", "json"));
    expect(samples.length).toBeGreaterThanOrEqual(1);
    expect(samples[0]).toMatchObject({ cpuCount: template.cpuCount, cpuUsedPct: 0, memTotal: template.memoryMB * 1024 * 1024, memUsed: 0, timestamp: expect.any(String) });

    const pretty = expectReadable(await e2b("sandbox", "metrics", id));
    expect(pretty.stdout).toContain(`Metrics for sandbox ${id}:`);
    expect(pretty.stdout).toMatch(new RegExp(`CPU:\\s+0% /\\s+${template.cpuCount} Core\\w* \\| Memory:\\s+0 / ${template.memoryMB}\\s+MiB \\| Disk:`));
    const seen = recorder.check();
    expect(seen).toContain("GET /sandboxes/{sandboxID}/metrics");
    expect(new Set(seen)).toEqual(new Set(["GET /sandboxes/{sandboxID}/metrics", "GET /sandboxes/{sandboxID}"]));
  }, CLI_TEST_TIMEOUT_MS);

  test("sandbox logs prints the sandbox's lifecycle (created, paused, resumed) as log lines, in JSON and readably", async () => {
    const { id } = await newSandbox();
    expect((await gateway.api.post(`/sandboxes/${id}/pause`, {})).status).toBe(204);
    expect((await gateway.api.post(`/sandboxes/${id}/connect`, { timeout: 300 })).status).toBe(201);

    const lines = jsonLinesOf(await e2b("sandbox", "logs", id, "--format", "json"));
    const messages = lines.map((l) => String(l.message));
    expect(messages).toEqual([expect.stringMatching(/created/), expect.stringMatching(/paused/), expect.stringMatching(/resumed/)]);
    for (const line of lines) expect(line).toMatchObject({ timestamp: expect.any(String), level: expect.any(String), message: expect.any(String) });

    const pretty = expectReadable(await e2b("sandbox", "logs", id));
    expect(pretty.stdout).toContain(`Logs for sandbox ${id}:`);
    expect(pretty.stdout).toMatch(/created/);
    expect(pretty.stdout).toMatch(/resumed/);
    expect(recorder.check()).toEqual(["GET /sandboxes/{sandboxID}/logs", "GET /sandboxes/{sandboxID}/logs"]);
  }, CLI_TEST_TIMEOUT_MS);

  test("sandbox kill kills it: the CLI says so, info then says it wasn't found, and a kill of it or of an unknown E2B-format id says 'wasn't found' (exit 0)", async () => {
    const { id, tag } = await newSandbox();
    expect(expectReadable(await e2b("sandbox", "kill", id)).stdout).toContain(`Sandbox ${id} has been killed`);
    expect(jsonOf<any[]>(await e2b("sandbox", "list", "--metadata", `suite=${tag}`, "--format", "json"))).toEqual([]);

    const info = await e2b("sandbox", "info", id);
    expect({ code: info.code, stderr: info.stderr }).toEqual({ code: 1, stderr: expect.stringContaining(`Sandbox ${id} wasn't found`) });
    for (const gone of [id, E2B_FORMAT_ID]) {
      const again = expectSuccess(await e2b("sandbox", "kill", gone));
      expect({ stdout: again.stdout, stderr: again.stderr }).toEqual({ stdout: "", stderr: expect.stringContaining(`Sandbox ${gone} wasn't found`) });
    }
    expect(recorder.check()).toEqual(["DELETE /sandboxes/{sandboxID}", "GET /v2/sandboxes", "GET /sandboxes/{sandboxID}", "DELETE /sandboxes/{sandboxID}", "DELETE /sandboxes/{sandboxID}"]);
  }, CLI_TEST_TIMEOUT_MS);
});
