// Teams through the gateway: the operator's admin surface (ADMIN_TOKEN), a team's own keys
// (E2B's /api-keys), how soon a revoked key stops working, public templates other teams
// start sandboxes from, and per-team quotas. Isolation route by route is in
// teams-isolation.test.ts.
import { setTimeout as sleep } from "node:timers/promises";
import { beforeAll, describe, expect, test } from "@jest/globals";
import {
  ADMIN_TOKEN,
  API_KEY,
  createTemplateAndWait,
  expectGatewayError,
  expectSchema,
  gatewayClient,
  makeTeam,
  storedSandboxRow,
  useTestGateway,
  withGateway,
  type TestTeam,
  createTestNode,
} from "./support.js";
import { createdTeamApiKeySchema, teamApiKeySchema } from "@cubicle/contracts";

const agent = createTestNode();
const ctx = useTestGateway({ node: agent, gatewayEnv: { ADMIN_TOKEN } });
const admin = () => gatewayClient(ctx.gateway.url, { "x-admin-token": ADMIN_TOKEN });
const creates = () => agent.calls().filter((c) => c.op === "create").length;

describe("the operator's surface (/admin, X-Admin-Token)", () => {
  test("POST /admin/teams → 201 {teamID, slug, name}; a taken slug → 409 slug_taken; a bad slug → 400", async () => {
    const r = await admin().post("/admin/teams", { slug: "ops-team", name: "Ops" });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ teamID: expect.stringMatching(/^[0-9a-f-]{36}$/), slug: "ops-team", name: "Ops" });
    expectGatewayError(await admin().post("/admin/teams", { slug: "ops-team" }), 409, "slug_taken");
    for (const slug of ["Ops", "-ops", "ops_team", "a".repeat(64), ""]) expectGatewayError(await admin().post("/admin/teams", { slug }), 400, "invalid_request");
    expect((await admin().post("/admin/teams", { slug: "named-by-slug" })).body.name).toBe("named-by-slug");
  });

  test("POST /admin/teams/{teamID}/api-keys → 201 E2B's CreatedTeamAPIKey, the key shown once and working at once", async () => {
    const team = (await admin().post("/admin/teams", { slug: "keyed-team" })).body;
    const r = await admin().post(`/admin/teams/${team.teamID}/api-keys`, { name: "ci" });
    expect(r.status).toBe(201);
    expectSchema(createdTeamApiKeySchema, r.body);
    expect(r.body.key).toMatch(/^cubicle_[0-9a-f]{40}$/);
    expect(r.body.mask).toEqual({ prefix: "cubicle_", valueLength: 40, maskedValuePrefix: r.body.key.slice(8, 10), maskedValueSuffix: r.body.key.slice(-4) });
    expect(r.body).toMatchObject({ name: "ci", createdBy: null, lastUsed: null });
    const listed = await ctx.gateway.as(r.body.key).get("/api-keys");
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([expect.objectContaining({ id: r.body.id, name: "ci", mask: r.body.mask })]);
    expect(JSON.stringify(listed.body)).not.toContain(r.body.key.slice(8));
  });

  test("a team that does not exist → 404 team_not_found; a malformed team id → 400", async () => {
    expectGatewayError(await admin().post("/admin/teams/00000000-0000-4000-8000-000000000001/api-keys", { name: "x" }), 404, "team_not_found");
    expectGatewayError(await admin().post("/admin/teams/not-a-uuid/api-keys", { name: "x" }), 400, "invalid_request");
  });

  test("without the token, or with a wrong one → 401; an API key is no admin token", async () => {
    expectGatewayError(await ctx.anon.post("/admin/teams", { slug: "nope" }), 401, "unauthorized");
    expectGatewayError(await gatewayClient(ctx.gateway.url, { "x-admin-token": "x".repeat(ADMIN_TOKEN.length) }).post("/admin/teams", { slug: "nope" }), 401, "unauthorized");
    expectGatewayError(await ctx.api.post("/admin/teams", { slug: "nope" }), 401, "unauthorized");
  });

  test("a gateway without ADMIN_TOKEN has no /admin paths: 404, as any path that does not exist", async () => {
    await withGateway({ MASTER_URL: ctx.master.url }, async (plain) => {
      const r = await gatewayClient(plain.url, { "x-admin-token": ADMIN_TOKEN }).post("/admin/teams", { slug: "nope" });
      expectGatewayError(r, 404, "not_found");
      expectGatewayError(await plain.api.get("/admin/sandboxes/running-counts"), 404, "not_found");
    });
  });
});

describe("a team's own keys (/api-keys)", () => {
  let team: TestTeam;
  beforeAll(async () => {
    team = await makeTeam(ctx.gateway, "key-owners");
  });

  test("list, make, rename: E2B's shapes, never a key's value; lastUsed is stamped when a key is used", async () => {
    const made = await team.api.post("/api-keys", { name: "deploy" });
    expect(made.status).toBe(201);
    expectSchema(createdTeamApiKeySchema, made.body);
    await ctx.gateway.as(made.body.key).get("/templates");
    const renamed = await team.api.patch(`/api-keys/${made.body.id}`, { name: "deploy-2" });
    expect(renamed.status).toBe(200);
    expectSchema(teamApiKeySchema, renamed.body);
    expect(renamed.body).toMatchObject({ id: made.body.id, name: "deploy-2", lastUsed: expect.any(String) });
    const listed = await team.api.get("/api-keys");
    expect(listed.body.map((k: { name: string }) => k.name).sort()).toEqual(["deploy-2", "key-owners test key"]);
    for (const k of listed.body) expectSchema(teamApiKeySchema, k);
    expect(JSON.stringify(listed.body)).not.toContain(made.body.key);
    expectGatewayError(await team.api.post("/api-keys", { name: "   " }), 400, "invalid_request");
    expectGatewayError(await team.api.patch("/api-keys/00000000-0000-4000-8000-000000000002", { name: "x" }), 404, "api_key_not_found");
  });

  test("a key revoked through this gateway is refused at once; listed no more", async () => {
    const made = (await team.api.post("/api-keys", { name: "short-lived" })).body;
    const doomed = ctx.gateway.as(made.key);
    expect((await doomed.get("/templates")).status).toBe(200);
    expect((await team.api.delete(`/api-keys/${made.id}`)).status).toBe(204);
    expectGatewayError(await doomed.get("/templates"), 401, "unauthorized");
    expect((await team.api.get("/api-keys")).body.map((k: { id: string }) => k.id)).not.toContain(made.id);
    expectGatewayError(await team.api.delete(`/api-keys/${made.id}`), 404, "api_key_not_found");
  });

  test("a key revoked through another gateway is refused here within AUTH_CACHE_TTL_MS", async () => {
    await withGateway({ MASTER_URL: ctx.master.url, AUTH_CACHE_TTL_MS: "300" }, async (other) => {
      const made = (await team.api.post("/api-keys", { name: "revoked-elsewhere" })).body;
      expect((await other.as(made.key).get("/templates")).status).toBe(200);
      expect((await team.api.delete(`/api-keys/${made.id}`)).status).toBe(204);
      // Once the other gateway's answer for the key has expired (300 ms), it asks master again.
      await sleep(400);
      expectGatewayError(await other.as(made.key).get("/templates"), 401, "unauthorized");
    });
  });

  test("the configured key (API_KEYS) is a key of the default team, listed with its mask", async () => {
    const listed = await ctx.api.get("/api-keys");
    expect(listed.body).toContainEqual(expect.objectContaining({ name: "API_KEYS", mask: { prefix: "", valueLength: API_KEY.length, maskedValuePrefix: API_KEY.slice(0, 2), maskedValueSuffix: API_KEY.slice(-4) } }));
  });
});

describe("public templates", () => {
  let a: TestTeam;
  let b: TestTeam;
  let app: { templateID: string };
  beforeAll(async () => {
    a = await makeTeam(ctx.gateway, "pub-a");
    b = await makeTeam(ctx.gateway, "pub-b");
    app = await createTemplateAndWait(a.api, { name: "pub-app", image: "alpine:3.20" });
  });

  test("private: another team cannot see it, by id or by team-slug/name", async () => {
    expectGatewayError(await b.api.get(`/templates/${app.templateID}`), 404, "template_not_found");
    expectGatewayError(await b.api.get("/templates/pub-a%2Fpub-app"), 404, "template_not_found");
    expectGatewayError(await b.api.post("/sandboxes", { templateID: "pub-a/pub-app" }), 404, "template_not_found");
  });

  test("published (PATCH /v2/templates/{id} {public: true}): another team reads it and starts sandboxes from it by team-slug/name or id", async () => {
    const published = await a.api.patch(`/v2/templates/${app.templateID}`, { public: true });
    expect(published.status).toBe(200);
    expect(published.body).toEqual({ names: ["pub-app"] });
    expect((await a.api.get("/templates/pub-app")).body.public).toBe(true);

    const byName = await b.api.get("/templates/lookup?name=pub-a%2Fpub-app");
    expect(byName.body).toMatchObject({ templateID: app.templateID });
    expect((await b.api.get(`/templates/aliases/pub-a%2Fpub-app`)).body).toEqual({ templateID: app.templateID, public: true });
    expect((await b.api.get(`/templates/${app.templateID}`)).body).toMatchObject({ templateID: app.templateID, public: true });
    const sandbox = await b.api.post("/sandboxes", { templateID: "pub-a/pub-app" });
    expect(sandbox.status).toBe(201);
    expect(sandbox.body.templateID).toBe(app.templateID);
    await storedSandboxRow(ctx.db, sandbox.body.sandboxID);
    // The sandbox is B's: B sees it, A does not.
    expect((await b.api.get(`/sandboxes/${sandbox.body.sandboxID}`)).status).toBe(200);
    expectGatewayError(await a.api.get(`/sandboxes/${sandbox.body.sandboxID}`), 404, "sandbox_not_found");
    // A plain name is looked up in the caller's own team only.
    expectGatewayError(await b.api.get("/templates/lookup?name=pub-app"), 404, "template_not_found");
    // Another team's public template is not in the caller's list.
    expect((await b.api.get("/templates")).body.map((t: { templateID: string }) => t.templateID)).not.toContain(app.templateID);
  });

  test("another team cannot rename, publish, delete or rebuild it: 403 forbidden, nothing changes", async () => {
    await a.api.patch(`/templates/${app.templateID}`, { public: true });
    const before = await ctx.db.query("SELECT display_name, public, updated_at FROM templates WHERE id = $1", [app.templateID]);
    const builds = await ctx.db.query("SELECT count(*)::int AS n FROM builds WHERE template_id = $1", [app.templateID]);
    for (const [method, path, body] of [
      ["PATCH", "/templates/pub-a%2Fpub-app", { name: "stolen" }],
      ["PATCH", `/templates/${app.templateID}`, { public: false }],
      ["PATCH", `/v2/templates/${app.templateID}`, { public: false }],
      ["DELETE", `/templates/${app.templateID}`, undefined],
      ["POST", "/templates/pub-a%2Fpub-app", {}],
    ] as const) {
      const r = await b.api.call(method, path, body);
      expectGatewayError(r, 403, "forbidden");
      expect(r.body.message).toMatch(/belongs to another team/);
    }
    expect((await ctx.db.query("SELECT display_name, public, updated_at FROM templates WHERE id = $1", [app.templateID])).rows).toEqual(before.rows);
    expect((await ctx.db.query("SELECT count(*)::int AS n FROM builds WHERE template_id = $1", [app.templateID])).rows).toEqual(builds.rows);
  });

  test("unpublished again: gone for other teams at once (their cached lookups too)", async () => {
    await a.api.patch(`/templates/${app.templateID}`, { public: true });
    expect((await b.api.get("/templates/lookup?name=pub-a%2Fpub-app")).status).toBe(200);
    expect((await a.api.patch("/templates/pub-app", { public: false })).status).toBe(200);
    expectGatewayError(await b.api.get("/templates/lookup?name=pub-a%2Fpub-app"), 404, "template_not_found");
    expectGatewayError(await b.api.post("/sandboxes", { templateID: app.templateID }), 404, "template_not_found");
  });
});

describe("quotas", () => {
  test("the N+1-th concurrent sandbox → 429 quota_exceeded, before anything is placed; after a kill, a create works", async () => {
    const team = await makeTeam(ctx.gateway, "small-team", { maxSandboxes: 2 });
    await createTemplateAndWait(team.api, { name: "quota-app", image: "alpine:3.20" });
    const first = await team.api.post("/sandboxes", { templateID: "quota-app" });
    const second = await team.api.post("/sandboxes", { templateID: "quota-app" }, { "x-cubicle-sandbox-mode": "strong" });
    expect([first.status, second.status]).toEqual([201, 201]);
    await storedSandboxRow(ctx.db, first.body.sandboxID);

    const placedBefore = creates();
    const over = await team.api.post("/sandboxes", { templateID: "quota-app" });
    expectGatewayError(over, 429, "quota_exceeded");
    expect(over.body.details).toEqual({ quota: "sandboxes", max: 2 });
    expect(creates()).toBe(placedBefore);
    expect((await ctx.db.query("SELECT count(*)::int AS n FROM sandboxes WHERE team_id = $1", [team.teamID])).rows[0].n).toBe(2);
    // Other teams are not held back by it.
    expect((await ctx.api.get("/sandboxes")).status).toBe(200);

    expect((await team.api.delete(`/sandboxes/${first.body.sandboxID}`)).status).toBe(204);
    expect((await team.api.post("/sandboxes", { templateID: "quota-app" })).status).toBe(201);
  });

  test("concurrent creates at the limit: exactly the quota succeeds, the rest answer 429", async () => {
    const team = await makeTeam(ctx.gateway, "racing-team", { maxSandboxes: 3 });
    await createTemplateAndWait(team.api, { name: "race-app", image: "alpine:3.20" });
    const replies = await Promise.all(Array.from({ length: 8 }, (_, i) => team.api.post("/sandboxes", { templateID: "race-app" }, { "x-cubicle-sandbox-mode": i % 2 ? "strong" : "fast" })));
    expect(replies.map((r) => r.status).sort()).toEqual([201, 201, 201, 429, 429, 429, 429, 429]);
  });

  test("templates: past the team's quota → 429 quota_exceeded, nothing made", async () => {
    const team = await makeTeam(ctx.gateway, "few-templates", { maxTemplates: 1 });
    expect((await team.api.post("/templates", { name: "only-one", image: "alpine:3.20" })).status).toBe(202);
    const over = await team.api.post("/templates", { name: "one-too-many", image: "alpine:3.20" });
    expectGatewayError(over, 429, "quota_exceeded");
    expect(over.body.details).toEqual({ quota: "templates", max: 1 });
    expect((await ctx.db.query("SELECT count(*)::int AS n FROM templates WHERE team_id = $1", [team.teamID])).rows[0].n).toBe(1);
  });

  test("concurrent template creates at the limit: exactly the quota succeeds", async () => {
    const team = await makeTeam(ctx.gateway, "racing-templates", { maxTemplates: 2 });
    const replies = await Promise.all(Array.from({ length: 6 }, (_, i) => team.api.post("/templates", { name: `race-${i}`, image: "alpine:3.20" })));
    expect(replies.map((r) => r.status).sort()).toEqual([202, 202, 429, 429, 429, 429]);
  });
});
