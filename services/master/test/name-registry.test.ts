import { describe, expect, test } from "@jest/globals";
import { expectErrorShape, useTestMaster, waitForBuild, waitForStatus } from "./support.js";

const ctx = useTestMaster({ truncate: "each" });

/** Mixes the letter case of a name in a way that varies with `i`. */
const mixCase = (name: string, i: number) =>
  [...name].map((c, j) => (((i >> j % 8) & 1) === 1 ? c.toUpperCase() : c.toLowerCase())).join("");

describe("reserving a name is atomic", () => {
  test("100 concurrent creates of one name in mixed letter cases: exactly one 202, 99 × 409, one row holds the name", async () => {
    const replies = await Promise.all(
      Array.from({ length: 100 }, (_, i) => ctx.master.api.post("/templates", { displayName: mixCase("race-name", i), image: "alpine" })),
    );
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s === 202)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(99);
    for (const r of replies.filter((r) => r.status === 409)) expectErrorShape(r, 409, "name_taken");
    const holders = await ctx.db.query("SELECT id, display_name FROM templates WHERE name_key = 'race-name'");
    expect(holders.rowCount).toBe(1);
    const winner = replies.find((r) => r.status === 202)!;
    expect(holders.rows[0].id).toBe(winner.body.templateId);
    // No template rows were left behind by the losers.
    expect((await ctx.db.query("SELECT count(*)::int AS n FROM templates")).rows[0].n).toBe(1);
  });

  test("50 concurrent renames of different templates to one name: exactly one wins", async () => {
    const ids = await Promise.all(Array.from({ length: 50 }, async () => (await ctx.master.api.post("/templates", { image: "alpine" })).body.templateId as string));
    const replies = await Promise.all(ids.map((templateId, i) => ctx.master.api.post("/display-name", { templateId, displayName: mixCase("rename-race", i) })));
    expect(replies.filter((r) => r.status === 200)).toHaveLength(1);
    expect(replies.filter((r) => r.status === 409)).toHaveLength(49);
    expect((await ctx.db.query("SELECT count(*)::int AS n FROM templates WHERE name_key = 'rename-race'")).rows[0].n).toBe(1);
  });
});

describe("names are released when a template's first build fails", () => {
  test("the failed template loses its name at once and a new template can take it", async () => {
    const failed = (await ctx.master.api.post("/templates", { displayName: "Phoenix", image: "alpine:fail" })).body;
    const t = await waitForStatus(ctx.master.api, failed.templateId, ["failed", "ready"]);
    expect(t.status).toBe("failed");
    expect(t.displayName).toBeNull();
    const build = t.builds[0];
    expect(build).toMatchObject({ status: "failed", reason: expect.stringContaining("alpine:fail") });
    expectErrorShape(await ctx.master.api.get("/lookup?name=phoenix"), 404, "template_not_found");
    const reborn = await ctx.master.api.post("/templates", { displayName: "PHOENIX", image: "alpine" });
    expect(reborn.status).toBe(202);
    expect((await ctx.master.api.get("/lookup?name=phoenix&fresh=true")).body.templateId).toBe(reborn.body.templateId);
  });

  test("a failed rebuild of a ready template keeps it ready on its last good build, with its name", async () => {
    const created = (await ctx.master.api.post("/templates", { displayName: "steady", image: "alpine:3.20" })).body;
    await waitForStatus(ctx.master.api, created.templateId, ["ready"]);
    const rebuild = await ctx.master.api.post(`/templates/${created.templateId}/rebuild`, { image: "alpine:fail" });
    expect(rebuild.status).toBe(202);
    const build = await waitForBuild(ctx.master.api, created.templateId, rebuild.body.buildId);
    expect(build.status).toBe("failed");
    const t = (await ctx.master.api.get(`/templates/${created.templateId}`)).body;
    expect(t).toMatchObject({ status: "ready", displayName: "steady", readyBuildId: created.buildId, image: "alpine:3.20" });
    expect((await ctx.master.api.get("/lookup?name=steady")).body).toMatchObject({ templateId: created.templateId, status: "ready", buildId: created.buildId });
    expectErrorShape(await ctx.master.api.post("/templates", { displayName: "steady", image: "alpine" }), 409, "name_taken");
  });

  test("a name later given to a failed template whose only build failed is free for others", async () => {
    const failed = (await ctx.master.api.post("/templates", { image: "alpine:fail" })).body;
    await waitForStatus(ctx.master.api, failed.templateId, ["failed"]);
    expect((await ctx.master.api.post("/display-name", { templateId: failed.templateId, displayName: "Lingering" })).status).toBe(200);
    const other = (await ctx.master.api.post("/templates", { image: "alpine" })).body;
    const renamed = await ctx.master.api.post("/display-name", { templateId: other.templateId, displayName: "lingering" });
    expect(renamed.status).toBe(200);
    expect((await ctx.master.api.get(`/templates/${failed.templateId}`)).body.displayName).toBeNull();
    const created = await ctx.master.api.post("/templates", { displayName: "Lingering2", image: "alpine" });
    expect(created.status).toBe(202);
  });

  test("a failed template rebuilt successfully is ready again and can be named", async () => {
    const failed = (await ctx.master.api.post("/templates", { displayName: "second-try", image: "alpine:fail" })).body;
    await waitForStatus(ctx.master.api, failed.templateId, ["failed"]);
    const rebuild = await ctx.master.api.post(`/templates/${failed.templateId}/rebuild`, { image: "alpine:3.20" });
    expect(rebuild.body.status).toBe("building");
    await waitForStatus(ctx.master.api, failed.templateId, ["ready"]);
    expect((await ctx.master.api.post("/display-name", { templateId: failed.templateId, displayName: "second-try" })).status).toBe(200);
  });
});
