// Template creates and rebuilds through the gateway when master is slow: the gateway answers
// 504 upstream_timeout (the outcome is unknown), an Idempotency-Key makes the retry safe, a
// create without one is undone by master so the retry is not refused by the caller's own
// name; and what a template shows after a failed rebuild.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { createTemplateResponseSchema } from "@cubicle/contracts";
import { holdWrites, templateInsertFinished } from "../../../test-support/held-writes.js";
import {
  API_KEY,
  createTemplateAndWait,
  eventually,
  expectGatewayError,
  expectSchema,
  startTestGateway,
  useTestGateway,
  waitForGatewayBuild,
  watchCallerLeaving,
  type TestGateway,
} from "./support.js";

const OTHER_KEY = "template-writes-other-key-0123456789";
// A statement timeout no held insert (see holdWrites) runs into.
const ctx = useTestGateway({ masterEnv: { DB_STATEMENT_TIMEOUT_MS: "60000" }, gatewayEnv: { API_KEYS: `${API_KEY},${OTHER_KEY}` } });
const onServer = process.env.CUBICLE_TEST_EMBEDDED !== "1";
const withKey = (key: string) => ({ "idempotency-key": key });

describe("Idempotency-Key on POST /templates", () => {
  test("a repeat answers the same template, with idempotent-replayed: true", async () => {
    const name = `gw-idem-${randomUUID().slice(0, 8)}`;
    const first = await ctx.api.post("/templates", { name, image: "alpine:3.20" }, withKey(`k-${name}`));
    expect(first.status).toBe(202);
    expectSchema(createTemplateResponseSchema, first.body);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const again = await ctx.api.post("/templates", { alias: name, image: "alpine:3.20" }, withKey(`k-${name}`));
    expect(again.status).toBe(202);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toMatchObject({ templateID: first.body.templateID, buildID: first.body.buildID, names: [name] });
  });

  test("another body under the key → 409 idempotency_conflict; the key is not echoed", async () => {
    const key = `conflict-${randomUUID()}`;
    expect((await ctx.api.post("/templates", { image: "alpine:3.20" }, withKey(key))).status).toBe(202);
    const r = await ctx.api.post("/templates", { image: "alpine:3.21" }, withKey(key));
    expectGatewayError(r, 409, "idempotency_conflict");
    expect(JSON.stringify(r.body)).not.toContain(key);
  });

  test("keys are kept apart per API key: another key's same Idempotency-Key makes its own template", async () => {
    const key = `shared-${randomUUID()}`;
    const mine = await ctx.api.post("/templates", { image: "alpine:3.20" }, withKey(key));
    const theirs = await ctx.gateway.as(OTHER_KEY).post("/templates", { image: "alpine:3.20" }, withKey(key));
    expect(theirs.status).toBe(202);
    expect(theirs.headers.get("idempotent-replayed")).toBeNull();
    expect(theirs.body.templateID).not.toBe(mine.body.templateID);
  });

  test("a malformed Idempotency-Key → 400 invalid_request", async () => {
    expectGatewayError(await ctx.api.post("/templates", { image: "alpine:3.20" }, withKey("has spaces")), 400, "invalid_request");
  });

  test("rebuilds take one too: a repeat answers the same build", async () => {
    const t = await createTemplateAndWait(ctx.api, { image: "alpine:3.20" });
    const key = `rebuild-${randomUUID()}`;
    const first = await ctx.api.post(`/templates/${t.templateID}`, {}, withKey(key));
    expect(first.status).toBe(202);
    const again = await ctx.api.post(`/templates/${t.templateID}`, {}, withKey(key));
    expect(again.status).toBe(202);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body.buildID).toBe(first.body.buildID);
    await waitForGatewayBuild(ctx.api, t.templateID, first.body.buildID);
  });
});

(onServer ? describe : describe.skip)("master slower than MASTER_TIMEOUT_MS", () => {
  // A second: key verification has that long, however loaded the machine; the create is held
  // until the gateway has given up on it. Each test's second create goes through the file's
  // gateway (the same API key, so the same team and keys), with an ordinary deadline.
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({ MASTER_URL: ctx.master.url, MASTER_TIMEOUT_MS: "1000" });
  });
  afterAll(() => gateway?.close());
  const rows = async (name: string) => (await ctx.db.query("SELECT id FROM templates WHERE name_key = lower($1)", [name])).rowCount;

  test("a create → 504 upstream_timeout; master undoes it (no key), so the retry creates the template instead of 409 against its own name", async () => {
    const name = `slow-${randomUUID().slice(0, 8)}`;
    const insert = await holdWrites(ctx.db, { table: "templates", on: "INSERT", where: `NEW.display_name = '${name}'` });
    const callerLeaving = await watchCallerLeaving(ctx.master.api);
    try {
      const r = await gateway.api.post("/templates", { name, image: "alpine:3.20" });
      expectGatewayError(r, 504, "upstream_timeout");
      expect(r.body.message).toMatch(/the outcome is unknown; retry with the same Idempotency-Key/);
      // The 504 comes before master's insert has committed: once master has seen the gateway
      // leave, let the insert go on, wait for it to end (the create holds its team's create
      // lock until then), then for master to undo it.
      await insert.reached();
      await callerLeaving.seen();
      await insert.release();
      await templateInsertFinished(ctx.db);
      await eventually(async () => ((await rows(name)) === 0 ? true : undefined), 5_000, "the unanswered create to be undone");
      expect((await ctx.api.post("/templates", { name, image: "alpine:3.20" })).status).toBe(202);
      expect(await rows(name)).toBe(1);
    } finally {
      await insert.release();
    }
  });

  test("a create with an Idempotency-Key → 504, then the retry with the key answers the template it made", async () => {
    const name = `slow-key-${randomUUID().slice(0, 8)}`;
    const insert = await holdWrites(ctx.db, { table: "templates", on: "INSERT", where: `NEW.display_name = '${name}'` });
    try {
      const key = `slow-${randomUUID()}`;
      expectGatewayError(await gateway.api.post("/templates", { name, image: "alpine:3.20" }, withKey(key)), 504, "upstream_timeout");
      await insert.release();
      await eventually(async () => ((await rows(name)) === 1 ? true : undefined), 5_000, "the create to land");
      const retry = await ctx.api.post("/templates", { name, image: "alpine:3.20" }, withKey(key));
      expect(retry.status).toBe(202);
      expect(retry.headers.get("idempotent-replayed")).toBe("true");
      expect(await rows(name)).toBe(1);
    } finally {
      await insert.release();
    }
  });
});

describe("what a template shows after a failed rebuild", () => {
  test("its ready build's id beside that build's status (ready), in the template and in the list", async () => {
    const name = `rebuilt-${randomUUID().slice(0, 8)}`;
    const t = await createTemplateAndWait(ctx.api, { name, image: "alpine:3.20" });
    const rebuild = await ctx.api.post(`/templates/${name}`, { image: "alpine:fail" });
    expect(rebuild.status).toBe(202);
    expect((await waitForGatewayBuild(ctx.api, name, rebuild.body.buildID)).status).toBe("error");
    const shown = await ctx.api.get(`/templates/${name}`);
    expect(shown.body).toMatchObject({ buildID: t.buildID, buildStatus: "ready" });
    expect(shown.body.builds.map((b: { buildID: string; status: string }) => [b.buildID, b.status])).toEqual([
      [rebuild.body.buildID, "error"],
      [t.buildID, "ready"],
    ]);
    const listed = (await ctx.api.get("/templates")).body.find((x: { templateID: string }) => x.templateID === t.templateID);
    expect(listed).toMatchObject({ buildID: t.buildID, buildStatus: "ready" });
  });
});
