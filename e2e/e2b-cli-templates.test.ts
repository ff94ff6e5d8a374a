// E2B's own CLI (`@e2b/cli` 2.19.0, which bundles E2B's SDK 2.49) building templates from a
// Dockerfile against the real gateway, master and node agent: `e2b template create` (request
// the build, upload the COPY step's files, start it with the spec, print its log), the template
// then in `e2b template list` and started by E2B's SDK, a rebuild of the same name, and a
// failing RUN step. The CLI runs as a child process the way a user runs it, through a recording
// proxy (./e2b-recorder.ts), and every answer it got is checked against E2B's schema for its
// operation, the build operations included.
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
// The SDK's ES module build, by path (see e2b-sdk.test.ts).
import { Sandbox, Template } from "e2b/dist/index.mjs";
import { expectSuccess, runE2bCli, type CliRun } from "./e2b-cli-runner.js";
import { e2bOperationOf, startRecorder, type Recorder } from "./e2b-recorder.js";
import { expectE2bResponse } from "../test-support/e2b-schema.js";
import { startAgentProcess, startGatewayProcess, startMasterProcess, stopAllServices, truncateTables, type GatewayProcess } from "./support.js";

const CLI_TIMEOUT_MS = 60_000;
/** A test runs the CLI a few times, each a fresh Node process that builds: more than Jest's default. */
const CLI_TEST_TIMEOUT_MS = 180_000;

/** E2B's build operations (the recorder knows the others), as E2B's description writes their paths. */
const BUILD_OPERATIONS = [
  "POST /v3/templates",
  "GET /templates/{templateID}/files/{hash}",
  "POST /v2/templates/{templateID}/builds/{buildID}",
  "GET /templates/{templateID}/builds/{buildID}/status",
].map((operation) => {
  const [method, path] = operation.split(" ") as [string, string];
  return { operation, method, regex: new RegExp(`^${path.replace(/\{[^}]+\}/g, "[^/]+")}$`) };
});

/**
 * E2B's description gives its start-build 202 no body (its clients read none); Cubicle's says
 * where the build is. That one addition is checked for what Cubicle promises instead.
 */
const START_BUILD = "POST /v2/templates/{templateID}/builds/{buildID}";
function expectStartedBuild(body: unknown): void {
  expect(body).toEqual({ templateID: expect.stringMatching(/^tpl-/), buildID: expect.any(String), status: expect.stringMatching(/^(waiting|building|ready|error)$/) });
}

let gateway: GatewayProcess;
let recorder: Recorder;
/** The CLI's HOME: empty, so it never reads or writes a real ~/.e2b. */
let home: string;
let sdk: { apiUrl: string; apiKey: string };
/** How many of the recorder's exchanges `checkedOperations` has already checked. */
let checked = 0;

const MASTER_TOKEN = `e2e-cli-tpl-token-${randomBytes(8).toString("hex")}`;
/** Names as the CLI wants them: lowercase letters, digits, dashes. */
const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString("hex")}`;

beforeAll(async () => {
  await truncateTables();
  const master = await startMasterProcess({ MASTER_TOKEN, BUILD_PHASE_DELAY_MS: "20" });
  await startAgentProcess(master.url, { MASTER_TOKEN });
  gateway = await startGatewayProcess(master.url, { MASTER_TOKEN });
  recorder = await startRecorder(gateway.url);
  home = mkdtempSync(join(tmpdir(), "e2b-cli-home-"));
  sdk = { apiUrl: gateway.url, apiKey: gateway.apiKey };
}, 60_000);

afterAll(async () => {
  await recorder?.close();
  await stopAllServices();
  if (home) rmSync(home, { recursive: true, force: true });
});

/** `e2b <args>` against the recording proxy, as the gateway's key. */
const e2b = (...args: string[]): Promise<CliRun> => runE2bCli({ home, apiUrl: recorder.url, apiKey: gateway.apiKey, timeoutMs: CLI_TIMEOUT_MS }, args);

/** The templates `e2b template list --format json` prints. */
async function listedTemplates(): Promise<any[]> {
  const run = expectSuccess(await e2b("template", "list", "--format", "json"));
  return JSON.parse(run.stdout) as any[];
}

/**
 * Checks every exchange recorded since the last call against E2B's schema for its operation
 * and status (a request outside E2B's operations fails the check), and answers the operations
 * in order, runs of the same one (status polling) written once.
 */
function checkedOperations(): string[] {
  const all = recorder.exchanges();
  const fresh = all.slice(checked);
  checked = all.length;
  const problems: string[] = [];
  const operations: string[] = [];
  for (const x of fresh) {
    const where = `${x.method} ${x.path}${x.query} → ${x.status}`;
    const operation = e2bOperationOf(x.method, x.path) ?? BUILD_OPERATIONS.find((o) => o.method === x.method && o.regex.test(x.path))?.operation;
    if (operation === undefined) {
      problems.push(`${where}: not an E2B operation these tests know`);
      continue;
    }
    try {
      if (operation === START_BUILD && x.status === 202) expectStartedBuild(x.body);
      else expectE2bResponse(x.method, operation.slice(x.method.length + 1), x.status, x.body);
    } catch (err) {
      problems.push(`${where}: ${(err as Error).message}`);
    }
    if (operations.at(-1) !== operation) operations.push(operation);
  }
  if (problems.length > 0) throw new Error(`responses that are not what E2B's description says:\n${problems.join("\n\n")}`);
  return operations;
}

/** A build context: a Dockerfile with these lines and `app/main.py`. */
function context(dockerfile: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "e2b-cli-context-"));
  mkdirSync(join(dir, "app"));
  writeFileSync(join(dir, "app", "main.py"), "print('hello from cubicle')\n");
  writeFileSync(join(dir, "Dockerfile"), dockerfile.map((line) => `${line}\n`).join(""));
  return dir;
}

const APP_DOCKERFILE = ["FROM alpine:3.20", "RUN echo hello", "COPY app/ /app", "ENV A=1", "WORKDIR /app"];

describe("e2b template create (CLI 2.19.0)", () => {
  test("a Dockerfile with RUN, COPY, ENV and WORKDIR, a start and a ready command → exit 0, the build's log printed, the template in `template list` and started by the SDK", async () => {
    const name = unique("cli-built");
    const dir = context(APP_DOCKERFILE);
    const run = expectSuccess(await e2b("template", "create", name, "--path", dir, "--cmd", "python3 /app/main.py", "--ready-cmd", "sleep 1"));
    expect(run.stdout).toContain("Found ./Dockerfile that will be used to build the sandbox template.");
    expect(run.stdout).toContain(`Requesting build for template: ${name}`);
    const templateID = /Template created with ID: (tpl-[0-9a-f]{24}), Build ID: /.exec(run.stdout)?.[1];
    expect(templateID).toMatch(/^tpl-/);
    expect(run.stdout).toContain("Uploaded 'app/'");
    for (const line of ["pulling alpine:3.20", "RUN echo hello", "COPY app/ /app", "app/main.py (28 bytes)", "ENV A 1", "A=1", "WORKDIR /app", "start command: python3 /app/main.py", "ready command: sleep 1", "build finished: template is ready"]) {
      expect({ line, stdout: run.stdout }).toEqual({ line, stdout: expect.stringContaining(line) });
    }
    expect(run.stdout).toContain(`✅ Building sandbox template ${name} finished.`);
    expect(run.stdout).not.toMatch(/\b(undefined|NaN)\b/);
    expect(checkedOperations()).toEqual([
      "POST /v3/templates",
      "GET /templates/{templateID}/files/{hash}",
      "POST /v2/templates/{templateID}/builds/{buildID}",
      "GET /templates/{templateID}/builds/{buildID}/status",
    ]);

    // E2B's SDK 2.49 asks for 2 vCPUs and 1024 MiB unless told otherwise.
    const listed = (await listedTemplates()).find((t) => t.names?.includes(name));
    expect(listed).toMatchObject({ templateID, names: [name], aliases: [name], public: false, cpuCount: 2, memoryMB: 1024, buildStatus: "ready", buildCount: 1 });
    const table = expectSuccess(await e2b("template", "list"));
    expect(table.stdout).toMatch(new RegExp(`^Private\\s+${templateID}\\s+${name}\\s+2\\s+1024\\s`, "m"));
    expect(checkedOperations()).toEqual(["GET /templates"]);

    const sandbox = await Sandbox.create(name, sdk);
    expect(await Sandbox.getInfo(sandbox.sandboxId, sdk)).toMatchObject({ templateId: templateID, name });
    await Sandbox.kill(sandbox.sandboxId, sdk);
    rmSync(dir, { recursive: true, force: true });
  }, CLI_TEST_TIMEOUT_MS);

  test("the same name created again with the same files and --no-cache → a new build of the same template, the upload skipped as already cached", async () => {
    const name = unique("cli-again");
    const dir = context(APP_DOCKERFILE);
    expectSuccess(await e2b("template", "create", name, "--path", dir));
    const first = (await listedTemplates()).find((t) => t.names?.includes(name));
    checkedOperations();

    const again = expectSuccess(await e2b("template", "create", name, "--path", dir, "--no-cache"));
    expect(again.stdout).toContain("Skipping upload of 'app/', already cached");
    expect(again.stdout).not.toContain("Uploaded 'app/'");
    expect(again.stdout).toContain("build finished: template is ready");
    expect(checkedOperations()).toEqual(["POST /v3/templates", "GET /templates/{templateID}/files/{hash}", "POST /v2/templates/{templateID}/builds/{buildID}", "GET /templates/{templateID}/builds/{buildID}/status"]);

    const second = (await listedTemplates()).filter((t) => t.names?.includes(name));
    expect(second).toEqual([expect.objectContaining({ templateID: first.templateID, buildCount: 2, buildStatus: "ready" })]);
    checkedOperations();
    rmSync(dir, { recursive: true, force: true });
  }, CLI_TEST_TIMEOUT_MS);

  test("a Dockerfile whose RUN is `exit 1` → the CLI exits 1 with the step's message, and the name is free: not in `template list`, Template.exists false", async () => {
    const name = unique("cli-broken");
    const dir = context(["FROM alpine:3.20", "RUN exit 1"]);
    const run = await e2b("template", "create", name, "--path", dir);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 1, stderr: expect.stringContaining("Template build failed.") });
    // The Dockerfile's RUN is step 3: E2B's parser puts `USER root` and `WORKDIR /` first.
    expect(run.stderr).toContain("Error: step 3: RUN exit 1 exited with code 1");
    expect(run.stdout).toContain("RUN exit 1");
    expect(checkedOperations()).toEqual(["POST /v3/templates", "POST /v2/templates/{templateID}/builds/{buildID}", "GET /templates/{templateID}/builds/{buildID}/status"]);

    expect((await listedTemplates()).filter((t) => t.names?.includes(name) || t.aliases?.includes(name))).toEqual([]);
    expect(expectSuccess(await e2b("template", "list")).stdout).not.toContain(name);
    expect(checkedOperations()).toEqual(["GET /templates"]);
    expect(await Template.exists(name, sdk)).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  }, CLI_TEST_TIMEOUT_MS);
});
