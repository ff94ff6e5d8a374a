// Template creates and rebuilds with a requestId: a repeat answers what the first one made,
// concurrent repeats make one, and a different request under the same key is refused.
import { randomUUID } from "node:crypto";
import { describe, expect, test } from "@jest/globals";
import { expectErrorShape, useTestMaster, waitForStatus } from "./support.js";

const ctx = useTestMaster();
const api = () => ctx.master.api;
const key = () => `tpl-key-${randomUUID()}`;
const templatesWithRequest = async (requestId: string) => (await ctx.db.query("SELECT id FROM templates WHERE request_id = $1", [requestId])).rowCount;

describe("POST /templates with a requestId", () => {
  test("a repeat answers the same template and build, marked idempotent-replayed; nothing new is made", async () => {
    const requestId = key();
    const body = { displayName: `idem-${randomUUID().slice(0, 8)}`, image: "alpine:3.20", requestId };
    const first = await api().post("/templates", body);
    expect(first.status).toBe(202);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const again = await api().post("/templates", body);
    expect(again.status).toBe(202);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toMatchObject({ templateId: first.body.templateId, buildId: first.body.buildId, displayName: body.displayName });
    expect(await templatesWithRequest(requestId)).toBe(1);
    // Still after the build finished: the answer shows where it is now.
    await waitForStatus(api(), first.body.templateId, ["ready"]);
    const later = await api().post("/templates", body);
    expect(later.body).toMatchObject({ templateId: first.body.templateId, buildId: first.body.buildId, status: "ready", buildStatus: "ready" });
  });

  test("defaults count as given: a repeat spelling them out is the same request", async () => {
    const requestId = key();
    const first = await api().post("/templates", { image: "alpine:3.20", requestId });
    const again = await api().post("/templates", { image: "alpine:3.20", cpuCount: 2, memoryMB: 512, displayName: "  ", requestId });
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body.templateId).toBe(first.body.templateId);
  });

  test.each([
    ["another image", { image: "alpine:3.21" }],
    ["another size", { cpuCount: 4 }],
    ["another name", { displayName: "idem-other-name" }],
    ["the name in another letter case", { displayName: "IDEM-CASE" }],
  ])("the same requestId with %s → 409 idempotency_conflict, the key not echoed", async (_what, change) => {
    const requestId = key();
    const body = { displayName: "idem-case", image: "alpine:3.20", requestId };
    await ctx.db.query("DELETE FROM templates WHERE name_key = 'idem-case'");
    expect((await api().post("/templates", body)).status).toBe(202);
    const r = await api().post("/templates", { ...body, ...change });
    expectErrorShape(r, 409, "idempotency_conflict");
    expect(r.body.message).toBe("this idempotency key was already used for a different template create; use a new key for a new one");
    expect(await templatesWithRequest(requestId)).toBe(1);
  });

  test("10 concurrent creates with one requestId and one name make one template; all answer it", async () => {
    for (let round = 0; round < 5; round++) {
      const requestId = key();
      const body = { displayName: `idem-race-${round}-${randomUUID().slice(0, 6)}`, image: "alpine:3.20", requestId };
      const answers = await Promise.all(Array.from({ length: 10 }, () => api().post("/templates", body)));
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(202));
      expect(new Set(answers.map((a) => a.body.templateId)).size).toBe(1);
      expect(answers.filter((a) => a.headers.get("idempotent-replayed") === "true")).toHaveLength(9);
      expect(await templatesWithRequest(requestId)).toBe(1);
    }
  });

  test("another requestId for a name already held → 409 name_taken as usual", async () => {
    const name = `idem-held-${randomUUID().slice(0, 8)}`;
    expect((await api().post("/templates", { displayName: name, image: "alpine:3.20", requestId: key() })).status).toBe(202);
    expectErrorShape(await api().post("/templates", { displayName: name, image: "alpine:3.20", requestId: key() }), 409, "name_taken");
  });

  test("once the template is deleted, its requestId makes a new one", async () => {
    const requestId = key();
    const first = await api().post("/templates", { image: "alpine:3.20", requestId });
    expect((await api().delete(`/templates/${first.body.templateId}`)).status).toBe(204);
    const again = await api().post("/templates", { image: "alpine:3.20", requestId });
    expect(again.status).toBe(202);
    expect(again.headers.get("idempotent-replayed")).toBeNull();
    expect(again.body.templateId).not.toBe(first.body.templateId);
  });
});

describe("POST /templates/:id/rebuild with a requestId", () => {
  async function ready(): Promise<string> {
    const r = await api().post("/templates", { image: "alpine:3.20" });
    await waitForStatus(api(), r.body.templateId, ["ready"]);
    return r.body.templateId as string;
  }

  test("a repeat answers the same build, even while it runs (not 409 build_in_progress)", async () => {
    const id = await ready();
    const requestId = key();
    const first = await api().post(`/templates/${id}/rebuild`, { requestId });
    expect(first.status).toBe(202);
    const again = await api().post(`/templates/${id}/rebuild`, { requestId });
    expect(again.status).toBe(202);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toMatchObject({ templateId: id, buildId: first.body.buildId });
    expect((await ctx.db.query("SELECT id FROM builds WHERE template_id = $1", [id])).rowCount).toBe(2);
  });

  test("concurrent repeats start one build", async () => {
    const id = await ready();
    const requestId = key();
    const answers = await Promise.all(Array.from({ length: 8 }, () => api().post(`/templates/${id}/rebuild`, { image: "alpine:3.21", requestId })));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(202));
    expect(new Set(answers.map((a) => a.body.buildId)).size).toBe(1);
    expect((await ctx.db.query("SELECT id FROM builds WHERE template_id = $1", [id])).rowCount).toBe(2);
  });

  test("the same requestId with another spec, or for another template → 409 idempotency_conflict", async () => {
    const [a, b] = [await ready(), await ready()];
    const requestId = key();
    expect((await api().post(`/templates/${a}/rebuild`, { requestId })).status).toBe(202);
    expectErrorShape(await api().post(`/templates/${a}/rebuild`, { image: "alpine:3.21", requestId }), 409, "idempotency_conflict");
    expectErrorShape(await api().post(`/templates/${b}/rebuild`, { requestId }), 409, "idempotency_conflict");
  });
});
