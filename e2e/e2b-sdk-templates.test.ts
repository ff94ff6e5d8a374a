// E2B's SDK building templates against the real gateway, master and node agent processes:
// `Template.build` (request, upload the `copy` step's files, start with the spec, follow the
// log), a failing step freeing the name, tags (`assignTags`, `removeTags`, `getTags`) and
// `Sandbox.create("name:tag")`, and `Template.exists` by id.
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
// The SDK's ES module build, by path (see e2b-sdk.test.ts).
import { Sandbox, Template, type LogEntry } from "e2b/dist/index.mjs";
import { eventually, startAgentProcess, startGatewayProcess, startMasterProcess, stopAllServices, truncateTables, type GatewayProcess, type MasterProcess } from "./support.js";

let master: MasterProcess;
let gateway: GatewayProcess;
let opts: { apiUrl: string; apiKey: string };
/** A directory with an app to copy: `app/main.py` and `app/lib/util.py`. */
let context: string;

const MASTER_TOKEN = `e2e-tpl-token-${randomBytes(8).toString("hex")}`;
const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString("hex")}`;

beforeAll(async () => {
  await truncateTables();
  master = await startMasterProcess({ MASTER_TOKEN, BUILD_PHASE_DELAY_MS: "20" });
  await startAgentProcess(master.url, { MASTER_TOKEN });
  gateway = await startGatewayProcess(master.url, { MASTER_TOKEN });
  opts = { apiUrl: gateway.url, apiKey: gateway.apiKey };
  context = mkdtempSync(join(tmpdir(), "cubicle-e2b-context-"));
  mkdirSync(join(context, "app", "lib"), { recursive: true });
  writeFileSync(join(context, "app", "main.py"), "print('hello from cubicle')\n");
  writeFileSync(join(context, "app", "lib", "util.py"), "X = 1\n".repeat(100));
});

afterAll(async () => {
  await stopAllServices();
});

const app = () => Template({ fileContextPath: context }).fromImage("alpine:3.20").runCmd("apk add --no-cache python3").copy("app/", "/app").setStartCmd("python3 /app/main.py", "sleep 1");

describe("Template.build with E2B's SDK", () => {
  test("builds from fromImage with a runCmd and a copy, streams its logs, and Sandbox.create starts from it", async () => {
    const name = unique("my-app");
    const logs: LogEntry[] = [];
    const built = await Template.build(app(), name, { ...opts, onBuildLogs: (e) => logs.push(e) });
    expect(built).toMatchObject({ name, templateId: expect.stringMatching(/^tpl-[0-9a-f]{24}$/), buildId: expect.any(String) });

    const messages = logs.map((e) => e.message);
    expect(messages).toEqual(expect.arrayContaining([expect.stringContaining("pulling alpine:3.20"), expect.stringContaining("RUN apk add --no-cache python3"), expect.stringContaining("COPY app/ /app")]));
    expect(messages.some((m) => /main\.py \(28 bytes\)/.test(m))).toBe(true);
    expect(messages.some((m) => /util\.py \(600 bytes\)/.test(m))).toBe(true);
    expect(messages).toContain("build finished: template is ready");

    const sandbox = await Sandbox.create(name, opts);
    const info = await Sandbox.getInfo(sandbox.sandboxId, opts);
    expect(info).toMatchObject({ templateId: built.templateId, name });
    await Sandbox.kill(sandbox.sandboxId, opts);

    // Built again with the same files: the upload is skipped, the template gets a new build.
    const again: LogEntry[] = [];
    const rebuilt = await Template.build(app(), name, { ...opts, onBuildLogs: (e) => again.push(e) });
    expect(rebuilt.templateId).toBe(built.templateId);
    expect(rebuilt.buildId).not.toBe(built.buildId);
    expect(again.map((e) => e.message)).toContain("Skipping upload of 'app/', already cached");
  });

  test("a rebuild through Cubicle's API (POST /templates/{name}) runs the spec the SDK built again, with its files", async () => {
    const name = unique("respec");
    const built = await Template.build(app(), name, opts);
    const rebuilt = await gateway.api.post(`/templates/${name}`, {});
    expect(rebuilt.status).toBe(202);
    const status = await eventually(async () => {
      const r = await gateway.api.get(`/templates/${built.templateId}/builds/${rebuilt.body.buildID}/status`);
      return r.body?.status === "ready" || r.body?.status === "error" ? r.body : undefined;
    }, 10_000);
    expect(status.status).toBe("ready");
    expect(status.logs).toEqual(expect.arrayContaining([expect.stringContaining("RUN apk add --no-cache python3"), expect.stringMatching(/main\.py \(28 bytes\)/)]));
  });

  test("a build whose step fails fails with that step's message, and frees the name", async () => {
    const name = unique("broken");
    const failing = Template().fromImage("alpine:3.20").runCmd("echo building").runCmd("exit 1");
    await expect(Template.build(failing, name, opts)).rejects.toThrow(/step 2: RUN exit 1 exited with code 1/);
    expect(await Template.exists(name, opts)).toBe(false);
    // The name is free again: a good build takes it.
    const good = await Template.build(Template().fromImage("alpine:3.20"), name, opts);
    expect(await Template.exists(name, opts)).toBe(true);
    expect(await Template.exists(good.templateId, opts)).toBe(true);
  });

  test("an image tagged 'fail' fails in its base step", async () => {
    await expect(Template.build(Template().fromImage("alpine:fail"), unique("bad-base"), opts)).rejects.toThrow(/alpine:fail/);
  });
});

describe("tags with E2B's SDK", () => {
  test("a build takes 'default' and the tags of its name; assignTags, getTags and removeTags; Sandbox.create('name:tag') starts the tagged build", async () => {
    const name = unique("tagged");
    const v1 = await Template.build(Template().fromImage("alpine:3.20"), `${name}:v1`, opts);
    const v2 = await Template.build(Template().fromImage("alpine:3.21"), name, opts);
    expect(v2.templateId).toBe(v1.templateId);

    const tags = await Template.getTags(v1.templateId, opts);
    expect(tags.map((t) => [t.tag, t.buildId])).toEqual([
      ["default", v2.buildId],
      ["v1", v1.buildId],
    ]);

    const fromV1 = await Sandbox.create(`${name}:v1`, opts);
    const fromDefault = await Sandbox.create(name, opts);
    const records = await Promise.all([fromV1, fromDefault].map(async (s) => (await master.api.get(`/sandboxes/${s.sandboxId}`)).body));
    expect(records.map((r) => r.buildId)).toEqual([v1.buildId, v2.buildId]);

    const assigned = await Template.assignTags(`${name}:v1`, ["stable", "prod"], opts);
    expect(assigned).toEqual({ buildId: v1.buildId, tags: ["stable", "prod"] });
    expect((await Template.getTags(v1.templateId, opts)).map((t) => t.tag)).toEqual(["default", "prod", "stable", "v1"]);
    await Template.removeTags(name, ["prod"], opts);
    expect((await Template.getTags(v1.templateId, opts)).map((t) => t.tag)).toEqual(["default", "stable", "v1"]);

    expect(await Template.exists(`${name}:stable`, opts)).toBe(true);
    expect(await Template.exists(`${name}:prod`, opts)).toBe(false);
    await expect(Sandbox.create(`${name}:prod`, opts)).rejects.toThrow(/no build tagged 'prod'/);
    for (const s of [fromV1, fromDefault]) await Sandbox.kill(s.sandboxId, opts);
  });
});
