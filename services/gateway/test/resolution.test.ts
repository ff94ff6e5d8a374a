import { renameBehindMastersBack as renameInDatabaseOnly } from "../../../test-support/templates.js";
import { describe, expect, test } from "@jest/globals";
import { lookupResponseSchema } from "@cubicle/contracts";
import { expectGatewayError, expectSchema, useTestGateway, waitForGatewayBuild } from "./support.js";

// Master caches name lookups, found and unknown names alike, for an hour here: long enough
// that a cache made stale behind master's back stays stale for the whole test.
const HOUR = String(60 * 60 * 1000);
const ctx = useTestGateway({ masterEnv: { NAME_CACHE_TTL_MS: HOUR, NAME_CACHE_NEGATIVE_TTL_MS: HOUR } });

async function createReady(name: string | undefined) {
  const r = await ctx.api.post("/templates", { ...(name && { name }), image: "alpine" });
  expect(r.status).toBe(202);
  await waitForGatewayBuild(ctx.api, r.body.templateID, r.body.buildID, ["ready"]);
  return r.body as { templateID: string; buildID: string };
}

/** Renames a template in the database only, so master's name cache does not hear of it. */
async function renameBehindMastersBack(templateId: string, displayName: string | null) {
  expect(await renameInDatabaseOnly(ctx.db, templateId, displayName)).toBe(1);
}

async function templateExists(templateId: string): Promise<boolean> {
  const r = await ctx.db.query("SELECT 1 FROM templates WHERE id = $1", [templateId]);
  return r.rowCount === 1;
}

describe("references: a display name or an id", () => {
  test("a name resolves in any letter case and with surrounding blanks", async () => {
    const { templateID } = await createReady("Resolve-Me");
    for (const ref of ["Resolve-Me", "resolve-me", "RESOLVE-ME", "%20resolve-ME%20"]) {
      const r = await ctx.api.get(`/templates/${ref}`);
      expect(r.status).toBe(200);
      expect(r.body.templateID).toBe(templateID);
    }
  });

  test("an id in any letter case reaches the template for reads and for every change", async () => {
    const { templateID, buildID } = await createReady(undefined);
    const upper = templateID.toUpperCase();
    expect((await ctx.api.get(`/templates/${upper}`)).body.templateID).toBe(templateID);
    expect((await ctx.api.get(`/templates/${upper}/builds/${buildID}/status`)).body).toMatchObject({ templateID, status: "ready" });
    expect((await ctx.api.post(`/templates/${upper}/builds/${buildID}`)).body).toMatchObject({ templateID, status: "ready" });
    expect((await ctx.api.patch(`/templates/${upper}`, { name: "named-by-id" })).body).toEqual({ templateID, names: ["named-by-id"] });
    const rebuilt = await ctx.api.post(`/templates/${upper}`, {});
    expect(rebuilt.body.templateID).toBe(templateID);
    await waitForGatewayBuild(ctx.api, templateID, rebuilt.body.buildID, ["ready"]);
    expect((await ctx.api.delete(`/templates/${upper}`)).status).toBe(204);
    expect(await templateExists(templateID)).toBe(false);
  });

  test("an id of a deleted template → 404 template_not_found", async () => {
    const { templateID } = await createReady(undefined);
    await ctx.api.delete(`/templates/${templateID}`);
    for (const r of [await ctx.api.get(`/templates/${templateID}`), await ctx.api.patch(`/templates/${templateID}`, { name: "x3" }), await ctx.api.post(`/templates/${templateID}`, {})]) {
      expectGatewayError(r, 404, "template_not_found");
    }
  });
});

describe("references with a tag: 'name:tag' names one build", () => {
  test("reads take a tag (the template it belongs to); changes to the whole template refuse one with 400 and change nothing", async () => {
    const { templateID, buildID } = await createReady("Tag-Ref");
    expect((await ctx.api.get("/templates/Tag-Ref:default")).body.templateID).toBe(templateID);
    expectGatewayError(await ctx.api.get("/templates/Tag-Ref:v9"), 404, "tag_not_found");
    const changes: [string, string, unknown][] = [
      ["DELETE", "/templates/Tag-Ref:default", undefined],
      ["PATCH", "/templates/Tag-Ref:default", { name: "renamed" }],
      ["PATCH", "/v2/templates/Tag-Ref:default", { public: true }],
      ["POST", "/templates/Tag-Ref:default", {}],
      ["POST", `/templates/Tag-Ref:default/builds/${buildID}`, {}],
      ["DELETE", "/templates/tags", { name: "Tag-Ref:default", tags: ["v1"] }],
    ];
    for (const [method, path, body] of changes) {
      const r = await ctx.api.call(method, path, body);
      expectGatewayError(r, 400, "invalid_request");
      expect({ path, reason: r.body.details?.reason }).toEqual({ path, reason: "tag_not_allowed" });
    }
    const after = await ctx.api.get(`/templates/${templateID}`);
    expect({ names: after.body.names, builds: after.body.builds.length, public: after.body.public }).toEqual({ names: ["Tag-Ref"], builds: 1, public: false });
  });
});

describe("changes resolve names fresh, never from master's cache", () => {
  test("a name cached for template A, then moved in the database: reads may see A, but DELETE, PATCH, rebuild and start build by that name answer 404 and leave A alone", async () => {
    const a = await createReady("alpha");
    // Warm master's cache: "alpha" → A.
    expect((await ctx.api.get("/templates/alpha")).body.templateID).toBe(a.templateID);
    await renameBehindMastersBack(a.templateID, "beta");

    // The cached read still answers A under its old name: the cache is stale, as intended here.
    const cached = await ctx.api.get("/templates/lookup?name=alpha");
    expect(cached.status).toBe(200);
    expect(cached.body.templateID).toBe(a.templateID);

    expectGatewayError(await ctx.api.delete("/templates/alpha"), 404, "template_not_found");
    expect(await templateExists(a.templateID)).toBe(true);
    expectGatewayError(await ctx.api.patch("/templates/alpha", { name: "gamma" }), 404, "template_not_found");
    expectGatewayError(await ctx.api.post("/templates/alpha", {}), 404, "template_not_found");
    expectGatewayError(await ctx.api.post(`/templates/alpha/builds/${a.buildID}`), 404, "template_not_found");

    // A is untouched: same name (beta), one build, reachable by id and by its real name.
    const t = await ctx.api.get(`/templates/${a.templateID}`);
    expect(t.body).toMatchObject({ templateID: a.templateID, names: ["beta"], buildCount: 1, buildStatus: "ready" });
    expect((await ctx.api.get("/templates/lookup?name=beta")).body.templateID).toBe(a.templateID);
    expectGatewayError(await ctx.api.get("/templates/lookup?name=gamma"), 404, "template_not_found");
  });

  test("a stale cached name is never used to change another template that now holds it", async () => {
    const a = await createReady("stale-owner");
    const b = await createReady("new-owner");
    expect((await ctx.api.get("/templates/lookup?name=stale-owner")).body.templateID).toBe(a.templateID);
    // Behind master's back the name moves from A to B.
    await renameBehindMastersBack(a.templateID, null);
    await renameBehindMastersBack(b.templateID, "stale-owner");
    expect((await ctx.api.get("/templates/lookup?name=stale-owner")).body.templateID).toBe(a.templateID);

    // The change reaches B, the template that holds the name now, not A.
    const renamed = await ctx.api.patch("/templates/stale-owner", { name: "renamed-b" });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toEqual({ templateID: b.templateID, names: ["renamed-b"] });
    expect((await ctx.api.get(`/templates/${a.templateID}`)).body.names).toEqual([]);
    expect(await templateExists(a.templateID)).toBe(true);
  });

  test("a name cached as unknown, then given to a template in the database: DELETE by that name still finds and deletes it", async () => {
    expectGatewayError(await ctx.api.get("/templates/lookup?name=delta"), 404, "template_not_found");
    const d = await createReady(undefined);
    await renameBehindMastersBack(d.templateID, "delta");
    // The negative answer is still cached for reads.
    expectGatewayError(await ctx.api.get("/templates/lookup?name=delta"), 404, "template_not_found");

    expect((await ctx.api.delete("/templates/delta")).status).toBe(204);
    expect(await templateExists(d.templateID)).toBe(false);
  });

  test("a fresh lookup for a change also corrects the cache for later reads", async () => {
    const e = await createReady("epsilon");
    expect((await ctx.api.get("/templates/lookup?name=epsilon")).status).toBe(200);
    await renameBehindMastersBack(e.templateID, "zeta");
    expect((await ctx.api.get("/templates/lookup?name=epsilon")).status).toBe(200);
    expectGatewayError(await ctx.api.delete("/templates/epsilon"), 404, "template_not_found");
    expectGatewayError(await ctx.api.get("/templates/lookup?name=epsilon"), 404, "template_not_found");
  });

  test("reads through the gateway see renames made through it at once (master invalidates its cache)", async () => {
    const { templateID } = await createReady("before-rename");
    const before = await ctx.api.get("/templates/lookup?name=before-rename");
    expectSchema(lookupResponseSchema, before.body);
    expect(before.body).toEqual({ templateID, buildID: expect.any(String), names: ["before-rename"], buildStatus: "ready" });
    await ctx.api.patch("/templates/before-rename", { name: "after-rename" });
    expectGatewayError(await ctx.api.get("/templates/lookup?name=before-rename"), 404, "template_not_found");
    expectGatewayError(await ctx.api.get("/templates/aliases/before-rename"), 404, "template_not_found");
    expect((await ctx.api.get("/templates/lookup?name=after-rename")).body).toEqual({ templateID, buildID: expect.any(String), names: ["after-rename"], buildStatus: "ready" });
    expect((await ctx.api.get("/templates/aliases/after-rename")).body).toEqual({ templateID, public: false });
  });
});
