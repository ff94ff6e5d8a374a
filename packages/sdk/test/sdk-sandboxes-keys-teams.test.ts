// The SDK's sandboxes, keys and teams against a real gateway (with ADMIN_TOKEN), master, node
// agent (simulated) and Postgres: sandboxes created in either id mode, listed with filters and
// pages, their lifecycle (timeout, refresh, pause, resume, kill), logs and metrics; a team's
// keys made, listed, renamed, revoked; the operator's teams and their keys, each team seeing
// only its own templates; and the typed errors of refused calls.
import { beforeAll, describe, expect, test } from "@jest/globals";
import { AuthenticationError, ConflictError, NotFoundError, type Cubicle } from "../src/index.js";
import { ADMIN_TOKEN, recordingFetch, sdkOf, useTestGateway } from "./support.js";

const ctx = useTestGateway({ masterEnv: { BUILD_PHASE_DELAY_MS: "5" }, gatewayEnv: { ADMIN_TOKEN } });
let sdk: Cubicle;
let operator: Cubicle;
let other: string;

beforeAll(async () => {
  sdk = sdkOf(ctx.gateway.url);
  operator = sdkOf(ctx.gateway.url, { apiKey: undefined, adminToken: ADMIN_TOKEN });
  for (const name of ["sdk-box", "sdk-box-other"]) {
    const t = await sdk.templates.create({ name, image: "alpine:3.20" });
    await sdk.templates.waitForBuild(t.templateID, t.buildID, { intervalMs: 10 });
    if (name === "sdk-box-other") other = t.templateID;
  }
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A sandbox in strong mode: its record is written before the answer, so lists show it at once. */
const start = (metadata: Record<string, string> = {}, templateID = "sdk-box") => sdk.sandboxes.create({ templateID, timeout: 300, metadata }, { mode: "strong" });

describe("create", () => {
  test("mode strong → a UUID id; mode fast → 32 hex characters; both from the template named", async () => {
    const strong = await sdk.sandboxes.create({ templateID: "sdk-box" }, { mode: "strong" });
    const fast = await sdk.sandboxes.create({ templateID: "SDK-BOX" }, { mode: "fast" });
    expect(strong.sandboxID).toMatch(UUID);
    expect(fast.sandboxID).toMatch(/^[0-9a-f]{32}$/);
    expect(strong).toMatchObject({ alias: "sdk-box", domain: expect.any(String) });
    expect(fast.templateID).toBe(strong.templateID);
  });

  test("the same Idempotency-Key twice starts one sandbox", async () => {
    const a = await sdk.sandboxes.create({ templateID: "sdk-box", metadata: { run: "idem" } }, { idempotencyKey: "sdk-sandbox-idem", mode: "strong" });
    const b = await sdk.sandboxes.create({ templateID: "sdk-box", metadata: { run: "idem" } }, { idempotencyKey: "sdk-sandbox-idem", mode: "strong" });
    expect(b.sandboxID).toBe(a.sandboxID);
    expect((await sdk.sandboxes.list({ metadata: { run: "idem" } })).items).toHaveLength(1);
  });

  test("a create whose answer is lost on the way back is repeated with the same key and answers the same sandbox", async () => {
    const recorded = recordingFetch((n) => n === 0);
    const sandbox = await sdkOf(ctx.gateway.url, { fetch: recorded.fetch }).sandboxes.create({ templateID: "sdk-box", metadata: { run: "lost" } }, { mode: "strong" });
    expect(recorded.exchanges.map((e) => e.status)).toEqual(["no answer", 201]);
    expect((await sdk.sandboxes.list({ metadata: { run: "lost" } })).items.map((s) => s.sandboxID)).toEqual([sandbox.sandboxID]);
  });

  test("an unknown template → NotFoundError template_not_found; a template without a ready build → ConflictError template_not_ready", async () => {
    expect(await sdk.sandboxes.create({ templateID: "sdk-no-such" }).catch((e: unknown) => e)).toMatchObject({ name: "NotFoundError", code: "template_not_found" });
    const failed = await sdk.templates.create({ name: "sdk-box-failed", image: "alpine:fail" });
    await sdk.templates.waitForBuild(failed.templateID, failed.buildID, { intervalMs: 10 });
    // A failed first build frees the name: the template is still there by its id.
    const err = await sdk.sandboxes.create({ templateID: failed.templateID }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err).toMatchObject({ code: "template_not_ready" });
  });
});

describe("list", () => {
  test("filters by metadata, template and state, and pages with nextToken, newest first", async () => {
    const a = await start({ suite: "list", n: "1" });
    const b = await start({ suite: "list", n: "2" });
    const c = await start({ suite: "list", n: "3" }, "sdk-box-other");
    const ids = async (options: Parameters<Cubicle["sandboxes"]["list"]>[0]) => (await sdk.sandboxes.list({ metadata: { suite: "list" }, ...options })).items.map((s) => s.sandboxID);
    expect(await ids({})).toEqual([c.sandboxID, b.sandboxID, a.sandboxID]);
    expect(await ids({ metadata: { suite: "list", n: "2" } })).toEqual([b.sandboxID]);
    expect(await ids({ template: "sdk-box-other" })).toEqual([c.sandboxID]);
    expect(await ids({ template: other })).toEqual([c.sandboxID]);
    await sdk.sandboxes.pause(b.sandboxID);
    expect(await ids({ state: ["paused"] })).toEqual([b.sandboxID]);
    expect(await ids({ state: ["running"] })).toEqual([c.sandboxID, a.sandboxID]);
    expect(await ids({ state: ["running", "paused"], order: "asc" })).toEqual([a.sandboxID, b.sandboxID, c.sandboxID]);

    const first = await sdk.sandboxes.list({ metadata: { suite: "list" }, limit: 2 });
    expect(first.items.map((s) => s.sandboxID)).toEqual([c.sandboxID, b.sandboxID]);
    expect(first.nextToken).toEqual(expect.any(String));
    const second = await sdk.sandboxes.list({ metadata: { suite: "list" }, limit: 2, nextToken: first.nextToken! });
    expect(second.items.map((s) => s.sandboxID)).toEqual([a.sandboxID]);
    expect(second.nextToken).toBeNull();
  });

  test("an unknown template filter → NotFoundError", async () => {
    expect(await sdk.sandboxes.list({ template: "sdk-no-such" }).catch((e: unknown) => e)).toBeInstanceOf(NotFoundError);
  });
});

describe("lifecycle", () => {
  test("get → running with its metadata; setTimeout moves endAt either way; refresh never shortens it", async () => {
    const s = await start({ suite: "life" });
    const detail = await sdk.sandboxes.get(s.sandboxID);
    expect(detail).toMatchObject({ sandboxID: s.sandboxID, state: "running", metadata: { suite: "life" }, alias: "sdk-box" });
    await sdk.sandboxes.setTimeout(s.sandboxID, 3_600);
    const later = Date.parse((await sdk.sandboxes.get(s.sandboxID)).endAt);
    expect(later).toBeGreaterThan(Date.parse(detail.endAt));
    await sdk.sandboxes.refresh(s.sandboxID, 60);
    expect(Date.parse((await sdk.sandboxes.get(s.sandboxID)).endAt)).toBe(later);
    await sdk.sandboxes.setTimeout(s.sandboxID, 120);
    const sooner = Date.parse((await sdk.sandboxes.get(s.sandboxID)).endAt);
    expect(sooner).toBeLessThan(later);
    await sdk.sandboxes.refresh(s.sandboxID, 600);
    expect(Date.parse((await sdk.sandboxes.get(s.sandboxID)).endAt)).toBeGreaterThan(sooner);
  });

  test("pause → paused (a second pause → ConflictError sandbox_paused); resume → running again with the same id", async () => {
    const s = await start({ suite: "pause" });
    await sdk.sandboxes.pause(s.sandboxID);
    expect((await sdk.sandboxes.get(s.sandboxID)).state).toBe("paused");
    const again = await sdk.sandboxes.pause(s.sandboxID).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(ConflictError);
    expect(again).toMatchObject({ code: "sandbox_paused" });
    const resumed = await sdk.sandboxes.resume(s.sandboxID, { timeout: 120 });
    expect(resumed.sandboxID).toBe(s.sandboxID);
    expect((await sdk.sandboxes.get(s.sandboxID)).state).toBe("running");
  });

  test("logs tell the lifecycle events in order; metrics give the node's sample", async () => {
    const s = await start({ suite: "logs" });
    await sdk.sandboxes.setTimeout(s.sandboxID, 600);
    await sdk.sandboxes.pause(s.sandboxID);
    await sdk.sandboxes.resume(s.sandboxID);
    const { logs } = await sdk.sandboxes.logs(s.sandboxID);
    expect(logs.map((e) => e.message)).toEqual([expect.stringMatching(/^created from template /), expect.stringMatching(/^timeout changed/), expect.stringMatching(/^paused/), expect.stringMatching(/^resumed/)]);
    expect((await sdk.sandboxes.logs(s.sandboxID, { direction: "backward", limit: "1" })).logs.map((e) => e.message)).toEqual([expect.stringMatching(/^resumed/)]);
    const metrics = await sdk.sandboxes.metrics(s.sandboxID);
    expect(metrics).toEqual([expect.objectContaining({ cpuCount: expect.any(Number), memTotal: expect.any(Number), timestampUnix: expect.any(Number) })]);
  });

  test("kill → get answers NotFoundError sandbox_not_found; a second kill too", async () => {
    const s = await start({ suite: "kill" });
    await sdk.sandboxes.kill(s.sandboxID);
    const err = await sdk.sandboxes.get(s.sandboxID).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).toMatchObject({ status: 404, code: "sandbox_not_found", requestId: expect.any(String) });
    expect(await sdk.sandboxes.kill(s.sandboxID).catch((e: unknown) => e)).toMatchObject({ code: "sandbox_not_found" });
    expect((await sdk.sandboxes.list({ metadata: { suite: "kill" } })).items).toEqual([]);
  });
});

describe("keys", () => {
  test("create → its value works and is shown once; list shows it by name and mask, never the value", async () => {
    const made = await sdk.keys.create("sdk ci");
    expect(made).toMatchObject({ id: expect.any(String), name: "sdk ci", key: expect.stringMatching(/^cubicle_[0-9a-f]{40}$/) });
    const listed = await sdk.keys.list();
    const mine = listed.find((k) => k.id === made.id);
    expect(mine).toMatchObject({ name: "sdk ci", mask: { prefix: "cubicle_", maskedValueSuffix: made.key.slice(-4) } });
    expect(JSON.stringify(listed)).not.toContain(made.key);
    expect(await sdkOf(ctx.gateway.url, { apiKey: made.key }).templates.list()).toEqual({ items: expect.any(Array), nextToken: null });
  });

  test("rename → the key answers under its new name", async () => {
    const made = await sdk.keys.create("sdk before");
    expect(await sdk.keys.rename(made.id, "sdk after")).toMatchObject({ id: made.id, name: "sdk after" });
    expect((await sdk.keys.list()).find((k) => k.id === made.id)?.name).toBe("sdk after");
  });

  test("revoke → a request with that key is an AuthenticationError; revoking it again → NotFoundError api_key_not_found", async () => {
    const made = await sdk.keys.create("sdk revoked");
    const holder = sdkOf(ctx.gateway.url, { apiKey: made.key });
    await holder.keys.list();
    await sdk.keys.revoke(made.id);
    const err = await holder.keys.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err).toMatchObject({ status: 401, code: "unauthorized" });
    expect((await sdk.keys.list()).map((k) => k.id)).not.toContain(made.id);
    const again = await sdk.keys.revoke(made.id).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(NotFoundError);
    expect(again).toMatchObject({ code: "api_key_not_found" });
  });

  test("a bad key name → BadRequestError invalid_request", async () => {
    expect(await sdk.keys.create("").catch((e: unknown) => e)).toMatchObject({ name: "BadRequestError", code: "invalid_request" });
  });
});

describe("teams", () => {
  test("create a team and a key of it: the key sees that team's templates only", async () => {
    await sdk.templates.create({ name: "sdk-default-only", image: "alpine:3.20" });
    const team = await operator.teams.create({ slug: "sdk-acme", name: "Acme" });
    expect(team).toEqual({ teamID: expect.any(String), slug: "sdk-acme", name: "Acme" });
    const key = await operator.teams.createKey(team.teamID, "acme ci");
    const acme = sdkOf(ctx.gateway.url, { apiKey: key.key });
    expect((await acme.templates.list()).items).toEqual([]);
    const own = await acme.templates.create({ name: "sdk-default-only", image: "alpine:3.20" });
    expect((await acme.templates.list()).items.map((t) => t.templateID)).toEqual([own.templateID]);
    expect((await acme.keys.list()).map((k) => k.id)).toEqual([key.id]);
  });

  test("revokeKey → the team's key is refused with AuthenticationError", async () => {
    const team = await operator.teams.create({ slug: "sdk-revoked" });
    const key = await operator.teams.createKey(team.teamID, "short-lived");
    const member = sdkOf(ctx.gateway.url, { apiKey: key.key });
    await member.templates.list();
    await operator.teams.revokeKey(team.teamID, key.id);
    expect(await member.templates.list().catch((e: unknown) => e)).toBeInstanceOf(AuthenticationError);
  });

  test("a taken slug → ConflictError slug_taken; a key for an unknown team → NotFoundError team_not_found", async () => {
    await operator.teams.create({ slug: "sdk-twice" });
    const err = await operator.teams.create({ slug: "sdk-twice" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err).toMatchObject({ code: "slug_taken", requestId: expect.any(String) });
    const missing = await operator.teams.createKey("00000000-0000-4000-8000-000000000000", "x").catch((e: unknown) => e);
    expect(missing).toMatchObject({ name: "NotFoundError", code: "team_not_found" });
  });

  test("without the admin token (an API key is not one) or with a wrong one → AuthenticationError", async () => {
    const err = await sdk.teams.create({ slug: "sdk-nope" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    const wrong = sdkOf(ctx.gateway.url, { adminToken: "wrong-admin-token-0123456789abcdef0123" });
    expect(await wrong.teams.create({ slug: "sdk-nope" }).catch((e: unknown) => e)).toBeInstanceOf(AuthenticationError);
  });
});
