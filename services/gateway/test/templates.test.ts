import { describe, expect, test } from "@jest/globals";
import {
  buildStatusResponseSchema,
  createTemplateResponseSchema,
  startBuildResponseSchema,
  templateListSchema,
  templateWithBuildsSchema,
  updateTemplateResponseSchema,
} from "@cubicle/contracts";
import {
  TEMPLATE_ID,
  UUID,
  expectGatewayError,
  type Reply,
  expectSchema,
  holdingBuilder,
  truncateTables,
  useTestGateway,
  waitForGatewayBuild,
} from "./support.js";
import { expectE2bResponse } from "../../../test-support/e2b-schema.js";

const held = holdingBuilder();
const ctx = useTestGateway({ builder: held.builder });

const create = (body: unknown) => ctx.api.post("/templates", body);
const NO_SUCH_ID = `tpl-${"0".repeat(24)}`;
const NO_SUCH_BUILD = "00000000-0000-4000-8000-000000000000";

/** Creates a template through the gateway and waits until its first build is ready. */
async function createReady(body: Record<string, unknown>) {
  const r = await create(body);
  expect(r.status).toBe(202);
  await waitForGatewayBuild(ctx.api, r.body.templateID, r.body.buildID, ["ready"]);
  return r.body as { templateID: string; buildID: string; names: string[] };
}

describe("POST /templates", () => {
  test("a name and an image → 202 with the new ids, the name in names and aliases, the default size and public: false", async () => {
    const r = await create({ name: "create-basic", image: "alpine:3.20" });
    expect(r.status).toBe(202);
    expectSchema(createTemplateResponseSchema, r.body);
    expect(r.body).toEqual({
      templateID: expect.stringMatching(TEMPLATE_ID),
      buildID: expect.stringMatching(UUID),
      names: ["create-basic"],
      aliases: ["create-basic"],
      buildStatus: "waiting",
      cpuCount: 2,
      memoryMB: 512,
      public: false,
    });
    const t = await ctx.api.get(`/templates/${r.body.templateID}`);
    expect(t.body).toMatchObject({ templateID: r.body.templateID, names: ["create-basic"], builds: [expect.objectContaining({ buildID: r.body.buildID })] });
  });

  test("`alias` alone names the template", async () => {
    const r = await create({ alias: "create-by-alias", image: "alpine" });
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ names: ["create-by-alias"], aliases: ["create-by-alias"] });
    expect((await ctx.api.get("/templates/lookup?name=create-by-alias")).body.templateID).toBe(r.body.templateID);
  });

  test("`name` and `alias` both given and equal → accepted", async () => {
    const r = await create({ name: "create-both", alias: "create-both", image: "alpine" });
    expect(r.status).toBe(202);
    expect(r.body.names).toEqual(["create-both"]);
  });

  test("`name` and `alias` both given and different → 400 invalid_request, nothing created", async () => {
    const r = await create({ name: "create-one", alias: "create-two", image: "alpine" });
    expectGatewayError(r, 400, "invalid_request");
    expect(r.body.message).toMatch(/alias/);
    expectGatewayError(await ctx.api.get("/templates/lookup?name=create-one"), 404, "template_not_found");
    expectGatewayError(await ctx.api.get("/templates/lookup?name=create-two"), 404, "template_not_found");
  });

  test("the name is stored trimmed, in the letter case it was given", async () => {
    const r = await create({ name: "  Web-App_1 ", image: "alpine" });
    expect(r.body.names).toEqual(["Web-App_1"]);
    expect((await ctx.api.get("/templates/web-app_1")).body.names).toEqual(["Web-App_1"]);
  });

  test("no name → names: [] and aliases: []", async () => {
    const r = await create({ image: "alpine" });
    expect(r.status).toBe(202);
    expectSchema(createTemplateResponseSchema, r.body);
    expect(r.body).toMatchObject({ names: [], aliases: [] });
    expect((await ctx.api.get(`/templates/${r.body.templateID}`)).body).toMatchObject({ names: [], aliases: [] });
  });

  test("the cpuCount and memoryMB asked for are kept", async () => {
    const r = await create({ image: "ghcr.io/org/app:1.0", cpuCount: 4, memoryMB: 2048 });
    expect(r.body).toMatchObject({ cpuCount: 4, memoryMB: 2048 });
    expect((await ctx.api.get(`/templates/${r.body.templateID}`)).body).toMatchObject({ cpuCount: 4, memoryMB: 2048 });
  });

  test.each([
    ["an empty name", "", "empty"],
    ["a blank name", "   ", "empty"],
    ["a name with a space", "my app", "invalid_chars"],
    ["a name starting with '-'", "-app", "invalid_chars"],
    ["a name with a slash", "a/b", "invalid_chars"],
    ["a name starting with tpl- in any case", "TPL-app", "reserved_prefix"],
    ["a name starting with snap-", "snap-1", "reserved_prefix"],
    ["'lookup', a path of the API (GET /templates/lookup)", "Lookup", "reserved_name"],
    ["a name of 257 characters", "a".repeat(257), "too_long"],
  ])("%s → 400 invalid_name with details.reason", async (_what, name, reason) => {
    const r = await create({ name, image: "alpine" });
    expectGatewayError(r, 400, "invalid_name");
    expect(r.body.details).toEqual({ reason });
  });

  test("an invalid `alias` is refused like an invalid name", async () => {
    const r = await create({ alias: "bad alias", image: "alpine" });
    expectGatewayError(r, 400, "invalid_name");
    expect(r.body.details).toEqual({ reason: "invalid_chars" });
  });

  test("a name of exactly 256 characters is accepted", async () => {
    const name = "n".repeat(256);
    const r = await create({ name, image: "alpine" });
    expect(r.status).toBe(202);
    expect(r.body.names).toEqual([name]);
  });

  test("a name another template holds in another letter case → 409 name_taken", async () => {
    expect((await create({ name: "Taken-Name", image: "alpine" })).status).toBe(202);
    const r = await create({ name: "tAKEN-nAME", image: "alpine" });
    expectGatewayError(r, 409, "name_taken");
    expect(r.body.message).toMatch(/tAKEN-nAME/);
  });

  test.each([
    ["no image", { name: "no-image" }, /body is missing the required field 'image'/],
    ["an image that is not a reference", { image: "Not An Image" }, /body\.image/],
    ["an image that is not a string", { image: 42 }, /body\.image/],
    ["an unknown field", { image: "alpine", colour: "red" }, /unknown field 'colour'/],
    ["cpuCount of 0", { image: "alpine", cpuCount: 0 }, /body\.cpuCount/],
    ["cpuCount of 65", { image: "alpine", cpuCount: 65 }, /body\.cpuCount/],
    ["cpuCount that is not whole", { image: "alpine", cpuCount: 1.5 }, /body\.cpuCount/],
    ["memoryMB below the minimum", { image: "alpine", memoryMB: 64 }, /body\.memoryMB/],
    ["memoryMB of the wrong type", { image: "alpine", memoryMB: "lots" }, /body\.memoryMB/],
    ["a name that is not a string", { image: "alpine", name: 42 }, /body\.name/],
    ["a body that is an array", [1, 2], /body/],
  ])("%s → 400 invalid_request naming the field", async (_what, body, message) => {
    const r = await create(body);
    expectGatewayError(r, 400, "invalid_request");
    expect(r.body.message).toMatch(message);
  });

  test("a body that is not JSON → 400 invalid_request", async () => {
    const r = await ctx.api.call("POST", "/templates", "{not json", { "content-type": "application/json" });
    expectGatewayError(r, 400, "invalid_request");
    expect(r.body.message).toMatch(/JSON/);
  });

  test("no body at all → 400 invalid_request naming the missing image", async () => {
    const r = await ctx.api.post("/templates");
    expectGatewayError(r, 400, "invalid_request");
    expect(r.body.message).toMatch(/image/);
  });

  test("a body over 64 kB → 413 payload_too_large", async () => {
    expectGatewayError(await create({ image: "alpine", name: "x".repeat(70_000) }), 413, "payload_too_large");
  });
});

describe("GET /templates", () => {
  test("answers an array of E2B Template objects, newest first; names hold the display name or are empty", async () => {
    await truncateTables(undefined, { nodes: false });
    const named = await createReady({ name: "Listed-One", image: "alpine" });
    const unnamed = (await create({ image: "alpine", cpuCount: 3 })).body;
    const r = await ctx.api.get("/templates");
    expect(r.status).toBe(200);
    expectSchema(templateListSchema, r.body);
    expect(r.headers.get("x-next-token")).toBeNull();
    expect(r.body.map((t: { templateID: string }) => t.templateID)).toEqual([unnamed.templateID, named.templateID]);
    expect(r.body[1]).toEqual({
      templateID: named.templateID,
      buildID: named.buildID,
      names: ["Listed-One"],
      aliases: ["Listed-One"],
      buildStatus: "ready",
      cpuCount: 2,
      memoryMB: 512,
      public: false,
      buildCount: 1,
      diskSizeMB: 1024,
      envdVersion: "0.2.0",
      spawnCount: 0,
      lastSpawnedAt: null,
      createdBy: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(r.body[0]).toMatchObject({ templateID: unnamed.templateID, names: [], aliases: [], cpuCount: 3 });
    expectE2bResponse("GET", "/templates", 200, r.body);
  });

  test("pages: `limit` sizes a page, `x-next-token` is passed back as `nextToken`, the last page has no token", async () => {
    await truncateTables(undefined, { nodes: false });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await create({ name: `page-${i}`, image: "alpine" })).body.templateID);

    const seen: string[] = [];
    const pageSizes: number[] = [];
    let token: string | null = null;
    do {
      const r: Reply = await ctx.api.get(`/templates?limit=2${token ? `&nextToken=${token}` : ""}`);
      expect(r.status).toBe(200);
      expectSchema(templateListSchema, r.body);
      pageSizes.push(r.body.length);
      seen.push(...r.body.map((t: { templateID: string }) => t.templateID));
      token = r.headers.get("x-next-token");
    } while (token !== null && pageSizes.length < 10);
    expect(pageSizes).toEqual([2, 2, 1]);
    expect(seen).toEqual([...ids].reverse());
  });

  test("`name` searches display names in any letter case, paged like the whole list; '_' and '%' match only themselves", async () => {
    await truncateTables(undefined, { nodes: false });
    const made: Record<string, string> = {};
    for (const name of ["Search-Api", "search-web", "other", "api_v2", "api-v2"]) made[name] = (await create({ name, image: "alpine" })).body.templateID;
    await create({ image: "alpine" });
    const search = async (q: string, limit = 100) => {
      const r = await ctx.api.get(`/templates?name=${encodeURIComponent(q)}&limit=${limit}`);
      expect(r.status).toBe(200);
      expectSchema(templateListSchema, r.body);
      return { names: r.body.map((t: { names: string[] }) => t.names[0]), token: r.headers.get("x-next-token") };
    };
    expect((await search("SEARCH")).names).toEqual(["search-web", "Search-Api"]);
    expect((await search(" api ")).names).toEqual(["api-v2", "api_v2", "Search-Api"]);
    expect((await search("i_v")).names).toEqual(["api_v2"]);
    expect((await search("%")).names).toEqual([]);
    expect((await search("nothing-like-it")).names).toEqual([]);
    const first = await search("a", 2);
    expect(first.names).toEqual(["api-v2", "api_v2"]);
    const rest = await ctx.api.get(`/templates?name=a&limit=2&nextToken=${first.token}`);
    expect(rest.body.map((t: { names: string[] }) => t.names[0])).toEqual(["search-web", "Search-Api"]);
    expect(rest.headers.get("x-next-token")).toBeNull();
  });

  test.each(["limit=0", "limit=1001", "limit=abc", "nextToken=not%20a%20token", "name="])("a bad query (%s) → 400 invalid_request naming it", async (query) => {
    const r = await ctx.api.get(`/templates?${query}`);
    expectGatewayError(r, 400, "invalid_request");
    expect(r.body.message).toContain(`query.${query.split("=")[0]}`);
  });

  test.each(["nope", "TPL-000000000000000000000000"])("a nextToken this API did not give out (%s) → 400 invalid_request", async (token) => {
    const r = await ctx.api.get(`/templates?nextToken=${token}`);
    expectGatewayError(r, 400, "invalid_request");
    expect(r.body.message).toBe("the page token is not one this API gave out; start again without it");
  });

  test("a page token stays good when the template it ended on is deleted: no template is skipped", async () => {
    await truncateTables(undefined, { nodes: false });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await create({ name: `keep-${i}`, image: "alpine" })).body.templateID);
    const first = await ctx.api.get("/templates?limit=2");
    expect(first.body.map((t: { templateID: string }) => t.templateID)).toEqual([ids[4], ids[3]]);
    expect((await ctx.api.delete(`/templates/${ids[3]}`)).status).toBe(204);
    const rest = await ctx.api.get(`/templates?limit=10&nextToken=${first.headers.get("x-next-token")}`);
    expect(rest.status).toBe(200);
    expect(rest.body.map((t: { templateID: string }) => t.templateID)).toEqual([ids[2], ids[1], ids[0]]);
  });
});

describe("GET /templates/:ref", () => {
  test("by display name in any letter case and by id in any letter case → the same TemplateWithBuilds", async () => {
    const t = await createReady({ name: "Get-Me", image: "alpine:3.20", memoryMB: 1024 });
    const refs = ["Get-Me", "get-me", "GET-ME", t.templateID, t.templateID.toUpperCase(), `TpL-${t.templateID.slice(4)}`];
    const bodies = [];
    for (const ref of refs) {
      const r = await ctx.api.get(`/templates/${ref}`);
      expect(r.status).toBe(200);
      expectSchema(templateWithBuildsSchema, r.body);
      bodies.push(r.body);
    }
    for (const body of bodies) expect(body).toEqual(bodies[0]);
    expect(bodies[0]).toMatchObject({
      templateID: t.templateID,
      buildID: t.buildID,
      names: ["Get-Me"],
      buildStatus: "ready",
      memoryMB: 1024,
      buildCount: 1,
      builds: [
        {
          buildID: t.buildID,
          status: "ready",
          createdAt: expect.any(String),
          updatedAt: expect.any(String),
          finishedAt: expect.any(String),
          cpuCount: 2,
          memoryMB: 1024,
          diskSizeMB: 1024,
          envdVersion: "0.2.0",
        },
      ],
    });
  });

  test("an unknown name → 404 template_not_found saying exactly which", async () => {
    const r = await ctx.api.get("/templates/No-Such-Template");
    expectGatewayError(r, 404, "template_not_found");
    expect(r.body.message).toBe("template 'No-Such-Template' not found");
  });

  test("a well-formed unknown id → 404 template_not_found", async () => {
    expectGatewayError(await ctx.api.get(`/templates/${NO_SUCH_ID}`), 404, "template_not_found");
  });

  test.each(["tpl-xyz", "TPL-XYZ", `tpl-${"0".repeat(23)}`, `tpl-${"g".repeat(24)}`])("a malformed id (%s) → 400 invalid_request", async (ref) => {
    const r = await ctx.api.get(`/templates/${ref}`);
    expectGatewayError(r, 400, "invalid_request");
    expect(r.body.message).toMatch(/not a valid template id/);
  });

  test.each([
    ["with a space and '!'", "bad%20name!", "invalid_chars"],
    ["with a URL-encoded slash before an invalid name", "a%2Fb%20c", "invalid_chars"],
    ["with a URL-encoded slash after something that is no team slug", "Not_A_Slug%2Fb", "invalid_namespace"],
    ["of 257 characters", "e".repeat(257), "too_long"],
    ["starting with snap-", "snap-1", "reserved_prefix"],
  ])("a ref that is no valid name (%s) → 400 invalid_name with the reason", async (_what, ref, reason) => {
    const r = await ctx.api.get(`/templates/${ref}`);
    expectGatewayError(r, 400, "invalid_name");
    expect(r.body.details).toEqual({ reason });
  });
});

describe("PATCH /templates/:ref", () => {
  test("renames → 200 {templateID, names}; the old name is gone and the new one resolves", async () => {
    const { templateID } = (await create({ name: "rename-old", image: "alpine" })).body;
    const r = await ctx.api.patch("/templates/rename-old", { name: "Rename-New" });
    expect(r.status).toBe(200);
    expectSchema(updateTemplateResponseSchema, r.body);
    expect(r.body).toEqual({ templateID, names: ["Rename-New"] });

    expectGatewayError(await ctx.api.get("/templates/lookup?name=rename-old"), 404, "template_not_found");
    expectGatewayError(await ctx.api.get("/templates/rename-old"), 404, "template_not_found");
    const found = await ctx.api.get("/templates/lookup?name=rename-new");
    expect(found.body).toMatchObject({ templateID, names: ["Rename-New"] });
    expect((await ctx.api.get(`/templates/${templateID}`)).body.names).toEqual(["Rename-New"]);
  });

  test("{name: null} clears the name: names: [] and the name no longer resolves", async () => {
    const { templateID } = (await create({ name: "clear-me", image: "alpine" })).body;
    const r = await ctx.api.patch(`/templates/${templateID.toUpperCase()}`, { name: null });
    expect(r.status).toBe(200);
    expectSchema(updateTemplateResponseSchema, r.body);
    expect(r.body).toEqual({ templateID, names: [] });
    expect((await ctx.api.get(`/templates/${templateID}`)).body).toMatchObject({ names: [], aliases: [] });
    expectGatewayError(await ctx.api.get("/templates/lookup?name=clear-me"), 404, "template_not_found");
  });

  test("a template can take its own name in another letter case", async () => {
    const { templateID } = (await create({ name: "case-change", image: "alpine" })).body;
    const r = await ctx.api.patch("/templates/case-change", { name: "Case-Change" });
    expect(r.body).toEqual({ templateID, names: ["Case-Change"] });
  });

  test("renaming to a name another template holds → 409 name_taken, and both keep their names", async () => {
    const a = (await create({ name: "holder-a", image: "alpine" })).body;
    const b = (await create({ name: "holder-b", image: "alpine" })).body;
    expectGatewayError(await ctx.api.patch("/templates/holder-b", { name: "HOLDER-A" }), 409, "name_taken");
    expect((await ctx.api.get("/templates/lookup?name=holder-a")).body.templateID).toBe(a.templateID);
    expect((await ctx.api.get("/templates/lookup?name=holder-b")).body.templateID).toBe(b.templateID);
  });

  test("an invalid new name → 400 invalid_name; no `name` field, an unknown field or no body → 400 invalid_request", async () => {
    await create({ name: "patch-bad", image: "alpine" });
    const invalid = await ctx.api.patch("/templates/patch-bad", { name: "tpl-nope" });
    expectGatewayError(invalid, 400, "invalid_name");
    expect(invalid.body.details).toEqual({ reason: "reserved_prefix" });
    const missing = await ctx.api.patch("/templates/patch-bad", {});
    expectGatewayError(missing, 400, "invalid_request");
    expect(missing.body.message).toMatch(/'name'/);
    const unknown = await ctx.api.patch("/templates/patch-bad", { name: "x1", image: "alpine" });
    expectGatewayError(unknown, 400, "invalid_request");
    expect(unknown.body.message).toMatch(/unknown field 'image'/);
    expectGatewayError(await ctx.api.patch("/templates/patch-bad"), 400, "invalid_request");
    expect((await ctx.api.get("/templates/lookup?name=patch-bad")).status).toBe(200);
  });

  test("an unknown template → 404 template_not_found", async () => {
    expectGatewayError(await ctx.api.patch("/templates/patch-nobody", { name: "x2" }), 404, "template_not_found");
    expectGatewayError(await ctx.api.patch(`/templates/${NO_SUCH_ID}`, { name: "x2" }), 404, "template_not_found");
  });
});

describe("DELETE /templates/:ref", () => {
  test("by name → 204 with no body; then the template is gone by id and by name, and its name is free", async () => {
    const { templateID } = (await create({ name: "Delete-Me", image: "alpine" })).body;
    const r = await ctx.api.delete("/templates/delete-me");
    expect(r.status).toBe(204);
    expect(r.body).toBeUndefined();
    expectGatewayError(await ctx.api.get(`/templates/${templateID}`), 404, "template_not_found");
    expectGatewayError(await ctx.api.get("/templates/Delete-Me"), 404, "template_not_found");
    expectGatewayError(await ctx.api.delete(`/templates/${templateID}`), 404, "template_not_found");
    expect((await create({ name: "delete-me", image: "alpine" })).status).toBe(202);
  });

  test("by id in upper case → 204", async () => {
    const { templateID } = (await create({ image: "alpine" })).body;
    expect((await ctx.api.delete(`/templates/${templateID.toUpperCase()}`)).status).toBe(204);
    expectGatewayError(await ctx.api.get(`/templates/${templateID}`), 404, "template_not_found");
  });

  test("an unknown name or id → 404; a malformed id → 400", async () => {
    expectGatewayError(await ctx.api.delete("/templates/delete-nobody"), 404, "template_not_found");
    expectGatewayError(await ctx.api.delete(`/templates/${NO_SUCH_ID}`), 404, "template_not_found");
    expectGatewayError(await ctx.api.delete("/templates/tpl-xyz"), 400, "invalid_request");
  });
});

describe("POST /templates/:ref (rebuild)", () => {
  test("→ 202 with a new build, the changed size and the template's name; the new build becomes the template's", async () => {
    const first = await createReady({ name: "rebuild-me", image: "alpine:3.20" });
    const r = await ctx.api.post("/templates/Rebuild-Me", { memoryMB: 1024 });
    expect(r.status).toBe(202);
    expectSchema(createTemplateResponseSchema, r.body);
    expect(r.body).toEqual({
      templateID: first.templateID,
      buildID: expect.stringMatching(UUID),
      names: ["rebuild-me"],
      aliases: ["rebuild-me"],
      buildStatus: "waiting",
      cpuCount: 2,
      memoryMB: 1024,
      public: false,
    });
    expect(r.body.buildID).not.toBe(first.buildID);
    await waitForGatewayBuild(ctx.api, first.templateID, r.body.buildID, ["ready"]);
    const t = await ctx.api.get("/templates/rebuild-me");
    expect(t.body).toMatchObject({ buildID: r.body.buildID, memoryMB: 1024, buildCount: 2 });
    expect(t.body.builds.map((b: { buildID: string }) => b.buildID)).toEqual([r.body.buildID, first.buildID]);
  });

  test("with no body, by id → 202 with the template's current spec", async () => {
    const first = await createReady({ image: "alpine", cpuCount: 3 });
    const r = await ctx.api.post(`/templates/${first.templateID.toUpperCase()}`);
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ templateID: first.templateID, names: [], cpuCount: 3, memoryMB: 512 });
    await waitForGatewayBuild(ctx.api, first.templateID, r.body.buildID);
  });

  test("while a build is in progress → 409 build_in_progress; once it finished, a rebuild is accepted", async () => {
    const image = "held-rebuild:hold";
    const { templateID, buildID } = (await create({ name: "rebuild-busy", image })).body;
    const busy = await ctx.api.post("/templates/rebuild-busy", {});
    expectGatewayError(busy, 409, "build_in_progress");
    held.release(image);
    await waitForGatewayBuild(ctx.api, templateID, buildID, ["ready"]);
    const r = await ctx.api.post("/templates/rebuild-busy", { image: "alpine" });
    expect(r.status).toBe(202);
    await waitForGatewayBuild(ctx.api, templateID, r.body.buildID, ["ready"]);
  });

  test("a bad body → 400 naming the field; an unknown template → 404", async () => {
    await create({ name: "rebuild-bad", image: "alpine" });
    const bad = await ctx.api.post("/templates/rebuild-bad", { image: "UPPER" });
    expectGatewayError(bad, 400, "invalid_request");
    expect(bad.body.message).toMatch(/body\.image/);
    const unknown = await ctx.api.post("/templates/rebuild-bad", { name: "other" });
    expectGatewayError(unknown, 400, "invalid_request");
    expect(unknown.body.message).toMatch(/unknown field 'name'/);
    expectGatewayError(await ctx.api.post("/templates/rebuild-nobody", {}), 404, "template_not_found");
    expectGatewayError(await ctx.api.post(`/templates/${NO_SUCH_ID}`, {}), 404, "template_not_found");
  });
});

describe("POST /templates/:ref/builds/:buildID (start build)", () => {
  test("→ 202 {templateID, buildID, status}: the build's state while it runs and once it is ready", async () => {
    const image = "held-start:hold";
    const { templateID, buildID } = (await create({ name: "start-me", image })).body;
    const running = await ctx.api.post(`/templates/start-me/builds/${buildID}`);
    expect(running.status).toBe(202);
    expectSchema(startBuildResponseSchema, running.body);
    expect(running.body).toEqual({ templateID, buildID, status: expect.stringMatching(/^(waiting|building)$/) });

    held.release(image);
    await waitForGatewayBuild(ctx.api, templateID, buildID, ["ready"]);
    const done = await ctx.api.post(`/templates/${templateID}/builds/${buildID.toUpperCase()}`);
    expect(done.status).toBe(202);
    expect(done.body).toEqual({ templateID, buildID, status: "ready" });
  });

  test("an unknown build, or a build of another template → 404 build_not_found; a malformed build id → 400", async () => {
    const a = (await create({ name: "start-a", image: "alpine" })).body;
    const b = (await create({ image: "alpine" })).body;
    expectGatewayError(await ctx.api.post(`/templates/start-a/builds/${NO_SUCH_BUILD}`), 404, "build_not_found");
    expectGatewayError(await ctx.api.post(`/templates/${a.templateID}/builds/${b.buildID}`), 404, "build_not_found");
    const malformed = await ctx.api.post("/templates/start-a/builds/not-a-uuid");
    expectGatewayError(malformed, 400, "invalid_request");
    expect(malformed.body.message).toMatch(/buildID/);
    expectGatewayError(await ctx.api.post(`/templates/start-nobody/builds/${a.buildID}`), 404, "template_not_found");
  });
});

describe("GET /templates/:ref/builds/:buildID/status", () => {
  test("a ready build: status ready, logs are the messages of logEntries, the same log master keeps", async () => {
    const t = await createReady({ name: "status-ready", image: "alpine:3.20" });
    const r = await ctx.api.get(`/templates/status-ready/builds/${t.buildID}/status`);
    expect(r.status).toBe(200);
    expectSchema(buildStatusResponseSchema, r.body);
    expect(r.body).toMatchObject({ templateID: t.templateID, buildID: t.buildID, status: "ready" });
    expect(r.body.reason).toBeUndefined();
    const fromMaster = (await ctx.master.api.get(`/templates/${t.templateID}/builds/${t.buildID}`)).body;
    // Each entry names the phase it was written in (E2B's `step`).
    expect(r.body.logEntries).toEqual(fromMaster.logs);
    expect(r.body.logEntries[0].step).toBe("pulling");
    expect(r.body.logs).toEqual(r.body.logEntries.map((e: { message: string }) => e.message));
    expect(r.body.logs.length).toBeGreaterThanOrEqual(3);
    expect(r.body.logs[0]).toContain("alpine:3.20");
  });

  test("a build in progress reports waiting or building", async () => {
    const image = "held-status:hold";
    const { templateID, buildID } = (await create({ image })).body;
    const r = await ctx.api.get(`/templates/${templateID}/builds/${buildID}/status`);
    expectSchema(buildStatusResponseSchema, r.body);
    expect(["waiting", "building"]).toContain(r.body.status);
    held.release(image);
    await waitForGatewayBuild(ctx.api, templateID, buildID, ["ready"]);
  });

  test.each([1, 2, 3])("paging with logsOffset and limit=%i: the pages joined are the full log; a page past the end is empty", async (limit) => {
    const t = await createReady({ image: "alpine" });
    const path = `/templates/${t.templateID}/builds/${t.buildID}/status`;
    const full = (await ctx.api.get(path)).body;
    const joined: unknown[] = [];
    const joinedLogs: string[] = [];
    for (let offset = 0; ; offset += limit) {
      const page = await ctx.api.get(`${path}?logsOffset=${offset}&limit=${limit}`);
      expect(page.status).toBe(200);
      expectSchema(buildStatusResponseSchema, page.body);
      expect(page.body.logEntries.length).toBeLessThanOrEqual(limit);
      if (page.body.logEntries.length === 0) break;
      joined.push(...page.body.logEntries);
      joinedLogs.push(...page.body.logs);
      expect(offset).toBeLessThan(100);
    }
    expect(joined).toEqual(full.logEntries);
    expect(joinedLogs).toEqual(full.logs);
    const past = await ctx.api.get(`${path}?logsOffset=${full.logEntries.length + 5}`);
    expect(past.body).toMatchObject({ status: "ready", logs: [], logEntries: [] });
    expect((await ctx.api.get(`${path}?limit=0`)).body).toMatchObject({ logs: [], logEntries: [] });
  });

  test("level=error on a ready build → no entries; level=info → all of them", async () => {
    const t = await createReady({ image: "alpine" });
    const path = `/templates/${t.templateID}/builds/${t.buildID}/status`;
    const full = (await ctx.api.get(path)).body;
    expect((await ctx.api.get(`${path}?level=error`)).body).toMatchObject({ logs: [], logEntries: [] });
    expect((await ctx.api.get(`${path}?level=info`)).body.logEntries).toEqual(full.logEntries);
  });

  test("a failed build (image alpine:fail) → status error with reason.message and the phase it failed in (reason.step); level=error shows only the error entries", async () => {
    const { templateID, buildID } = (await create({ name: "status-fails", image: "alpine:fail" })).body;
    const failed = await waitForGatewayBuild(ctx.api, templateID, buildID);
    expectSchema(buildStatusResponseSchema, failed);
    expect(failed.status).toBe("error");
    expect(failed.reason).toEqual({ message: expect.stringContaining("alpine:fail"), step: "building" });

    const errors = (await ctx.api.get(`/templates/${templateID}/builds/${buildID}/status?level=error`)).body;
    expectSchema(buildStatusResponseSchema, errors);
    expect(errors.logEntries.length).toBeGreaterThanOrEqual(1);
    expect(errors.logEntries.every((e: { level: string }) => e.level === "error")).toBe(true);
    expect(errors.logEntries).toEqual(failed.logEntries.filter((e: { level: string }) => e.level === "error"));
    expect(errors.reason).toEqual(failed.reason);

    const t = await ctx.api.get(`/templates/${templateID}`);
    expect(t.body).toMatchObject({ buildStatus: "error", builds: [expect.objectContaining({ buildID, status: "error" })] });
  });

  test.each(["logsOffset=-1", "logsOffset=x", "limit=101", "level=fatal"])("a bad query (%s) → 400 invalid_request naming it", async (query) => {
    const t = (await create({ image: "alpine" })).body;
    const r = await ctx.api.get(`/templates/${t.templateID}/builds/${t.buildID}/status?${query}`);
    expectGatewayError(r, 400, "invalid_request");
    expect(r.body.message).toContain(`query.${query.split("=")[0]}`);
  });

  test("an unknown build → 404 build_not_found; a malformed build id → 400; an unknown template → 404 template_not_found", async () => {
    const t = (await create({ name: "status-missing", image: "alpine" })).body;
    expectGatewayError(await ctx.api.get(`/templates/status-missing/builds/${NO_SUCH_BUILD}/status`), 404, "build_not_found");
    expectGatewayError(await ctx.api.get("/templates/status-missing/builds/123/status"), 400, "invalid_request");
    expectGatewayError(await ctx.api.get(`/templates/status-nobody/builds/${t.buildID}/status`), 404, "template_not_found");
  });
});
