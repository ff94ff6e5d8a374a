// E2B's template build request and start through the gateway: POST /v3/templates (and the
// deprecated /v2/templates) reserve a name or rebuild the team's template holding it, with a
// build waiting for its spec; POST /v2/templates/{ref}/builds/{buildID} starts that build with
// E2B's spec, and refuses what the builder cannot run. Every answer is checked against E2B's
// API description (test-support/e2b-schema.ts). The flow to a ready build, its log and its
// failures are in template-builds-flow.test.ts.
import { describe, expect, test } from "@jest/globals";
import { templateLegacySchema, templateRequestResponseV3Schema } from "@cubicle/contracts";
import { TEMPLATE_ID, UUID, createTemplateAndWait, e2bCall, expectGatewayError, expectSchema, holdingBuilder, useTestGateway, waitForGatewayBuild } from "./support.js";

const held = holdingBuilder();
const ctx = useTestGateway({ builder: held.builder });

const v3 = (body: unknown, status = 202) => e2bCall(ctx.api, "POST", "/v3/templates", "/v3/templates", status, body);
const v2 = (body: unknown, status = 202) => e2bCall(ctx.api, "POST", "/v2/templates", "/v2/templates", status, body);
const START_OP = "/v2/templates/{templateID}/builds/{buildID}";
/**
 * Starts a build. E2B's description gives the 202 no body; the gateway's answers
 * {templateID, buildID, status} (its own document says so), which E2B's SDK does not read.
 */
async function start(ref: string, buildID: string, spec: unknown, status = 202) {
  const path = `/v2/templates/${ref}/builds/${buildID}`;
  if (status !== 202) return e2bCall(ctx.api, "POST", path, START_OP, status, spec);
  const r = await ctx.api.post(path, spec);
  expect({ status: r.status, body: r.body }).toEqual({ status: 202, body: { templateID: expect.stringMatching(TEMPLATE_ID), buildID: expect.stringMatching(UUID), status: expect.any(String) } });
  return r;
}
const STATUS_OP = "/templates/{templateID}/builds/{buildID}/status";
const status = (ref: string, buildID: string) => e2bCall(ctx.api, "GET", `/templates/${ref}/builds/${buildID}/status`, STATUS_OP, 200);
/** Requests a build of `name` (v3) and answers its ids. */
const request = async (name: string, body: Record<string, unknown> = {}) => (await v3({ name, ...body })).body as { templateID: string; buildID: string };

describe("POST /v3/templates", () => {
  test("{name} → 202 E2B TemplateRequestResponseV3: a new template, names [name], tags [], a build waiting for its spec", async () => {
    const r = await v3({ name: "v3-app" });
    expectSchema(templateRequestResponseV3Schema, r.body);
    expect(r.body).toEqual({ templateID: expect.stringMatching(TEMPLATE_ID), buildID: expect.stringMatching(UUID), public: false, names: ["v3-app"], aliases: ["v3-app"], tags: [] });
    expect((await status(r.body.templateID, r.body.buildID)).body).toMatchObject({ status: "waiting", logEntries: [] });
    expect((await ctx.api.get("/templates/lookup?name=v3-app")).body).toMatchObject({ templateID: r.body.templateID });
  });

  test("{name: 'x:v1', tags: ['prod']} → the name part is the name, tags ['v1', 'prod'] (each once); cpuCount and memoryMB are taken", async () => {
    const r = await v3({ name: "v3-tagged:v1", tags: ["prod", "v1"], cpuCount: 4, memoryMB: 1024, minFreeDiskMb: 100 });
    expect(r.body).toMatchObject({ names: ["v3-tagged"], tags: ["v1", "prod"] });
    expect((await ctx.api.get(`/templates/${r.body.templateID}`)).body).toMatchObject({ names: ["v3-tagged"], cpuCount: 4, memoryMB: 1024 });
  });

  test("alias alone (E2B's older word) works; alias and name alike work; differing → 400 invalid_request", async () => {
    expect((await v3({ alias: "v3-alias" })).body.names).toEqual(["v3-alias"]);
    expect((await v3({ name: "v3-both", alias: "v3-both" })).body.names).toEqual(["v3-both"]);
    expect((await v3({ name: "v3-one", alias: "v3-other" }, 400)).body.error_code).toBe("invalid_request");
    expect((await ctx.api.get("/templates/lookup?name=v3-one")).status).toBe(404);
  });

  test("no name → 400 invalid_request", async () => {
    for (const body of [{}, { tags: ["v1"] }, { cpuCount: 2 }]) expect((await v3(body, 400)).body.error_code).toBe("invalid_request");
  });

  test.each([
    ["a reserved word", "tags", "reserved_name"],
    ["a reserved word with a tag", "Templates:v1", "reserved_name"],
    ["a space", "my app", "invalid_chars"],
    ["a slash", "team/app", "invalid_chars"],
    ["the id prefix", "tpl-app", "reserved_prefix"],
    ["blanks only", "   ", "empty"],
    ["257 characters", "n".repeat(257), "too_long"],
  ])("a name with %s → 400 invalid_name with the reason; nothing is made", async (_what, name, reason) => {
    const before = await ctx.db.query("SELECT count(*)::int AS n FROM templates");
    const r = await v3({ name }, 400);
    expectGatewayError(r, 400, "invalid_name");
    expect(r.body.details).toEqual({ reason });
    expect((await ctx.db.query("SELECT count(*)::int AS n FROM templates")).rows).toEqual(before.rows);
  });

  test("a bad tag (in tags or after ':'), an extra field, or a size out of range → 400 invalid_request", async () => {
    for (const body of [
      { name: "v3-bad", tags: [".v1"] },
      { name: "v3-bad", tags: ["has space"] },
      { name: "v3-bad", tags: ["t".repeat(129)] },
      { name: "v3-bad:-x" },
      { name: "v3-bad:" },
      { name: "v3-bad", extra: true },
      { name: "v3-bad", cpuCount: 0 },
      { name: "v3-bad", memoryMB: "512" },
      { name: "" },
      { name: 42 },
    ]) {
      expectGatewayError(await v3(body, 400), 400, "invalid_request");
    }
  });

  test("the same name again (any letter case) → the same template, a new build; the build still waiting for its spec is superseded", async () => {
    const first = await request("v3-again");
    const second = await request("V3-AGAIN", { tags: ["next"] });
    expect(second.templateID).toBe(first.templateID);
    expect(second.buildID).not.toBe(first.buildID);
    const old = (await status(first.templateID, first.buildID)).body;
    expect(old).toMatchObject({ status: "error", reason: { message: `superseded by build ${second.buildID} before it was started` } });
    expect((await status(first.templateID, second.buildID)).body.status).toBe("waiting");
    // The superseded build cannot be started any more.
    expectGatewayError(await start(first.templateID, first.buildID, { fromImage: "alpine:3.20" }, 409), 409, "build_already_started");
  });

  test("the name of a template with a build running → 409 build_in_progress; once it is ready, a new build", async () => {
    const { templateID, buildID } = await request("v3-busy");
    await start(templateID, buildID, { fromImage: "busy:hold" });
    await waitForGatewayBuild(ctx.api, templateID, buildID, ["building"]);
    expectGatewayError(await v3({ name: "v3-busy" }, 409), 409, "build_in_progress");
    held.release("busy:hold");
    await waitForGatewayBuild(ctx.api, templateID, buildID, ["ready"]);
    const next = (await v3({ name: "v3-busy" })).body;
    expect(next.templateID).toBe(templateID);
    expect(next.buildID).not.toBe(buildID);
  });

  test("the name of a ready template made by POST /templates → a new build of it", async () => {
    const made = await createTemplateAndWait(ctx.api, { name: "v3-made", image: "alpine:3.20" });
    const r = await request("v3-made");
    expect(r.templateID).toBe(made.templateID);
    expect(r.buildID).not.toBe(made.buildID);
  });
});

describe("POST /v2/templates (deprecated)", () => {
  test("{alias} → 202 E2B TemplateLegacy: createdBy null, never spawned, the sizes asked for", async () => {
    const r = await v2({ alias: "v2-app", cpuCount: 2, memoryMB: 512 });
    expectSchema(templateLegacySchema, r.body);
    expect(r.body).toEqual({
      templateID: expect.stringMatching(TEMPLATE_ID),
      buildID: expect.stringMatching(UUID),
      cpuCount: 2,
      memoryMB: 512,
      diskSizeMB: expect.any(Number),
      public: false,
      aliases: ["v2-app"],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      createdBy: null,
      lastSpawnedAt: null,
      spawnCount: 0,
      buildCount: expect.any(Number),
      envdVersion: expect.any(String),
    });
    expect((await status(r.body.templateID, r.body.buildID)).body.status).toBe("waiting");
  });

  test("no alias, a name instead of an alias, or an extra field → 400 invalid_request; an invalid alias → 400 invalid_name", async () => {
    for (const body of [{}, { name: "v2-named" }, { alias: "v2-x", extra: 1 }]) expectGatewayError(await v2(body, 400), 400, "invalid_request");
    expectGatewayError(await v2({ alias: "lookup" }, 400), 400, "invalid_name");
  });
});

describe("POST /v2/templates/{ref}/builds/{buildID}", () => {
  test("a spec → 202 {templateID, buildID, status}; the same spec again → 202 again (also once ready); another spec → 409 build_already_started", async () => {
    const { templateID, buildID } = await request("start-app");
    const spec = { fromImage: "start-app:hold", steps: [{ type: "RUN", args: ["echo hi"] }], startCmd: "sleep infinity" };
    const r = await start("start-app", buildID.toUpperCase(), spec);
    expect(r.body).toEqual({ templateID, buildID, status: "waiting" });
    expect((await start(templateID, buildID, spec)).body).toMatchObject({ templateID, buildID });
    expectGatewayError(await start(templateID, buildID, { ...spec, startCmd: "other" }, 409), 409, "build_already_started");
    held.release("start-app:hold");
    await waitForGatewayBuild(ctx.api, templateID, buildID, ["ready"]);
    // Ready: the same spec (a retry) answers where the build is; another is still refused.
    expect((await start(templateID, buildID, spec)).body.status).toBe("ready");
    expectGatewayError(await start(templateID, buildID, { ...spec, startCmd: "other" }, 409), 409, "build_already_started");
  });

  test("a failed build → 409 build_already_started even for its own spec: a new build is requested with POST /v3/templates", async () => {
    const { templateID, buildID } = await request("start-failing");
    const spec = { fromImage: "alpine:fail" };
    await start(templateID, buildID, spec);
    await waitForGatewayBuild(ctx.api, templateID, buildID, ["error"]);
    expectGatewayError(await start(templateID, buildID, spec, 409), 409, "build_already_started");
  });

  test.each([
    ["neither fromImage nor fromTemplate", { steps: [] }],
    ["both fromImage and fromTemplate", { fromImage: "alpine:3.20", fromTemplate: "start-app" }],
    ["an unknown step type", { fromImage: "alpine:3.20", steps: [{ type: "FROB", args: ["x"] }] }],
    ["a COPY without filesHash", { fromImage: "alpine:3.20", steps: [{ type: "COPY", args: ["app/", "/app"] }] }],
    ["a COPY with a filesHash that is no hash", { fromImage: "alpine:3.20", steps: [{ type: "COPY", args: ["app/", "/app"], filesHash: "abc" }] }],
    ["a RUN without args", { fromImage: "alpine:3.20", steps: [{ type: "RUN", args: [] }] }],
    ["an ENV with an odd number of args", { fromImage: "alpine:3.20", steps: [{ type: "ENV", args: ["A", "1", "B"] }] }],
    ["a step without a type", { fromImage: "alpine:3.20", steps: [{ args: ["echo hi"] }] }],
    ["a fromImage that is not a string", { fromImage: 42 }],
  ])("%s → 400 invalid_request; the build keeps waiting", async (_what, spec) => {
    const { templateID, buildID } = await request(`bad-spec-${Math.random().toString(36).slice(2, 8)}`);
    expectGatewayError(await start(templateID, buildID, spec, 400), 400, "invalid_request");
    expect((await status(templateID, buildID)).body.status).toBe("waiting");
  });

  test("an unknown build → 404 build_not_found; an unknown template → 404 template_not_found; a bad build id → 400", async () => {
    const { templateID } = await request("start-unknown");
    const spec = { fromImage: "alpine:3.20" };
    expectGatewayError(await start(templateID, "00000000-0000-4000-8000-000000000000", spec, 404), 404, "build_not_found");
    expectGatewayError(await start(`tpl-${"0".repeat(24)}`, "00000000-0000-4000-8000-000000000000", spec, 404), 404, "template_not_found");
    expectGatewayError(await start(templateID, "not-a-build", spec, 400), 400, "invalid_request");
  });

  test("fromTemplate: unknown → 404; a template without a ready build → 409 template_not_ready; a ready one → built from it", async () => {
    const { templateID, buildID } = await request("from-child");
    expectGatewayError(await start(templateID, buildID, { fromTemplate: "no-such-base" }, 404), 404, "template_not_found");
    await request("from-waiting");
    expectGatewayError(await start(templateID, buildID, { fromTemplate: "from-waiting" }, 409), 409, "template_not_ready");
    const base = await createTemplateAndWait(ctx.api, { name: "from-base", image: "alpine:3.20" });
    await start(templateID, buildID, { fromTemplate: "from-base" });
    const done = await waitForGatewayBuild(ctx.api, templateID, buildID);
    expect(done).toMatchObject({ status: "ready" });
    expect((done as { logs: string[] }).logs).toContain(`from template from-base (${base.templateID}, build ${base.buildID})`);
  });
});
