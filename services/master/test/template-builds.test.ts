// Master's E2B build flow, called directly as the gateway calls it: POST /template-builds
// reserves a name (or makes a new build of the team's template holding it) with a build that
// waits for its spec; POST /templates/:id/builds/:buildId/spec checks the spec and starts the
// build, whose logs name their phase; a build whose spec never arrives is failed by the sweep
// (BUILD_SPEC_WAIT_MS) and a first build's failure releases the name.
import { beforeAll, describe, expect, test } from "@jest/globals";
import type { BuildView } from "@cubicle/contracts";
import { TEMPLATE_ID, UUID, eventually, expectErrorShape, getTemplate, startTestMaster, useTestMaster, waitForBuild } from "./support.js";
import type { JsonClient } from "../../../test-support/http.js";

const ctx = useTestMaster();
const api = () => ctx.master.api;

const requestBuild = (body: Record<string, unknown>, client = api()) => client.post("/template-builds", body);
const sendSpec = (templateId: string, buildId: string, spec: Record<string, unknown>, client = api()) =>
  client.post(`/templates/${templateId}/builds/${buildId}/spec`, spec);
const getBuild = async (templateId: string, buildId: string, client = api()) => (await client.get<BuildView>(`/templates/${templateId}/builds/${buildId}`)).body;

/** A requested build of `name`: the template's id and the build's. */
async function requested(name: string, extra: Record<string, unknown> = {}, client = api()) {
  const r = await requestBuild({ displayName: name, ...extra }, client);
  if (r.status !== 202) throw new Error(`POST /template-builds answered ${r.status}: ${JSON.stringify(r.body)}`);
  return { templateId: r.body.template.templateId as string, buildId: r.body.buildId as string };
}

/** A template named `name` whose build of `spec` has finished; the build as it ended. */
async function built(name: string, spec: Record<string, unknown> = { fromImage: "alpine:3.20" }, client = api()) {
  const ids = await requested(name, {}, client);
  expect((await sendSpec(ids.templateId, ids.buildId, spec, client)).status).toBe(202);
  return { ...ids, build: await waitForBuild(client, ids.templateId, ids.buildId) };
}

let other: JsonClient;
beforeAll(async () => {
  const team = await api().post("/teams", { slug: "hm-builds-other" });
  other = ctx.master.as(team.body.teamId);
});

describe("POST /template-builds", () => {
  test("a new name → 202 with a template (no image yet, building) and a build that waits for its spec: no runner takes it", async () => {
    const r = await requestBuild({ displayName: "tb-new", cpuCount: 4, memoryMB: 1024 });
    expect(r.status).toBe(202);
    expect(r.body).toEqual({
      template: expect.objectContaining({ templateId: expect.stringMatching(TEMPLATE_ID), displayName: "tb-new", image: "", status: "building", cpuCount: 4, memoryMB: 1024 }),
      buildId: expect.stringMatching(UUID),
      tags: [],
    });
    await ctx.master.runner.sweep();
    await ctx.master.runner.sweep();
    expect(await getBuild(r.body.template.templateId, r.body.buildId)).toMatchObject({ status: "waiting", phase: null, startedAt: null, logs: [] });
  });

  test("the same name again → a new build of the same template; the first build, still waiting, is failed as superseded", async () => {
    const first = await requested("tb-again");
    const second = await requestBuild({ displayName: "TB-Again" });
    expect(second.status).toBe(202);
    expect(second.body.template.templateId).toBe(first.templateId);
    expect(second.body.buildId).not.toBe(first.buildId);
    expect(await getBuild(first.templateId, first.buildId)).toMatchObject({ status: "failed", reason: `superseded by build ${second.body.buildId} before it was started` });
    expect(await getBuild(first.templateId, second.body.buildId)).toMatchObject({ status: "waiting" });
    const late = await sendSpec(first.templateId, first.buildId, { fromImage: "alpine" });
    expectErrorShape(late, 409, "build_already_started");
    expect(late.body.message).toContain("superseded");
    expect((await getTemplate(api(), first.templateId)).displayName).toBe("tb-again");
  });

  test("a name held by a template whose build is running → 409 build_in_progress", async () => {
    // A master whose builds stay in their first phase: the build is certainly running.
    const slow = await startTestMaster({ BUILD_PHASE_DELAY_MS: "60000" });
    try {
      const ids = await requested("tb-running", {}, slow.api);
      expect((await sendSpec(ids.templateId, ids.buildId, { fromImage: "alpine:3.20" }, slow.api)).status).toBe(202);
      await eventually(async () => ((await getBuild(ids.templateId, ids.buildId)).status === "building" ? true : undefined), 5_000, "the build to run");
      const r = await requestBuild({ displayName: "tb-running" });
      expectErrorShape(r, 409, "build_in_progress");
      expect(r.body.message).toContain("tb-running");
      expect(await getBuild(ids.templateId, ids.buildId)).toMatchObject({ status: "building" });
    } finally {
      await slow.close();
    }
  });

  test("a name whose only template failed its first build → reserved again by a new template", async () => {
    const failed = await built("tb-reborn", { fromImage: "alpine:fail" });
    expect(failed.build.status).toBe("failed");
    const again = await requested("tb-reborn");
    expect(again.templateId).not.toBe(failed.templateId);
    expect(await getTemplate(api(), failed.templateId)).toMatchObject({ status: "failed", displayName: null });
    expect((await api().get("/lookup?name=tb-reborn")).body).toMatchObject({ templateId: again.templateId, buildId: again.buildId });
  });

  test.each([
    ["a name with a space", 400, "invalid_name", { displayName: "my app" }],
    ["a name starting with tpl-", 400, "invalid_name", { displayName: "tpl-app" }],
    ["a name with a tag in it", 400, "invalid_name", { displayName: "app:v1" }],
    ["no displayName field", 400, "invalid_request", {}],
    ["an invalid tag", 400, "invalid_request", { displayName: "tb-x", tags: [".bad"] }],
    ["an unknown field", 400, "invalid_request", { displayName: "tb-x", image: "alpine" }],
    ["cpuCount out of range", 400, "invalid_request", { displayName: "tb-x", cpuCount: 65 }],
  ])("%s → %i %s", async (_what, status, code, body) => {
    expectErrorShape(await requestBuild(body), status, code);
  });

  test("a team at its template quota → 429 quota_exceeded for a new name; its own name still gets a new build", async () => {
    const team = await api().post("/teams", { slug: "hm-builds-quota" });
    await ctx.db.query("UPDATE teams SET max_templates = 1 WHERE id = $1", [team.body.teamId]);
    const capped = ctx.master.as(team.body.teamId);
    const first = await requested("tb-quota-1", {}, capped);
    const r = await requestBuild({ displayName: "tb-quota-2" }, capped);
    expectErrorShape(r, 429, "quota_exceeded");
    expect(r.body.details).toMatchObject({ quota: "templates", max: 1 });
    expect((await requested("tb-quota-1", {}, capped)).templateId).toBe(first.templateId);
  });

  test("tags in the request are applied (with default) when the build becomes ready", async () => {
    const ids = await requested("tb-tagged", { tags: ["v1", "stable", "v1"] });
    expect((await api().get(`/templates/${ids.templateId}/tags`)).body).toEqual([]);
    expect((await sendSpec(ids.templateId, ids.buildId, { fromImage: "alpine:3.20" })).status).toBe(202);
    expect((await waitForBuild(api(), ids.templateId, ids.buildId)).status).toBe("ready");
    const tags = (await api().get(`/templates/${ids.templateId}/tags`)).body as { tag: string; buildId: string }[];
    expect(tags.map((t) => [t.tag, t.buildId])).toEqual([["default", ids.buildId], ["stable", ids.buildId], ["v1", ids.buildId]]);
  });
});

describe("POST /templates/:id/builds/:buildId/spec", () => {
  test("starts the build: it becomes ready, with logs for each phase (base, one per step, finalize)", async () => {
    const ids = await requested("tb-spec");
    const spec = { fromImage: "alpine:3.20", steps: [{ type: "RUN", args: ["echo hi"] }, { type: "ENV", args: ["A", "1"] }, { type: "WORKDIR", args: ["/app"] }], startCmd: "./serve", readyCmd: "true" };
    const r = await sendSpec(ids.templateId, ids.buildId, spec);
    expect(r.status).toBe(202);
    expect(r.body).toEqual({ templateId: ids.templateId, buildId: ids.buildId, status: "waiting" });
    const build = await waitForBuild(api(), ids.templateId, ids.buildId);
    expect(build).toMatchObject({ status: "ready", image: "alpine:3.20", phase: "finalize", reason: null });
    // Every entry names its phase, the last one (the build finished) included.
    expect(build.logs.filter((l) => typeof l.step !== "string")).toEqual([]);
    expect([...new Set(build.logs.map((l) => l.step))]).toEqual(["base", "1", "2", "3", "finalize"]);
    const said = (step: string) => build.logs.filter((l) => l.step === step).map((l) => l.message);
    expect(said("base")).toEqual(["pulling alpine:3.20"]);
    expect(said("1")).toEqual(["RUN echo hi"]);
    expect(said("2")).toEqual(["ENV A 1", "A=1"]);
    expect(said("3")).toEqual(["WORKDIR /app", "/app"]);
    expect(said("finalize")).toEqual(expect.arrayContaining(["start command: ./serve", "ready command: true"]));
    expect(await getTemplate(api(), ids.templateId)).toMatchObject({ status: "ready", image: "alpine:3.20", readyBuildId: ids.buildId });
  });

  test("a RUN that exits 1 → the build fails naming the step (phase 2) and a first build's name is released", async () => {
    const { templateId, build } = await built("tb-exit", { fromImage: "alpine:3.20", steps: [{ type: "RUN", args: ["echo ok"] }, { type: "RUN", args: ["make && exit 1"] }] });
    expect(build).toMatchObject({ status: "failed", phase: "2", reason: "step 2: RUN make && exit 1 exited with code 1" });
    expect(build.logs.at(-1)).toMatchObject({ level: "error", step: "2" });
    expectErrorShape(await api().get("/lookup?name=tb-exit"), 404, "template_not_found");
    expect((await ctx.db.query("SELECT display_name, status::text FROM templates WHERE id = $1", [templateId])).rows[0]).toEqual({ display_name: null, status: "failed" });
  });

  test("the same spec twice → 202 both times; another spec once started → 409 build_already_started", async () => {
    const ids = await requested("tb-twice");
    const spec = { fromImage: "alpine:3.20", steps: [{ type: "RUN", args: ["echo 1"] }] };
    expect((await sendSpec(ids.templateId, ids.buildId, spec)).status).toBe(202);
    const again = await sendSpec(ids.templateId, ids.buildId, spec);
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ templateId: ids.templateId, buildId: ids.buildId });
    const r = await sendSpec(ids.templateId, ids.buildId, { fromImage: "alpine:3.21" });
    expectErrorShape(r, 409, "build_already_started");
    await waitForBuild(api(), ids.templateId, ids.buildId);
    expectErrorShape(await sendSpec(ids.templateId, ids.buildId, { fromImage: "alpine:3.21" }), 409, "build_already_started");
  });

  test("an unknown build → 404 build_not_found; an unknown template → 404 template_not_found", async () => {
    const ids = await requested("tb-unknown");
    expectErrorShape(await sendSpec(ids.templateId, "00000000-0000-4000-8000-000000000000", { fromImage: "alpine" }), 404, "build_not_found");
    expectErrorShape(await sendSpec(`tpl-${"0".repeat(24)}`, ids.buildId, { fromImage: "alpine" }), 404, "template_not_found");
  });

  test.each([
    ["both fromImage and fromTemplate", { fromImage: "alpine", fromTemplate: "tb-spec" }, /not both/],
    ["neither fromImage nor fromTemplate", { steps: [] }, /fromImage/],
    ["an unknown step type", { fromImage: "alpine", steps: [{ type: "RUN", args: ["x"] }, { type: "FROB", args: ["x"] }] }, /step 2: unknown type 'FROB'/],
    ["COPY without a filesHash", { fromImage: "alpine", steps: [{ type: "COPY", args: ["a", "/a"] }] }, /filesHash/],
    ["RUN without a command", { fromImage: "alpine", steps: [{ type: "RUN", args: [] }] }, /RUN/],
    ["ENV with an odd number of args", { fromImage: "alpine", steps: [{ type: "ENV", args: ["A", "1", "B"] }] }, /ENV/],
    ["an image that is not a reference", { fromImage: "Not An Image" }, /fromImage/],
  ])("%s → 400 invalid_request, and the build still waits", async (_what, spec, message) => {
    const ids = await requested("tb-bad-spec");
    const r = await sendSpec(ids.templateId, ids.buildId, spec);
    expectErrorShape(r, 400, "invalid_request");
    expect(r.body.message).toMatch(message);
    expect((await getBuild(ids.templateId, ids.buildId)).status).toBe("waiting");
  });

  test("fromTemplate naming a ready template → builds from that template's image", async () => {
    const base = await built("tb-base", { fromImage: "python:3.12" });
    expect(base.build.status).toBe("ready");
    const { templateId, buildId, build } = await built("tb-derived", { fromTemplate: "tb-base", steps: [{ type: "RUN", args: ["pip install x"] }] });
    expect(build).toMatchObject({ status: "ready", image: "python:3.12" });
    expect(build.logs[0]).toMatchObject({ step: "base", message: `from template tb-base (${base.templateId}, build ${base.buildId})` });
    expect(await getTemplate(api(), templateId)).toMatchObject({ image: "python:3.12", readyBuildId: buildId });
  });

  test("fromTemplate naming a template still building → 409 template_not_ready", async () => {
    const pending = await requested("tb-pending-base");
    const ids = await requested("tb-on-pending");
    const r = await sendSpec(ids.templateId, ids.buildId, { fromTemplate: "tb-pending-base" });
    expectErrorShape(r, 409, "template_not_ready");
    expectErrorShape(await sendSpec(ids.templateId, ids.buildId, { fromTemplate: pending.templateId }), 409, "template_not_ready");
  });

  test("another team's template → 404: its builds cannot be started, nor built from while it is private", async () => {
    const theirs = await built("tb-theirs", { fromImage: "alpine:3.20" }, other);
    const waiting = await requested("tb-theirs-next", {}, other);
    expectErrorShape(await sendSpec(waiting.templateId, waiting.buildId, { fromImage: "alpine" }), 404, "template_not_found");
    expect((await getBuild(waiting.templateId, waiting.buildId, other)).status).toBe("waiting");
    const mine = await requested("tb-from-theirs");
    expectErrorShape(await sendSpec(mine.templateId, mine.buildId, { fromTemplate: theirs.templateId }), 404, "template_not_found");
  });
});

describe("BUILD_SPEC_WAIT_MS", () => {
  test("a requested build never started is failed by the sweep, and its name is free again", async () => {
    const impatient = await startTestMaster({ BUILD_SPEC_WAIT_MS: "1000" });
    try {
      const ids = await requested("tb-abandoned", {}, impatient.api);
      const build = await eventually(
        async () => {
          const b = await getBuild(ids.templateId, ids.buildId, impatient.api);
          return b.status === "failed" ? b : undefined;
        },
        10_000,
        "the sweep to fail the build",
      );
      expect(build.reason).toMatch(/never started/);
      expectErrorShape(await sendSpec(ids.templateId, ids.buildId, { fromImage: "alpine" }, impatient.api), 409, "build_already_started");
      expect(await getTemplate(api(), ids.templateId)).toMatchObject({ status: "failed", displayName: null });
      expectErrorShape(await api().get("/lookup?name=tb-abandoned&fresh=true"), 404, "template_not_found");
      expect((await requested("tb-abandoned")).templateId).not.toBe(ids.templateId);
    } finally {
      await impatient.close();
    }
  });
});
