// E2B's template tags through the gateway: POST /templates/tags (E2B's AssignedTemplateTags),
// DELETE /templates/tags (all or none, never 'default'), GET /templates/{ref}/tags (E2B's
// TemplateTag list, sorted); 'name:tag' wherever a template is referred to (sandbox creates
// start the tagged build, reads, lookups, Template.exists); tags are case-sensitive, names
// are not; another team's template is never tagged. Answers are checked against E2B's API
// description (test-support/e2b-schema.ts).
import { beforeAll, describe, expect, test } from "@jest/globals";
import { assignedTemplateTagsSchema, templateTagListSchema } from "@cubicle/contracts";
import { ADMIN_TOKEN, e2bCall, expectGatewayError, expectSchema, makeTeam, storedSandboxRow, useTestGateway, waitForGatewayBuild, type GatewayClient } from "./support.js";

const ctx = useTestGateway({ gatewayEnv: { ADMIN_TOKEN } });

const TAGS_OP = "/templates/tags";
const assign = (body: unknown, status = 201, api: GatewayClient = ctx.api) => e2bCall(api, "POST", "/templates/tags", TAGS_OP, status, body);
const remove = (body: unknown, status = 204, api: GatewayClient = ctx.api) => e2bCall(api, "DELETE", "/templates/tags", TAGS_OP, status, body);
async function tagsOf(ref: string, status = 200, api: GatewayClient = ctx.api) {
  const r = await e2bCall(api, "GET", `/templates/${ref}/tags`, "/templates/{templateID}/tags", status);
  if (status === 200) expectSchema(templateTagListSchema, r.body);
  return r;
}
/** [tag, buildID] pairs of the template, as listed. */
const pairs = async (ref: string) => ((await tagsOf(ref)).body as { tag: string; buildID: string }[]).map((t) => [t.tag, t.buildID]);

/** A ready build of `name` (E2B's flow: v3 request, then the spec); `tags` as the request gives them. */
async function buildReady(name: string, tags?: string[], fromImage = "alpine:3.20", api: GatewayClient = ctx.api): Promise<{ templateID: string; buildID: string }> {
  const r = await e2bCall(api, "POST", "/v3/templates", "/v3/templates", 202, { name, ...(tags && { tags }) });
  const { templateID, buildID } = r.body;
  expect((await api.post(`/v2/templates/${templateID}/builds/${buildID}`, { fromImage })).status).toBe(202);
  await waitForGatewayBuild(api, templateID, buildID, fromImage.endsWith(":fail") ? ["error"] : ["ready"]);
  return { templateID, buildID };
}

/** The build a sandbox started from `templateID` (through `path`) runs: its answer's buildID, which master recorded too. */
async function sandboxBuild(path: string, templateID: string): Promise<string> {
  const r = await e2bCall(ctx.api, "POST", path, "/sandboxes", 201, { templateID });
  expect(r.body.templateID).toBe(id);
  await storedSandboxRow(ctx.db, r.body.sandboxID);
  const record = (await ctx.master.api.get(`/sandboxes/${r.body.sandboxID}`)).body;
  expect(record.buildId).toBe(r.body.buildID);
  await ctx.api.delete(`/sandboxes/${r.body.sandboxID}`);
  return r.body.buildID;
}

let id: string;
let v1: string;
let v2: string;

beforeAll(async () => {
  ({ templateID: id, buildID: v1 } = await buildReady("tag-app:v1"));
  ({ buildID: v2 } = await buildReady("tag-app", ["beta"]));
});

describe("GET /templates/{ref}/tags", () => {
  test("→ E2B's TemplateTag list sorted by tag: 'default' on the latest ready build, and the tags each build was requested with", async () => {
    expect(await pairs(id)).toEqual([
      ["beta", v2],
      ["default", v2],
      ["v1", v1],
    ]);
    const listed = (await tagsOf("tag-app")).body;
    for (const t of listed) expect(Date.parse(t.createdAt)).not.toBeNaN();
    expect((await tagsOf("TAG-APP:v1")).body).toEqual(listed);
  });

  test("a template without a ready build → []; an unknown one → 404 template_not_found; a failed build's tags are never given", async () => {
    const waiting = (await e2bCall(ctx.api, "POST", "/v3/templates", "/v3/templates", 202, { name: "tags-waiting:rc" })).body;
    expect((await tagsOf(waiting.templateID)).body).toEqual([]);
    expectGatewayError(await tagsOf("tags-nobody", 404), 404, "template_not_found");
    const failed = await buildReady("tags-failing", ["rc"], "alpine:fail");
    expect((await tagsOf(failed.templateID)).body).toEqual([]);
  });
});

describe("POST /templates/tags", () => {
  test("target 'name:tag' → 201 E2B AssignedTemplateTags {tags, buildID} of that build; the tags are listed on it", async () => {
    const r = await assign({ target: "tag-app:v1", tags: ["stable", "prod"] });
    expectSchema(assignedTemplateTagsSchema, r.body);
    expect(r.body).toEqual({ tags: ["stable", "prod"], buildID: v1 });
    expect(await pairs(id)).toEqual([
      ["beta", v2],
      ["default", v2],
      ["prod", v1],
      ["stable", v1],
      ["v1", v1],
    ]);
  });

  test("target a name or an id without a tag → the ready build; 'tpl-…:tag' → that build; a tag held elsewhere moves", async () => {
    expect((await assign({ target: "tag-app", tags: ["latest"] })).body).toEqual({ tags: ["latest"], buildID: v2 });
    expect((await assign({ target: id.toUpperCase(), tags: ["by-id"] })).body.buildID).toBe(v2);
    expect((await assign({ target: `${id}:v1`, tags: ["latest"] })).body.buildID).toBe(v1);
    expect(Object.fromEntries(await pairs(id))).toMatchObject({ latest: v1, "by-id": v2 });
  });

  test("assigning 'default' makes that build the template's: its reads and sandboxes start it; moved back, the other", async () => {
    await assign({ target: "tag-app:v1", tags: ["default"] });
    expect((await ctx.api.get("/templates/tag-app")).body).toMatchObject({ buildID: v1, buildStatus: "ready" });
    expect(await sandboxBuild("/sandboxes", "tag-app")).toBe(v1);
    await assign({ target: "tag-app:beta", tags: ["default"] });
    expect((await ctx.api.get("/templates/lookup?name=tag-app")).body.buildID).toBe(v2);
    expect(await sandboxBuild("/sandboxes", "tag-app")).toBe(v2);
  });

  test("an unknown tag → 404 tag_not_found; an unknown template → 404 template_not_found; no ready build → 409 template_not_ready", async () => {
    const r = await assign({ target: "tag-app:v9", tags: ["x"] }, 404);
    expectGatewayError(r, 404, "tag_not_found");
    expect(r.body.message).toBe("template 'tag-app' has no build tagged 'v9'");
    expectGatewayError(await assign({ target: "assign-nobody", tags: ["x"] }, 404), 404, "template_not_found");
    await e2bCall(ctx.api, "POST", "/v3/templates", "/v3/templates", 202, { name: "assign-waiting" });
    expectGatewayError(await assign({ target: "assign-waiting", tags: ["x"] }, 409), 409, "template_not_ready");
  });

  test("bad bodies → 400 invalid_request, nothing assigned: a bad tag, no tags, an extra field, a bad target tag, over 100 tags", async () => {
    const before = await pairs(id);
    for (const body of [
      { target: "tag-app", tags: [".x"] },
      { target: "tag-app", tags: ["x y"] },
      { target: "tag-app", tags: ["t".repeat(129)] },
      { target: "tag-app", tags: [] },
      { target: "tag-app" },
      { tags: ["x"] },
      { target: "tag-app", tags: ["x"], extra: 1 },
      { target: "tag-app:", tags: ["x"] },
      { target: "tag-app:-x", tags: ["x"] },
      { target: "tag-app", tags: Array.from({ length: 101 }, (_, i) => `n${i}`) },
      { target: "tag-app", tags: Array.from({ length: 100 }, (_, i) => `n${i}`) },
    ]) {
      expectGatewayError(await assign(body, 400), 400, "invalid_request");
    }
    expectGatewayError(await assign({ target: "bad name", tags: ["x"] }, 400), 400, "invalid_name");
    expect(await pairs(id)).toEqual(before);
  });
});

describe("DELETE /templates/tags", () => {
  test("→ 204, the tags are gone; all or none: a tag not held → 404 tag_not_found and nothing removed", async () => {
    await assign({ target: "tag-app:v1", tags: ["gone-1", "gone-2", "kept"] });
    await remove({ name: "tag-app", tags: ["gone-1", "gone-2"] });
    const now = (await pairs(id)).map(([tag]) => tag);
    expect(now).toContain("kept");
    expect(now).not.toContain("gone-1");
    const r = await remove({ name: id, tags: ["kept", "never"] }, 404);
    expectGatewayError(r, 404, "tag_not_found");
    expect(r.body.message).toContain("'never'");
    expect((await pairs(id)).map(([tag]) => tag)).toContain("kept");
  });

  test("'default' → 400 invalid_request; bad bodies → 400; an unknown template → 404", async () => {
    expectGatewayError(await remove({ name: "tag-app", tags: ["default"] }, 400), 400, "invalid_request");
    expectGatewayError(await remove({ name: "tag-app", tags: ["kept", "default"] }, 400), 400, "invalid_request");
    for (const body of [{ name: "tag-app", tags: [] }, { name: "tag-app" }, { tags: ["kept"] }, { name: "tag-app", tags: [".x"] }, { name: "tag-app", tags: ["kept"], extra: 1 }]) {
      expectGatewayError(await remove(body, 400), 400, "invalid_request");
    }
    expectGatewayError(await remove({ name: "remove-nobody", tags: ["kept"] }, 404), 404, "template_not_found");
    expect(Object.fromEntries(await pairs(id))).toMatchObject({ default: v2, kept: v1 });
  });
});

describe("'name:tag' references", () => {
  test("POST /sandboxes and /v2/sandboxes with 'name:tag' start the tagged build; with the name alone, the ready one", async () => {
    for (const path of ["/sandboxes", "/v2/sandboxes"]) {
      expect(await sandboxBuild(path, "tag-app:v1")).toBe(v1);
      expect(await sandboxBuild(path, `${id}:v1`)).toBe(v1);
      expect(await sandboxBuild(path, "tag-app:beta")).toBe(v2);
      expect(await sandboxBuild(path, "tag-app")).toBe(v2);
    }
    expectGatewayError(await e2bCall(ctx.api, "POST", "/sandboxes", "/sandboxes", 404, { templateID: "tag-app:v9" }), 404, "tag_not_found");
    expectGatewayError(await e2bCall(ctx.api, "POST", "/sandboxes", "/sandboxes", 400, { templateID: "tag-app:.bad" }), 400, "invalid_request");
  });

  test("GET /templates/name:tag, /templates/lookup?name=name:tag (the tagged build) and /templates/aliases/name:tag", async () => {
    expect((await e2bCall(ctx.api, "GET", "/templates/tag-app:v1", "/templates/{templateID}", 200)).body).toMatchObject({ templateID: id, names: ["tag-app"] });
    expect((await ctx.api.get("/templates/lookup?name=tag-app:v1")).body).toEqual({ templateID: id, buildID: v1, names: ["tag-app"], buildStatus: "ready" });
    expect((await ctx.api.get(`/templates/lookup?name=${id}:beta`)).body).toMatchObject({ templateID: id, buildID: v2 });
    expect((await e2bCall(ctx.api, "GET", "/templates/aliases/tag-app:v1", "/templates/aliases/{alias}", 200)).body).toEqual({ templateID: id, public: false });
    for (const path of ["/templates/tag-app:v9", "/templates/lookup?name=tag-app:v9", "/templates/aliases/tag-app:v9"]) {
      const r = await ctx.api.get(path);
      expectGatewayError(r, 404, "tag_not_found");
      expect(r.body.message).toBe("template 'tag-app' has no build tagged 'v9'");
    }
    for (const path of ["/templates/tag-app:", "/templates/lookup?name=tag-app:.x", "/templates/aliases/tag-app:-x"]) expectGatewayError(await ctx.api.get(path), 400, "invalid_request");
  });

  test("tags are case-sensitive (names are not): 'RC' and 'rc' are two tags; 'TAG-APP:v1' works, 'tag-app:V1' does not", async () => {
    await assign({ target: "tag-app:v1", tags: ["RC"] });
    await assign({ target: "tag-app:beta", tags: ["rc"] });
    expect(Object.fromEntries(await pairs(id))).toMatchObject({ RC: v1, rc: v2 });
    expect((await ctx.api.get("/templates/lookup?name=tag-app:RC")).body.buildID).toBe(v1);
    expect((await ctx.api.get("/templates/lookup?name=tag-app:rc")).body.buildID).toBe(v2);
    expect((await ctx.api.get("/templates/lookup?name=TAG-APP:v1")).body.buildID).toBe(v1);
    expectGatewayError(await ctx.api.get("/templates/lookup?name=tag-app:V1"), 404, "tag_not_found");
    expectGatewayError(await remove({ name: "tag-app", tags: ["Rc"] }, 404), 404, "tag_not_found");
  });
});

describe("teams", () => {
  test("another team's template: its tags are not listed, assigned or removed (404 as a missing one), and its 'name:tag' is not found", async () => {
    const other = await makeTeam(ctx.gateway, "tags-other");
    expectGatewayError(await tagsOf(id, 404, other.api), 404, "template_not_found");
    expectGatewayError(await assign({ target: `${id}:v1`, tags: ["theirs"] }, 404, other.api), 404, "template_not_found");
    expectGatewayError(await remove({ name: id, tags: ["v1"] }, 404, other.api), 404, "template_not_found");
    expectGatewayError(await other.api.get("/templates/lookup?name=tag-app:v1"), 404, "template_not_found");
    // Its own template of the same name has its own tags.
    const own = await buildReady("tag-app:v1", undefined, "alpine:3.20", other.api);
    expect(own.templateID).not.toBe(id);
    expect((await other.api.get("/templates/lookup?name=tag-app:v1")).body.buildID).toBe(own.buildID);
    expect(Object.fromEntries(await pairs(id))).toMatchObject({ v1 });
  });
});
