import { renameBehindMastersBack as renameInDatabaseOnly } from "../../../test-support/templates.js";
// Which template a sandbox create starts from: a display name (any letter case) or an id
// (any letter case), resolved once and fresh, never from master's name cache; templates
// that are unknown, still building or failed are refused.
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { sandboxSchema } from "@cubicle/contracts";
import { createTemplateAndWait, expectGatewayError, expectSchema, holdingBuilder, sandboxRow, eventually, useTestGateway, createTestNode } from "./support.js";

// Master caches name lookups, found and unknown alike, for an hour here: a cache made stale
// behind master's back stays stale for the whole file.
const HOUR = String(60 * 60 * 1000);
const held = holdingBuilder();
const agent = createTestNode();
const ctx = useTestGateway({ node: agent, builder: held.builder, masterEnv: { NAME_CACHE_TTL_MS: HOUR, NAME_CACHE_NEGATIVE_TTL_MS: HOUR } });

const NO_SUCH_ID = `tpl-${"0".repeat(24)}`;
const HELD_IMAGE = "held-sandbox:hold";

let named: { templateID: string; buildID: string };
let unnamed: { templateID: string; buildID: string };
let building: { templateID: string; buildID: string };
let failed: { templateID: string; buildID: string };
beforeAll(async () => {
  named = await createTemplateAndWait(ctx.api, { name: "Py-Runner", image: "alpine:3.20" });
  unnamed = await createTemplateAndWait(ctx.api, { image: "alpine:3.20" });
  failed = await createTemplateAndWait(ctx.api, { name: "Broken-Tpl", image: "alpine:fail" }, "error");
  const r = await ctx.api.post("/templates", { name: "Still-Building", image: HELD_IMAGE });
  expect(r.status).toBe(202);
  building = r.body;
});
afterAll(() => {
  held.release(HELD_IMAGE);
  held.release("held-rebuild:hold");
});

const create = (templateID: string, headers: Record<string, string> = {}) => ctx.api.post("/sandboxes", { templateID }, headers);

async function expectCreated(templateID: string, expected: { templateID: string; buildID: string; alias?: string }) {
  const r = await create(templateID);
  if (r.status !== 201) throw new Error(`create from ${JSON.stringify(templateID)} answered ${r.status}: ${JSON.stringify(r.body)}`);
  expectSchema(sandboxSchema, r.body);
  expect(r.body.templateID).toBe(expected.templateID);
  expect(r.body.buildID).toBe(expected.buildID);
  if (expected.alias === undefined) expect(r.body).not.toHaveProperty("alias");
  else expect(r.body.alias).toBe(expected.alias);
  const row = await eventually(() => sandboxRow(ctx.db, r.body.sandboxID), 5_000, "the sandbox's row");
  expect(row.template_id).toBe(expected.templateID);
  return r.body as { sandboxID: string };
}

/** Renames a template in the database only, so master's name cache does not hear of it. */
async function renameBehindMastersBack(templateId: string, displayName: string | null) {
  expect(await renameInDatabaseOnly(ctx.db, templateId, displayName)).toBe(1);
}

describe("a display name or an id", () => {
  test.each(["Py-Runner", "py-runner", "PY-RUNNER", " py-Runner "])("by display name %j → the template's id, alias in its stored case", async (ref) => {
    await expectCreated(ref, { ...named, alias: "Py-Runner" });
  });

  test("by id, and by the id in upper case (TPL-…) → that template, with its alias", async () => {
    await expectCreated(named.templateID, { ...named, alias: "Py-Runner" });
    await expectCreated(named.templateID.toUpperCase(), { ...named, alias: "Py-Runner" });
  });

  test("a template without a name (by id) → no alias in the answer", async () => {
    await expectCreated(unnamed.templateID, unnamed);
    await expectCreated(unnamed.templateID.toUpperCase(), unnamed);
  });

  test.each(["no-such-template", "No-Such-Template"])("an unknown name %j → 404 template_not_found `template '<ref>' not found`", async (ref) => {
    const before = agent.calls().length;
    const r = await create(ref);
    expectGatewayError(r, 404, "template_not_found");
    expect(r.body.message).toBe(`template '${ref}' not found`);
    expect(agent.calls().length).toBe(before);
  });

  test("an unknown name with surrounding blanks → the message names it trimmed", async () => {
    const r = await create("  No-Such-Thing ");
    expectGatewayError(r, 404, "template_not_found");
    expect(r.body.message).toBe("template 'No-Such-Thing' not found");
  });

  test("an unknown id → 404 template_not_found naming it", async () => {
    const r = await create(NO_SUCH_ID);
    expectGatewayError(r, 404, "template_not_found");
    expect(r.body.message).toBe(`template '${NO_SUCH_ID}' not found`);
  });

  test.each([
    ["too short", "tpl-0123"],
    ["not hex", `tpl-${"z".repeat(24)}`],
  ])("an id that is malformed (%s) → 400 invalid_request", async (_what, ref) => {
    expectGatewayError(await create(ref), 400, "invalid_request");
  });

  test("a name that is not a valid display name → 400 invalid_name", async () => {
    expectGatewayError(await create("my app"), 400, "invalid_name");
  });

  test("a template still building, by name or id → 409 template_not_ready; the agent is not asked (both modes)", async () => {
    for (const mode of ["fast", "strong"]) {
      const before = agent.calls().length;
      for (const ref of ["Still-Building", "still-building", building.templateID, building.templateID.toUpperCase()]) {
        const r = await create(ref, { "x-cubicle-sandbox-mode": mode });
        expectGatewayError(r, 409, "template_not_ready");
        expect(r.body.message).toMatch(/not finished/);
        expect(r.body.details).toMatchObject({ templateId: building.templateID });
      }
      expect(agent.calls().length).toBe(before);
    }
  });

  test("a template whose first build failed, by id → 409 template_not_ready; the agent is not asked (both modes)", async () => {
    for (const mode of ["fast", "strong"]) {
      const before = agent.calls().length;
      for (const ref of [failed.templateID, failed.templateID.toUpperCase()]) {
        const r = await create(ref, { "x-cubicle-sandbox-mode": mode });
        expectGatewayError(r, 409, "template_not_ready");
        expect(r.body.message).toMatch(/failed/);
      }
      expect(agent.calls().length).toBe(before);
    }
  });

  test("a template whose first build failed gave its name up: by that name → 404 template_not_found", async () => {
    const r = await create("Broken-Tpl");
    expectGatewayError(r, 404, "template_not_found");
    expect(r.body.message).toBe("template 'Broken-Tpl' not found");
  });

  test("a ready template being rebuilt (or whose rebuild failed) still starts sandboxes from its last ready build", async () => {
    const image = "held-rebuild:hold";
    const t = await createTemplateAndWait(ctx.api, { name: "Rebuilt", image: "alpine:3.20" });
    const rebuild = await ctx.api.post("/templates/rebuilt", { image });
    expect(rebuild.status).toBe(202);
    await expectCreated("rebuilt", { ...t, alias: "Rebuilt" });
    held.release(image);
    await eventually(async () => ((await ctx.api.get(`/templates/rebuilt/builds/${rebuild.body.buildID}/status`)).body.status === "ready" ? true : undefined), 5_000, "the rebuild");
    await expectCreated("rebuilt", { templateID: t.templateID, buildID: rebuild.body.buildID, alias: "Rebuilt" });
    const failing = await ctx.api.post("/templates/rebuilt", { image: "alpine:fail" });
    await eventually(async () => ((await ctx.api.get(`/templates/rebuilt/builds/${failing.body.buildID}/status`)).body.status === "error" ? true : undefined), 5_000, "the failing rebuild");
    await expectCreated("rebuilt", { templateID: t.templateID, buildID: rebuild.body.buildID, alias: "Rebuilt" });
  });

  test("once the held build finishes, the template starts sandboxes", async () => {
    held.release(HELD_IMAGE);
    await eventually(async () => ((await ctx.api.get("/templates/still-building")).body.buildStatus === "ready" ? true : undefined), 5_000, "the held build");
    await expectCreated("still-building", { ...building, alias: "Still-Building" });
  });
});

describe("a deleted template", () => {
  test("its sandboxes stay readable and listed, without an alias; new ones → 404 template_not_found", async () => {
    const t = await createTemplateAndWait(ctx.api, { name: "Gone-Soon", image: "alpine:3.20" });
    const { sandboxID } = await expectCreated("gone-soon", { ...t, alias: "Gone-Soon" });
    expect((await ctx.api.delete("/templates/gone-soon")).status).toBe(204);
    const r = await ctx.api.get(`/sandboxes/${sandboxID}`);
    expect(r.status).toBe(200);
    expect(r.body.templateID).toBe(t.templateID);
    expect(r.body).not.toHaveProperty("alias");
    const listed = (await ctx.api.get("/v2/sandboxes?limit=1000")).body.find((s: { sandboxID: string }) => s.sandboxID === sandboxID);
    const { domain: _domain, lifecycle: _lifecycle, ...detail } = r.body;
    expect(listed).toEqual(detail);
    expectGatewayError(await create("gone-soon"), 404, "template_not_found");
    const byId = await create(t.templateID);
    expectGatewayError(byId, 404, "template_not_found");
    expect(byId.body.message).toBe(`template '${t.templateID}' not found`);
    expect((await ctx.api.delete(`/sandboxes/${sandboxID}`)).status).toBe(204);
  });
});

describe("the name is resolved fresh, never from master's cache", () => {
  test("renamed behind master's back (old name cached as found, new as unknown): a create by the new name works, by the old one → 404", async () => {
    const a = await createTemplateAndWait(ctx.api, { name: "fresh-old", image: "alpine:3.20" });
    // Warm master's cache both ways: "fresh-old" → A, "fresh-new" → nobody.
    expect((await ctx.api.get("/templates/lookup?name=fresh-old")).body.templateID).toBe(a.templateID);
    expectGatewayError(await ctx.api.get("/templates/lookup?name=fresh-new"), 404, "template_not_found");
    await renameBehindMastersBack(a.templateID, "fresh-new");
    // The cache is stale, as intended: cached reads still see the old state.
    expect((await ctx.api.get("/templates/lookup?name=fresh-old")).body.templateID).toBe(a.templateID);
    expectGatewayError(await ctx.api.get("/templates/lookup?name=fresh-new"), 404, "template_not_found");
    // Master's own cached lookup agrees with the stale state.
    expect((await ctx.master.api.get("/lookup?name=fresh-old")).status).toBe(200);

    await expectCreated("fresh-new", { ...a, alias: "fresh-new" });
    const old = await create("fresh-old");
    expectGatewayError(old, 404, "template_not_found");
    expect(old.body.message).toBe("template 'fresh-old' not found");
  });

  test("a name moved from A to B behind master's back: a create by that name starts from B", async () => {
    const a = await createTemplateAndWait(ctx.api, { name: "moving-name", image: "alpine:3.20" });
    const b = await createTemplateAndWait(ctx.api, { name: "moving-target", image: "alpine:3.20", cpuCount: 4 });
    expect((await ctx.api.get("/templates/lookup?name=moving-name")).body.templateID).toBe(a.templateID);
    await renameBehindMastersBack(a.templateID, null);
    await renameBehindMastersBack(b.templateID, "moving-name");
    expect((await ctx.api.get("/templates/lookup?name=moving-name")).body.templateID).toBe(a.templateID);

    const { sandboxID } = await expectCreated("moving-name", { ...b, alias: "moving-name" });
    expect((await ctx.api.get(`/sandboxes/${sandboxID}`)).body).toMatchObject({ templateID: b.templateID, cpuCount: 4 });
  });

  test("a rename through the gateway (PATCH) is seen by the next create at once", async () => {
    const t = await createTemplateAndWait(ctx.api, { name: "patch-before", image: "alpine:3.20" });
    await expectCreated("patch-before", { ...t, alias: "patch-before" });
    expect((await ctx.api.patch("/templates/patch-before", { name: "patch-after" })).status).toBe(200);
    await expectCreated("patch-after", { ...t, alias: "patch-after" });
    expectGatewayError(await create("patch-before"), 404, "template_not_found");
  });

  test("a template renamed after its sandbox started: the sandbox shows the current name as its alias", async () => {
    const t = await createTemplateAndWait(ctx.api, { name: "alias-then", image: "alpine:3.20" });
    const { sandboxID } = await expectCreated("alias-then", { ...t, alias: "alias-then" });
    await ctx.api.patch("/templates/alias-then", { name: "alias-now" });
    expect((await ctx.api.get(`/sandboxes/${sandboxID}`)).body.alias).toBe("alias-now");
  });
});
