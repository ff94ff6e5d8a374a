// More of E2B's SDK (2.51) building templates against the real gateway, master and node agent
// processes: `fromTemplate`, `buildInBackground` with `getBuildStatus` paging the log by
// `logsOffset`, `copy` of a file and of two sources (each uploaded once, then cached),
// `skipCache` and the `skipCache` build option, a build tagged by its name (`name:v2`),
// `Template.exists` by name, tag and id, ENV/WORKDIR/USER steps in the log, a failing step's
// BuildError, and an upload the gateway refuses as too large.
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
// The SDK's ES module build, by path (see e2b-sdk.test.ts).
import { BuildError, FileUploadError, Sandbox, Template, type LogEntry } from "e2b/dist/index.mjs";
import { eventually, startAgentProcess, startGatewayProcess, startMasterProcess, stopAllServices, truncateTables, type GatewayProcess, type MasterProcess } from "./support.js";

let master: MasterProcess;
let gateway: GatewayProcess;
let opts: { apiUrl: string; apiKey: string };
/** Where master keeps uploaded file sets (`<dir>/<team>/<hash>`). */
let uploadDir: string;

const MASTER_TOKEN = `e2e-tpl-more-token-${randomBytes(8).toString("hex")}`;
const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString("hex")}`;

beforeAll(async () => {
  await truncateTables();
  uploadDir = mkdtempSync(join(tmpdir(), "cubicle-uploads-more-"));
  master = await startMasterProcess({ MASTER_TOKEN, BUILD_PHASE_DELAY_MS: "50", UPLOAD_DIR: uploadDir });
  await startAgentProcess(master.url, { MASTER_TOKEN });
  gateway = await startGatewayProcess(master.url, { MASTER_TOKEN });
  opts = { apiUrl: gateway.url, apiKey: gateway.apiKey };
});

afterAll(async () => {
  await stopAllServices();
});

/** A fresh build context with these files (path → content), directories made as needed. */
function context(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "cubicle-e2b-more-"));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** The file sets master holds (one file per team and hash). */
const storedFileSets = () => readdirSync(uploadDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && !e.parentPath.includes(".tmp")).length;

/** `Template.build`, answering what it built and every log entry it passed to onBuildLogs. */
async function build(template: Parameters<typeof Template.build>[0], name: string, options: { skipCache?: boolean } = {}) {
  const logs: LogEntry[] = [];
  const built = await Template.build(template, name, { ...opts, ...options, onBuildLogs: (e) => logs.push(e) });
  const messages = logs.map((e) => e.message);
  return { ...built, messages, count: (message: string) => messages.filter((m) => m === message).length };
}

const countOf = (messages: string[], pattern: RegExp) => messages.filter((m) => pattern.test(m)).length;

describe("building with E2B's SDK 2.51", () => {
  test("fromTemplate(<a built template's name>) plus a runCmd → a template of its own, built on that build; Sandbox.create starts the new one", async () => {
    const baseName = unique("base");
    const base = await build(Template().fromImage("alpine:3.20").runCmd("echo base"), baseName);
    const derivedName = unique("derived");
    const derived = await build(Template().fromTemplate(baseName).runCmd("echo derived"), derivedName);
    expect(derived.templateId).not.toBe(base.templateId);
    expect(derived.messages).toEqual(expect.arrayContaining([`from template ${baseName} (${base.templateId}, build ${base.buildId})`, "RUN echo derived", "build finished: template is ready"]));
    expect(derived.messages.some((m) => m.includes("pulling"))).toBe(false);

    const sandbox = await Sandbox.create(derivedName, opts);
    expect(await Sandbox.getInfo(sandbox.sandboxId, opts)).toMatchObject({ templateId: derived.templateId, name: derivedName });
    await Sandbox.kill(sandbox.sandboxId, opts);
  });

  test("buildInBackground answers at once; getBuildStatus polled with logsOffset = entries seen pages the whole log (over 100 entries): none twice, none lost", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 60; i++) files[`one/f${String(i).padStart(2, "0")}.txt`] = `one ${i}\n`;
    for (let i = 0; i < 60; i++) files[`two/g${String(i).padStart(2, "0")}.txt`] = `two ${i}\n`;
    const template = Template({ fileContextPath: context(files) }).fromImage("alpine:3.20").copy("one/", "/one").copy("two/", "/two").runCmd("echo done");
    const info = await Template.buildInBackground(template, unique("paged"), opts);
    expect(info).toMatchObject({ templateId: expect.stringMatching(/^tpl-/), buildId: expect.any(String) });

    const paged: LogEntry[] = [];
    let status = "building";
    for (;;) {
      const page = await Template.getBuildStatus(info, { ...opts, logsOffset: paged.length });
      expect(page).toMatchObject({ templateID: info.templateId, buildID: info.buildId });
      expect(page.logEntries.length).toBeLessThanOrEqual(100);
      paged.push(...page.logEntries);
      status = page.status;
      if ((status === "ready" || status === "error") && page.logEntries.length === 0) break;
      if (page.logEntries.length === 0) await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toBe("ready");

    const record = (await master.api.get(`/templates/${info.templateId}/builds/${info.buildId}`)).body;
    const whole = record.logs.map((e: { timestamp: string; message: string }) => `${e.timestamp} ${e.message}`);
    expect(whole.length).toBeGreaterThan(100);
    expect(paged.map((e) => `${e.timestamp.toISOString()} ${e.message}`)).toEqual(whole);
    expect(new Set(whole).size).toBe(whole.length);
    expect(paged.map((e) => e.message)).toEqual(expect.arrayContaining([expect.stringMatching(/^copied 60 files, .* to \/one$/), expect.stringMatching(/^copied 60 files, .* to \/two$/), "RUN echo done"]));
  });

  test("copy of one file and copy(['a.txt', 'b/'], '/dst'): each source uploaded once; a second build skips every upload ('already cached'); skipCache() and the skipCache option build too", async () => {
    const dir = context({ "single.txt": "just one\n", "a.txt": "aaaa\n", "b/c.txt": "cccccc\n", "b/d/e.txt": "e\n" });
    const template = () => Template({ fileContextPath: dir }).fromImage("alpine:3.20").copy("single.txt", "/one").copy(["a.txt", "b/"], "/dst");
    const name = unique("copies");
    const before = storedFileSets();
    const first = await build(template(), name);
    for (const src of ["single.txt", "a.txt", "b/"]) expect([src, first.count(`Uploaded '${src}'`)]).toEqual([src, 1]);
    expect(countOf(first.messages, /^Uploaded '/)).toBe(3);
    expect(storedFileSets() - before).toBe(3);
    expect(first.messages).toEqual(expect.arrayContaining(["COPY single.txt /one", "  single.txt (9 bytes)", "COPY a.txt /dst", "  a.txt (5 bytes)", "COPY b/ /dst", "  b/c.txt (7 bytes)", "  b/d/e.txt (2 bytes)"]));

    const second = await build(template(), name);
    expect(second.templateId).toBe(first.templateId);
    expect(second.buildId).not.toBe(first.buildId);
    for (const src of ["single.txt", "a.txt", "b/"]) expect([src, second.count(`Skipping upload of '${src}', already cached`)]).toEqual([src, 1]);
    expect(countOf(second.messages, /^Uploaded '/)).toBe(0);
    expect(storedFileSets() - before).toBe(3);
    expect(second.messages).toContain("build finished: template is ready");

    // skipCache() forces the layers after it; the option forces the whole build. Neither uploads again.
    const skipped = await build(Template({ fileContextPath: dir }).skipCache().fromImage("alpine:3.20").copy("single.txt", "/one").copy(["a.txt", "b/"], "/dst"), name);
    const forced = await build(template(), name, { skipCache: true });
    for (const b of [skipped, forced]) {
      expect(b.templateId).toBe(first.templateId);
      expect(countOf(b.messages, /already cached$/)).toBe(3);
      expect(b.messages).toContain("build finished: template is ready");
    }
    expect(storedFileSets() - before).toBe(3);
  });
});

describe("tags and Template.exists with E2B's SDK 2.51", () => {
  test("Template.build(t, 'name:v2') tags that build v2: Sandbox.create('name:v2') starts it after a later build took 'default'; exists of name:v2, the id → true; name:v3, an unknown tpl- id → false", async () => {
    const name = unique("versioned");
    const v1 = await build(Template().fromImage("alpine:3.20"), name);
    const v2 = await build(Template().fromImage("alpine:3.21").runCmd("echo v2"), `${name}:v2`);
    const latest = await build(Template().fromImage("alpine:3.22"), name);
    expect(new Set([v1.templateId, v2.templateId, latest.templateId]).size).toBe(1);
    expect(v2.messages).toContain(`Requesting build for template: ${name}:v2`);

    const tags = await Template.getTags(v1.templateId, opts);
    expect(tags.map((t) => [t.tag, t.buildId])).toEqual([
      ["default", latest.buildId],
      ["v2", v2.buildId],
    ]);

    const fromV2 = await Sandbox.create(`${name}:v2`, opts);
    const fromDefault = await Sandbox.create(name, opts);
    const records = await Promise.all([fromV2, fromDefault].map(async (s) => (await master.api.get(`/sandboxes/${s.sandboxId}`)).body));
    expect(records.map((r) => r.buildId)).toEqual([v2.buildId, latest.buildId]);
    for (const s of [fromV2, fromDefault]) await Sandbox.kill(s.sandboxId, opts);

    expect(await Template.exists(`${name}:v2`, opts)).toBe(true);
    expect(await Template.exists(`${name}:v3`, opts)).toBe(false);
    expect(await Template.exists(v1.templateId, opts)).toBe(true);
    expect(await Template.exists(`tpl-${randomBytes(12).toString("hex")}`, opts)).toBe(false);
  });
});

describe("steps and failures with E2B's SDK 2.51", () => {
  test("setEnvs, setWorkdir and setUser → the build succeeds and onBuildLogs shows each step and what it set", async () => {
    const built = await build(Template().fromImage("alpine:3.20").setEnvs({ A: "1", GREETING: "hello world" }).setWorkdir("/srv/app").setUser("app").runCmd("echo hi", { user: "root" }), unique("steps"));
    expect(built.messages).toEqual(
      expect.arrayContaining(["ENV A 1 GREETING hello world", "A=1", "GREETING=hello world", "WORKDIR /srv/app", "/srv/app", "USER app", "app", "RUN echo hi (as root)", "build finished: template is ready"]),
    );
    const steps = ["ENV A 1 GREETING hello world", "WORKDIR /srv/app", "USER app", "RUN echo hi (as root)"].map((m) => built.messages.indexOf(m));
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
  });

  test("a failing RUN step → Template.build rejects with a BuildError naming the step and its command, and the name stays free", async () => {
    const name = unique("fails");
    const failing = Template().fromImage("alpine:3.20").setEnvs({ A: "1" }).runCmd(["echo one", "exit 3"]);
    const error = await Template.build(failing, name, opts).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(BuildError);
    expect((error as Error).message).toBe("step 2: RUN echo one && exit 3 exited with code 3");
    expect(await Template.exists(name, opts)).toBe(false);
  });
});

describe("an upload the gateway refuses (master's UPLOAD_MAX_BYTES 100)", () => {
  let small: GatewayProcess;
  let smallOpts: { apiUrl: string; apiKey: string };

  beforeAll(async () => {
    // A master of its own: builds must not be picked up by one that reads another upload directory.
    await stopAllServices();
    const limited = await startMasterProcess({ MASTER_TOKEN, UPLOAD_MAX_BYTES: "100", BUILD_SPEC_WAIT_MS: "1000", BUILD_SWEEP_MS: "100", BUILD_PHASE_DELAY_MS: "20" });
    await startAgentProcess(limited.url, { MASTER_TOKEN });
    small = await startGatewayProcess(limited.url, { MASTER_TOKEN });
    smallOpts = { apiUrl: small.url, apiKey: small.apiKey };
  });

  test("a copy larger than the limit → Template.build fails with a FileUploadError saying so; nothing stored, no build ready, and the name is released", async () => {
    const dir = context({ "big.bin": randomBytes(4096).toString("base64") });
    const template = Template({ fileContextPath: dir }).fromImage("alpine:3.20").copy("big.bin", "/big.bin");
    const name = unique("too-big");
    const logs: string[] = [];
    const error = await Template.build(template, name, { ...smallOpts, onBuildLogs: (e) => logs.push(e.message) }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(FileUploadError);
    expect((error as Error).message).toMatch(/^Failed to upload file: .*(Payload Too Large|Content Too Large|413)/);

    // By the id the SDK logged, not by name: the name is held only until the sweep fails the build
    // (BUILD_SPEC_WAIT_MS, 1 s here), which a slow upload may already have outlasted.
    const created = logs.map((m) => /^Template created with ID: (\S+), Build ID: /.exec(m)?.[1]).filter((id): id is string => id !== undefined);
    expect(created).toHaveLength(1);
    const templateID = created[0]!;
    const held = await small.api.get(`/templates/${templateID}`);
    expect(held.status).toBe(200);
    expect(held.body.buildStatus).not.toBe("ready");
    const hash = JSON.parse(await Template.toJSON(template)).steps.find((s: { type: string }) => s.type === "COPY").filesHash;
    expect((await small.api.get(`/templates/${templateID}/files/${hash}`)).body).toEqual({ present: false, url: expect.stringContaining("/uploads/") });
    await expect(Sandbox.create(templateID, smallOpts)).rejects.toThrow();

    // The build never got its spec: after BUILD_SPEC_WAIT_MS it fails, and a first build's name is free.
    await eventually(async () => ((await Template.exists(name, smallOpts)) ? undefined : true), 15_000, `${name} to be released`);
  });
});
