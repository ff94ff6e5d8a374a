// Template tags through master's API: every ready build is `default` plus the tags it was
// requested with; tags are assigned to ready builds only, `default` moves the template's
// ready build, removal is all or none, at most 100 per template, case-sensitive. `name:tag`
// lookups answer the tagged build (cached, and told at once of a moved tag, on this master
// and on another one on the same database), and a sandbox can start from a tagged build.
import { beforeAll, describe, expect, test } from "@jest/globals";
import type { SandboxView, TemplateTagView } from "@cubicle/contracts";
import { eventually, expectErrorShape, getTemplate, startTestMaster, useTestMaster, waitForBuild } from "./support.js";
import type { JsonClient } from "../../../test-support/http.js";

const ctx = useTestMaster();
const api = () => ctx.master.api;

/** A new build of the template named `name` (made if need be), started and ready: its ids. */
async function readyBuild(name: string, tags?: string[], client = api()): Promise<{ templateId: string; buildId: string }> {
  const r = await client.post("/template-builds", { displayName: name, ...(tags && { tags }) });
  const ids = { templateId: r.body.template.templateId as string, buildId: r.body.buildId as string };
  await client.post(`/templates/${ids.templateId}/builds/${ids.buildId}/spec`, { fromImage: "alpine:3.20" });
  const build = await waitForBuild(client, ids.templateId, ids.buildId);
  if (build.status !== "ready") throw new Error(`build of ${name} ended ${build.status}: ${build.reason}`);
  return ids;
}

/** A template named `name` with `count` ready builds, oldest first (the last one is its `default`). */
async function templateWithBuilds(name: string, count: number): Promise<{ templateId: string; builds: string[] }> {
  const builds: string[] = [];
  let templateId = "";
  for (let i = 0; i < count; i++) {
    const ids = await readyBuild(name);
    templateId = ids.templateId;
    builds.push(ids.buildId);
  }
  return { templateId, builds };
}

const tagsOf = async (templateId: string) => ((await api().get<TemplateTagView[]>(`/templates/${templateId}/tags`)).body).map((t) => [t.tag, t.buildId]);
const assign = (templateId: string, buildId: string, tags: string[], client = api()) => client.post(`/templates/${templateId}/tags`, { buildId, tags });
const remove = (templateId: string, tags: string[], client = api()) => client.call("DELETE", `/templates/${templateId}/tags`, { tags });
const lookup = (name: string, client = api()) => client.get(`/lookup?name=${encodeURIComponent(name)}`);

async function sandboxOf(body: Record<string, unknown>): Promise<SandboxView> {
  const r = await api().post("/sandboxes", body);
  if (r.status !== 201) throw new Error(`POST /sandboxes answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body as SandboxView;
}
/** The build a sandbox's record (written just after its create is answered) names. */
const recordedBuild = (sandboxId: string) =>
  eventually(async () => {
    const r = await api().get<SandboxView>(`/sandboxes/${sandboxId}`);
    return r.status === 200 ? r.body.buildId : undefined;
  }, 5_000, `the record of ${sandboxId}`);

let other: JsonClient;
beforeAll(async () => {
  other = ctx.master.as((await api().post("/teams", { slug: "hm-tags-other" })).body.teamId);
});

describe("GET, POST and DELETE /templates/:id/tags", () => {
  test("a ready build has `default` and its requested tags; the list is sorted by tag", async () => {
    const { templateId, buildId } = await readyBuild("tg-list", ["zeta", "alpha", "B2"]);
    const list = (await api().get<TemplateTagView[]>(`/templates/${templateId}/tags`)).body;
    expect(list.map((t) => [t.tag, t.buildId])).toEqual([["B2", buildId], ["alpha", buildId], ["default", buildId], ["zeta", buildId]]);
    expect(Number.isNaN(Date.parse(list[0]!.createdAt))).toBe(false);
  });

  test("tags assigned to a ready build (an older one too) → 201 and listed; assigning a tag again moves it", async () => {
    const { templateId, builds: [b1, b2] } = await templateWithBuilds("tg-assign", 2);
    const r = await assign(templateId, b1!, ["v1", "v1-rc", "v1"]);
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ buildId: b1, tags: ["v1", "v1-rc"] });
    expect(await tagsOf(templateId)).toEqual([["default", b2], ["v1", b1], ["v1-rc", b1]]);
    expect((await assign(templateId, b2!, ["v1"])).status).toBe(201);
    expect(await tagsOf(templateId)).toEqual([["default", b2], ["v1", b2], ["v1-rc", b1]]);
  });

  test("a build that is waiting, failed or unknown cannot be tagged → 404 build_not_found", async () => {
    const { templateId, buildId } = await readyBuild("tg-unready");
    const waiting = (await api().post("/template-builds", { displayName: "tg-unready" })).body.buildId as string;
    expectErrorShape(await assign(templateId, waiting, ["v1"]), 404, "build_not_found");
    await api().post(`/templates/${templateId}/builds/${waiting}/spec`, { fromImage: "alpine:fail" });
    expect((await waitForBuild(api(), templateId, waiting)).status).toBe("failed");
    expectErrorShape(await assign(templateId, waiting, ["v1"]), 404, "build_not_found");
    expectErrorShape(await assign(templateId, "00000000-0000-4000-8000-000000000000", ["v1"]), 404, "build_not_found");
    const theirs = await readyBuild("tg-unready-theirs", undefined, other);
    expectErrorShape(await assign(templateId, theirs.buildId, ["v1"]), 404, "build_not_found");
    expect(await tagsOf(templateId)).toEqual([["default", buildId]]);
  });

  test("`default` assigned to an older ready build → the template's ready build is that one, and a sandbox starts from it", async () => {
    const { templateId, builds: [b1, b2] } = await templateWithBuilds("tg-move", 2);
    expect((await lookup("tg-move")).body.buildId).toBe(b2);
    expect((await assign(templateId, b1!, ["default"])).status).toBe(201);
    expect((await getTemplate(api(), templateId)).readyBuildId).toBe(b1);
    expect((await lookup("tg-move")).body.buildId).toBe(b1);
    const s = await sandboxOf({ templateId });
    expect(s.buildId).toBe(b1);
    expect(await recordedBuild(s.sandboxId)).toBe(b1);
    await api().delete(`/sandboxes/${s.sandboxId}`);
  });

  test("removing tags is all or none (one not held → 404 tag_not_found, none removed); `default` → 400", async () => {
    const { templateId, buildId } = await readyBuild("tg-remove", ["v1", "v2"]);
    const r = await remove(templateId, ["v1", "nope"]);
    expectErrorShape(r, 404, "tag_not_found");
    expect(r.body.message).toContain("'nope'");
    expect(await tagsOf(templateId)).toEqual([["default", buildId], ["v1", buildId], ["v2", buildId]]);
    expectErrorShape(await remove(templateId, ["default"]), 400, "invalid_request");
    expectErrorShape(await remove(templateId, ["v1", "default"]), 400, "invalid_request");
    expect((await remove(templateId, ["v1", "v2"])).status).toBe(204);
    expect(await tagsOf(templateId)).toEqual([["default", buildId]]);
    expectErrorShape(await remove(templateId, ["v1"]), 404, "tag_not_found");
  });

  test("a template holds at most 100 tags: the 101st → 400 and nothing of that request is added", async () => {
    const { templateId, buildId } = await readyBuild("tg-many");
    const ninetyNine = Array.from({ length: 99 }, (_, i) => `t${String(i).padStart(2, "0")}`);
    expect((await assign(templateId, buildId, ninetyNine)).status).toBe(201);
    const r = await assign(templateId, buildId, ["t00", "one-more"]);
    expectErrorShape(r, 400, "invalid_request");
    expect(r.body.message).toContain("100");
    expect((await tagsOf(templateId)).length).toBe(100);
    expect((await tagsOf(templateId)).some(([tag]) => tag === "one-more")).toBe(false);
    expect((await assign(templateId, buildId, ["t00"])).status).toBe(201);
  });

  test("tags are case-sensitive: V1 and v1 are two tags naming two builds", async () => {
    const { templateId, builds: [b1, b2] } = await templateWithBuilds("tg-case", 2);
    await assign(templateId, b1!, ["V1"]);
    await assign(templateId, b2!, ["v1"]);
    expect((await lookup("tg-case:V1")).body).toMatchObject({ buildId: b1, tag: "V1" });
    expect((await lookup("tg-case:v1")).body).toMatchObject({ buildId: b2, tag: "v1" });
    expect((await remove(templateId, ["V1"])).status).toBe(204);
    expectErrorShape(await lookup("tg-case:V1"), 404, "tag_not_found");
    expect((await lookup("tg-case:v1")).body.buildId).toBe(b2);
  });

  test("invalid tags → 400; another team's template → 404 for listing, assigning and removing", async () => {
    const { templateId, buildId } = await readyBuild("tg-guarded");
    for (const tags of [[".bad"], ["-bad"], ["a b"], ["x".repeat(129)], []]) expectErrorShape(await assign(templateId, buildId, tags), 400, "invalid_request");
    expectErrorShape(await other.get(`/templates/${templateId}/tags`), 404, "template_not_found");
    expectErrorShape(await assign(templateId, buildId, ["v1"], other), 404, "template_not_found");
    expectErrorShape(await remove(templateId, ["v1"], other), 404, "template_not_found");
    expect(await tagsOf(templateId)).toEqual([["default", buildId]]);
  });
});

describe("name:tag references", () => {
  test("lookup of name:v1 → the build v1 names and tag v1; name:nope → 404 tag_not_found", async () => {
    const { templateId, builds: [b1, b2] } = await templateWithBuilds("tg-ref", 2);
    await assign(templateId, b1!, ["v1"]);
    expect((await lookup("tg-ref:v1")).body).toMatchObject({ templateId, buildId: b1, tag: "v1", status: "ready" });
    expect((await lookup("tg-ref")).body).toMatchObject({ buildId: b2, tag: null });
    expect((await lookup("tg-ref:default")).body).toMatchObject({ buildId: b2, tag: "default" });
    const r = await lookup("tg-ref:nope");
    expectErrorShape(r, 404, "tag_not_found");
    expect(r.body.message).toContain("'nope'");
    expectErrorShape(await lookup("tg-ref:.bad"), 400, "invalid_request");
  });

  test("a cached lookup answers a moved tag's new build at once", async () => {
    const { templateId, builds: [b1, b2] } = await templateWithBuilds("tg-cached", 2);
    await assign(templateId, b1!, ["v1"]);
    expect((await lookup("tg-cached:v1")).body.buildId).toBe(b1);
    expect((await lookup("tg-cached:v1")).body.buildId).toBe(b1);
    await assign(templateId, b2!, ["v1"]);
    expect((await lookup("tg-cached:v1")).body.buildId).toBe(b2);
    await remove(templateId, ["v1"]);
    expectErrorShape(await lookup("tg-cached:v1"), 404, "tag_not_found");
  });

  test("a template id with a tag (tpl-…:v1) is looked up by id", async () => {
    const { templateId, builds: [b1] } = await templateWithBuilds("tg-by-id", 2);
    await assign(templateId, b1!, ["v1"]);
    expect((await lookup(`${templateId}:v1`)).body).toMatchObject({ templateId, buildId: b1, tag: "v1", displayName: "tg-by-id" });
    expectErrorShape(await lookup(`${templateId}:v2`), 404, "tag_not_found");
  });

  test("POST /sandboxes with a tagged build → the sandbox is recorded on that build; another template's build or one not ready → 404 build_not_found", async () => {
    const { templateId, builds: [b1] } = await templateWithBuilds("tg-start", 2);
    await assign(templateId, b1!, ["v1"]);
    const s = await sandboxOf({ templateId, buildId: b1 });
    expect(s).toMatchObject({ templateId, buildId: b1 });
    expect(await recordedBuild(s.sandboxId)).toBe(b1);
    await api().delete(`/sandboxes/${s.sandboxId}`);
    const elsewhere = await readyBuild("tg-start-elsewhere");
    expectErrorShape(await api().post("/sandboxes", { templateId, buildId: elsewhere.buildId }), 404, "build_not_found");
    const waiting = (await api().post("/template-builds", { displayName: "tg-start" })).body.buildId as string;
    expectErrorShape(await api().post("/sandboxes", { templateId, buildId: waiting }), 404, "build_not_found");
  });
});

// Two masters on one database hear of each other's changes through LISTEN/NOTIFY (embedded PGlite cannot relay it).
const describeReplicas = process.env.CUBICLE_TEST_EMBEDDED === "1" ? describe.skip : describe;
describeReplicas("two masters on one database", () => {
  test("a tag moved through master A is answered by master B's cached lookup soon after", async () => {
    const b = await startTestMaster();
    try {
      const { templateId, builds: [b1, b2] } = await templateWithBuilds("tg-replica", 2);
      await assign(templateId, b1!, ["v1"]);
      await eventually(async () => ((await lookup("tg-replica:v1", b.api)).body.buildId === b1 ? true : undefined), 2_000, "B to answer v1's build");
      expect((await lookup("tg-replica:v1", b.api)).body.buildId).toBe(b1);
      await assign(templateId, b2!, ["v1"]);
      await eventually(async () => ((await lookup("tg-replica:v1", b.api)).body.buildId === b2 ? true : undefined), 2_000, "B to hear that v1 moved");
      await remove(templateId, ["v1"]);
      await eventually(async () => ((await lookup("tg-replica:v1", b.api)).status === 404 ? true : undefined), 2_000, "B to hear that v1 is gone");
    } finally {
      await b.close();
    }
  });
});
