// Master's team scoping, called directly as an internal service would: every scoped call
// names its team (X-Cubicle-Team), idempotency keys are each team's own, and the key
// verification the gateway relies on (including `register` for configured keys).
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, test } from "@jest/globals";
import { apiKeyDigest, generateApiKey, maskApiKey } from "@cubicle/contracts";
import { eventually, expectErrorShape, startTestMaster, useTestMaster, waitForStatus } from "./support.js";
import type { JsonClient } from "../../../test-support/http.js";

const ctx = useTestMaster();
let other: { teamId: string; api: JsonClient };

beforeAll(async () => {
  const team = await ctx.master.api.post("/teams", { slug: "master-other" });
  expect(team.status).toBe(201);
  other = { teamId: team.body.teamId, api: ctx.master.as(team.body.teamId) };
});

describe("the team a call serves", () => {
  test.each([
    ["GET", "/lookup?name=x"],
    ["GET", "/templates"],
    ["POST", "/templates"],
    ["GET", `/templates/tpl-${"0".repeat(24)}`],
    ["GET", "/sandboxes"],
    ["POST", "/sandboxes"],
    ["DELETE", `/sandboxes/${"0".repeat(32)}`],
  ])("%s %s without X-Cubicle-Team (or with a malformed one) → 400 invalid_request", async (method, path) => {
    const body = method === "POST" ? { image: "alpine", templateId: `tpl-${"0".repeat(24)}` } : undefined;
    for (const client of [ctx.master.as(null), ctx.master.as("not-a-uuid")]) {
      const r = await client.call(method, path, body);
      expectErrorShape(r, 400, "invalid_request");
      expect(r.body.message).toMatch(/X-Cubicle-Team/);
    }
  });

  test("a team that does not exist has nothing, and cannot create: 404 team_not_found", async () => {
    const ghost = ctx.master.as(randomUUID());
    expect((await ghost.get("/templates")).body.templates).toEqual([]);
    expectErrorShape(await ghost.post("/templates", { displayName: "ghost", image: "alpine" }), 404, "team_not_found");
    const t = (await ctx.master.api.post("/templates", { displayName: "ghost-source", image: "alpine" })).body;
    await waitForStatus(ctx.master.api, t.templateId, ["ready"]);
    await ctx.master.api.patch(`/templates/${t.templateId}`, { public: true });
    expectErrorShape(await ghost.post("/sandboxes", { templateId: t.templateId }), 404, "team_not_found");
  });
});

describe("idempotency keys are each team's own", () => {
  test("one requestId in two teams makes two templates and two sandboxes", async () => {
    const requestId = `shared-${randomUUID()}`;
    const mine = await ctx.master.api.post("/templates", { displayName: "idem-mine", image: "alpine", requestId });
    const theirs = await other.api.post("/templates", { displayName: "idem-theirs", image: "alpine", requestId });
    expect([mine.status, theirs.status]).toEqual([202, 202]);
    expect(theirs.body.templateId).not.toBe(mine.body.templateId);
    expect(theirs.headers.get("idempotent-replayed")).toBeNull();
    await waitForStatus(ctx.master.api, mine.body.templateId, ["ready"]);
    await waitForStatus(other.api, theirs.body.templateId, ["ready"]);

    const a = await ctx.master.api.post("/sandboxes", { templateId: mine.body.templateId, requestId });
    const b = await other.api.post("/sandboxes", { templateId: theirs.body.templateId, requestId });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body.sandboxId).not.toBe(a.body.sandboxId);
    expect(b.headers.get("idempotent-replayed")).toBeNull();
    // Within a team the key still holds.
    const again = await other.api.post("/sandboxes", { templateId: theirs.body.templateId, requestId });
    expect(again.body.sandboxId).toBe(b.body.sandboxId);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
  });
});

describe("POST /api-keys/verify", () => {
  test("an unknown digest → 404 api_key_not_found; a team's key → its team, with its last use stamped", async () => {
    expectErrorShape(await ctx.master.api.post("/api-keys/verify", { digest: apiKeyDigest("nobody's") }), 404, "api_key_not_found");
    const made = await ctx.master.api.post(`/teams/${other.teamId}/api-keys`, { name: "verify-me" });
    expect(made.status).toBe(201);
    const r = await ctx.master.api.post("/api-keys/verify", { digest: apiKeyDigest(made.body.key) });
    expect(r.body).toEqual({ keyId: made.body.id, teamId: other.teamId, teamSlug: "master-other" });
    const listed = await ctx.master.api.get(`/teams/${other.teamId}/api-keys`);
    expect(listed.body.find((k: { id: string }) => k.id === made.body.id).lastUsed).toEqual(expect.any(String));
    expect(JSON.stringify(listed.body)).not.toContain(made.body.key);
  });

  test("register makes a configured key in the default team once; a revoked key stays revoked", async () => {
    const key = generateApiKey();
    const register = { name: "API_KEYS", mask: maskApiKey(key) };
    const first = await ctx.master.api.post("/api-keys/verify", { digest: apiKeyDigest(key), register });
    expect(first.body).toMatchObject({ teamId: ctx.master.team, teamSlug: "default" });
    const second = await ctx.master.api.post("/api-keys/verify", { digest: apiKeyDigest(key), register });
    expect(second.body.keyId).toBe(first.body.keyId);

    expect((await ctx.master.api.delete(`/teams/${ctx.master.team}/api-keys/${first.body.keyId}`)).status).toBe(204);
    expectErrorShape(await ctx.master.api.post("/api-keys/verify", { digest: apiKeyDigest(key), register }), 404, "api_key_not_found");
  });

  test("a key of another team cannot be renamed or revoked through this team: 404, as an unknown one", async () => {
    const made = (await ctx.master.api.post(`/teams/${other.teamId}/api-keys`, { name: "theirs" })).body;
    expectErrorShape(await ctx.master.api.patch(`/teams/${ctx.master.team}/api-keys/${made.id}`, { name: "mine now" }), 404, "api_key_not_found");
    expectErrorShape(await ctx.master.api.delete(`/teams/${ctx.master.team}/api-keys/${made.id}`), 404, "api_key_not_found");
    expect((await ctx.master.api.post("/api-keys/verify", { digest: apiKeyDigest(made.key) })).status).toBe(200);
  });
});

describe("sandbox quota slots", () => {
  test("a slot left taken by a create that died midway is given back by the reaper once the team is quiet", async () => {
    const sweeping = await startTestMaster({ SANDBOX_SWEEP_MS: "50" });
    try {
      const team = (await sweeping.api.post("/teams", { slug: "leaky-team", maxSandboxes: 1 })).body;
      // As a master that died between taking the slot and writing the record leaves it.
      await ctx.db.query("UPDATE teams SET sandbox_slots = 1, slot_taken_at = now() - interval '1 hour' WHERE id = $1", [team.teamId]);
      const slots = async () => (await ctx.db.query("SELECT sandbox_slots FROM teams WHERE id = $1", [team.teamId])).rows[0].sandbox_slots;
      await eventually(async () => ((await slots()) === 0 ? true : undefined), 5_000, "the slot to be given back");

      // A team whose slot was taken a moment ago keeps it: its create may still be under way.
      await ctx.db.query("UPDATE teams SET sandbox_slots = 1, slot_taken_at = now() WHERE id = $1", [team.teamId]);
      await new Promise((r) => setTimeout(r, 2_000));
      expect(await slots()).toBe(1);
    } finally {
      await sweeping.close();
    }
  });
});
