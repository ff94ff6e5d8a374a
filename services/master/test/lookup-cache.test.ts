import { describe, expect, test } from "@jest/globals";
import { expectErrorShape, holdingBuilder, metric, startTestMaster, useTestMaster, waitForStatus } from "./support.js";

// Images tagged `hold` / `hold-fail` build only once released: a test sees their build in progress.
const held = holdingBuilder();
const ctx = useTestMaster({ builder: held.builder });

const dbQueries = () => metric(ctx.master.api, "cubicle_name_lookup_db_queries_total");
const lookups = async () => (await metric(ctx.master.api, "cubicle_name_cache_hits_total")) + (await metric(ctx.master.api, "cubicle_name_cache_misses_total"));

describe("stampede", () => {
  test("200 concurrent lookups of one uncached unknown name cause one database query", async () => {
    const before = await dbQueries();
    const seen = await lookups();
    const replies = await Promise.all(Array.from({ length: 200 }, () => ctx.master.api.get("/lookup?name=stampede-unknown")));
    expect(replies.every((r) => r.status === 404)).toBe(true);
    expect((await dbQueries()) - before).toBe(1);
    expect((await lookups()) - seen).toBe(200);
  });

  test("200 concurrent lookups of one uncached existing name cause one database query", async () => {
    const { body } = await ctx.master.api.post("/templates", { displayName: "stampede-known", image: "alpine" });
    await waitForStatus(ctx.master.api, body.templateId, ["ready"]);
    const before = await dbQueries();
    const replies = await Promise.all(Array.from({ length: 200 }, () => ctx.master.api.get("/lookup?name=STAMPEDE-known")));
    expect(replies.every((r) => r.status === 200 && r.body.templateId === body.templateId)).toBe(true);
    expect((await dbQueries()) - before).toBe(1);
  });
});

describe("cached answers and invalidation", () => {
  test("a repeated lookup is answered from the cache; fresh=true always reads the database", async () => {
    const { body } = await ctx.master.api.post("/templates", { displayName: "cached-one", image: "alpine" });
    // The build's progress changes the answer (and its notifications drop the entry): let it finish first.
    await waitForStatus(ctx.master.api, body.templateId, ["ready"]);
    await new Promise((r) => setTimeout(r, 200));
    await ctx.master.api.get("/lookup?name=cached-one");
    const before = await dbQueries();
    for (let i = 0; i < 5; i++) expect((await ctx.master.api.get("/lookup?name=cached-one")).status).toBe(200);
    expect((await dbQueries()) - before).toBe(0);
    for (let i = 0; i < 3; i++) await ctx.master.api.get("/lookup?name=cached-one&fresh=true");
    expect((await dbQueries()) - before).toBe(3);
  });

  test("creating a name that was cached as unknown makes it found at once", async () => {
    expectErrorShape(await ctx.master.api.get("/lookup?name=late-comer"), 404, "template_not_found");
    const { body } = await ctx.master.api.post("/templates", { displayName: "late-comer", image: "alpine" });
    expect((await ctx.master.api.get("/lookup?name=late-comer")).body.templateId).toBe(body.templateId);
  });

  test("renaming, clearing and deleting invalidate the cached names", async () => {
    const { body } = await ctx.master.api.post("/templates", { displayName: "old-name", image: "alpine" });
    expect((await ctx.master.api.get("/lookup?name=old-name")).status).toBe(200);
    expectErrorShape(await ctx.master.api.get("/lookup?name=new-name"), 404, "template_not_found");

    await ctx.master.api.post("/display-name", { templateId: body.templateId, displayName: "new-name" });
    expectErrorShape(await ctx.master.api.get("/lookup?name=old-name"), 404, "template_not_found");
    expect((await ctx.master.api.get("/lookup?name=new-name")).body.templateId).toBe(body.templateId);

    await ctx.master.api.post("/display-name", { templateId: body.templateId, displayName: null });
    expectErrorShape(await ctx.master.api.get("/lookup?name=new-name"), 404, "template_not_found");

    await ctx.master.api.post("/display-name", { templateId: body.templateId, displayName: "doomed" });
    expect((await ctx.master.api.get("/lookup?name=doomed")).status).toBe(200);
    expect((await ctx.master.api.delete(`/templates/${body.templateId}`)).status).toBe(204);
    expectErrorShape(await ctx.master.api.get("/lookup?name=doomed"), 404, "template_not_found");
  });

  test("a first-build failure invalidates the cached name", async () => {
    const { body } = await ctx.master.api.post("/templates", { displayName: "short-lived", image: "short-lived:hold-fail" });
    expect((await ctx.master.api.get("/lookup?name=short-lived")).body.status).toBe("building");
    held.release("short-lived:hold-fail");
    await waitForStatus(ctx.master.api, body.templateId, ["failed"]);
    expectErrorShape(await ctx.master.api.get("/lookup?name=short-lived"), 404, "template_not_found");
  });

  test("a build becoming ready is seen by cached lookups", async () => {
    const { body } = await ctx.master.api.post("/templates", { displayName: "getting-ready", image: "getting-ready:hold" });
    expect((await ctx.master.api.get("/lookup?name=getting-ready")).body.status).toBe("building");
    held.release("getting-ready:hold");
    await waitForStatus(ctx.master.api, body.templateId, ["ready"]);
    expect((await ctx.master.api.get("/lookup?name=getting-ready")).body.status).toBe("ready");
  });
});

describe("memory stays bounded", () => {
  test("a thousand distinct unknown names leave the negative cache at its cap", async () => {
    const small = await startTestMaster({ NAME_CACHE_NEGATIVE_MAX: "50", NAME_CACHE_MAX: "20" });
    try {
      for (let batch = 0; batch < 10; batch++) {
        await Promise.all(Array.from({ length: 100 }, (_, i) => small.api.get(`/lookup?name=ghost-${batch}-${i}`)));
      }
      expect(await metric(small.api, "cubicle_name_cache_entries", '{kind="negative"}')).toBe(50);
      expect(await metric(small.api, "cubicle_name_cache_entries", '{kind="in_flight"}')).toBe(0);
    } finally {
      await small.close();
    }
  });
});
