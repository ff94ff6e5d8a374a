import { createHash, randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { beforeAll, describe, expect, test } from "@jest/globals";
import type { SandboxView } from "@cubicle/contracts";
import type { Reply } from "../../../test-support/http.js";
import { UUID, eventually, expectErrorShape, getTemplate, useTestMaster, waitForStatus, createTestNode } from "./support.js";

const agent = createTestNode();
const ctx = useTestMaster({ node: agent });

const FAST_ID = /^[0-9a-f]{32}$/;
const md5 = (text: string) => createHash("md5").update(text).digest("hex");
const api = () => ctx.master.api;
/** Answers a SandboxView on 201, an error body otherwise. */
const create = (body: Record<string, unknown>): Promise<Reply> => api().post("/sandboxes", body);

/** A create that must succeed; returns the sandbox. */
async function created(body: Record<string, unknown>): Promise<SandboxView> {
  const r = await create(body);
  if (r.status !== 201) throw new Error(`POST /sandboxes answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body as SandboxView;
}

async function readyTemplate(displayName?: string, image = "alpine:3.20"): Promise<string> {
  const r = await api().post("/templates", { displayName, image });
  expect(r.status).toBe(202);
  await waitForStatus(api(), r.body.templateId, ["ready"]);
  return r.body.templateId as string;
}

async function row(id: string): Promise<Record<string, any> | undefined> {
  return (await ctx.db.query("SELECT * FROM sandboxes WHERE id = $1", [id])).rows[0];
}
const waitForRow = (id: string) => eventually(() => row(id), 5_000, `the record of sandbox ${id}`);
const rowsWithRequestId = async (requestId: string) => (await ctx.db.query("SELECT id FROM sandboxes WHERE request_id = $1", [requestId])).rows;
const agentCreates = (id?: string) => agent.calls().filter((c) => c.op === "create" && (id === undefined || c.sandboxId === id)).length;

let templateId: string;
beforeAll(async () => {
  templateId = await readyTemplate("sbx-main");
});

describe("POST /sandboxes, fast mode (the default)", () => {
  test("answers 201 with an id that is md5(name:namespace:createTimestamp), default name, namespace and timeout", async () => {
    const r = await create({ templateId });
    expect(r.status).toBe(201);
    const s = r.body as SandboxView;
    expect(s.sandboxId).toMatch(FAST_ID);
    expect(s.createTimestamp).toMatch(/^[1-9][0-9]{18}$/);
    expect(s.sandboxId).toBe(md5(`${s.name}:${s.namespace}:${s.createTimestamp}`));
    const template = await getTemplate(api(), templateId);
    expect(s).toEqual({
      sandboxId: s.sandboxId,
      templateId,
      buildId: template.readyBuildId,
      displayName: "sbx-main",
      mode: "fast",
      name: `sb-${s.createTimestamp}`,
      namespace: "default",
      createTimestamp: s.createTimestamp,
      startedAt: s.startedAt,
      endAt: s.endAt,
      timeout: 300,
      cpuCount: 2,
      memoryMB: 512,
      diskSizeMB: 1024,
      metadata: {},
      state: "running",
      onTimeout: "kill",
      pausedAt: null,
      node: agent.node,
      envdVersion: "0.2.0",
    });
    // startedAt is createTimestamp at millisecond precision; endAt is 300 s later.
    expect(Date.parse(s.startedAt)).toBe(Number(BigInt(s.createTimestamp) / 1_000_000n));
    expect(Math.abs(Date.parse(s.startedAt) - Date.now())).toBeLessThan(60_000);
    expect(Date.parse(s.endAt) - Date.parse(s.startedAt)).toBe(300_000);
    expect(agent.holds(s.sandboxId)).toBe(true);
    expect(agentCreates(s.sandboxId)).toBe(1);

    const stored = await waitForRow(s.sandboxId);
    expect(stored).toMatchObject({
      id: s.sandboxId,
      mode: "fast",
      name: s.name,
      namespace: "default",
      create_timestamp: s.createTimestamp,
      template_id: templateId,
      build_id: template.readyBuildId,
      timeout_seconds: 300,
      node: agent.node,
      request_id: null,
    });
    expect((stored.end_at as Date).getTime() - (stored.started_at as Date).getTime()).toBe(300_000);
  });

  test("two creates with the same name and namespace get different ids", async () => {
    const [a, b] = await Promise.all([created({ templateId, name: "twin" }), created({ templateId, name: "twin" })]);
    expect(a!.sandboxId).not.toBe(b!.sandboxId);
    expect(a!.createTimestamp).not.toBe(b!.createTimestamp);
    for (const s of [a!, b!]) expect(s.sandboxId).toBe(md5(`twin:default:${s.createTimestamp}`));
  });
});

describe("POST /sandboxes, strong mode", () => {
  test("the id is the record's database-generated UUID, written before the answer, and the agent holds it", async () => {
    const s = await created({ templateId, mode: "strong" });
    expect(s.sandboxId).toMatch(UUID);
    expect(s.sandboxId).toHaveLength(36);
    expect(s).toMatchObject({ mode: "strong", name: `sb-${s.createTimestamp}`, namespace: "default", timeout: 300, node: agent.node, envdVersion: "0.2.0" });
    expect(Date.parse(s.endAt) - Date.parse(s.startedAt)).toBe(300_000);
    // Strong mode answers only once its record is written: no waiting needed.
    expect(await row(s.sandboxId)).toMatchObject({ id: s.sandboxId, mode: "strong", create_timestamp: s.createTimestamp, node: agent.node });
    expect(agent.holds(s.sandboxId)).toBe(true);
    expect(agentCreates(s.sandboxId)).toBe(1);
  });
});

describe("POST /sandboxes, caller-given fields", () => {
  test.each(["fast", "strong"] as const)("%s: name, namespace, timeout and metadata are kept; envVars reach the agent but are never stored or shown", async (mode) => {
    const secret = `s3cr3t-${randomUUID()}`;
    let handed: Record<string, string> | undefined;
    agent.failCreatesWhen((spec) => {
      handed = spec.envVars;
      return undefined;
    });
    let s: SandboxView;
    try {
      s = await created({
        templateId,
        mode,
        name: `web.1_${mode}`,
        namespace: "team-a",
        timeout: 600,
        metadata: { team: "a", owner: "bob" },
        envVars: { API_TOKEN: secret },
      });
    } finally {
      agent.failCreatesWhen(null);
    }
    expect(handed).toEqual({ API_TOKEN: secret });
    expect(s).toMatchObject({ mode, name: `web.1_${mode}`, namespace: "team-a", timeout: 600, metadata: { team: "a", owner: "bob" } });
    expect(Date.parse(s.endAt) - Date.parse(s.startedAt)).toBe(600_000);
    if (mode === "fast") expect(s.sandboxId).toBe(md5(`web.1_${mode}:team-a:${s.createTimestamp}`));
    expect(s).not.toHaveProperty("envVars");
    expect(JSON.stringify(s)).not.toContain(secret);

    const stored = await waitForRow(s.sandboxId);
    expect(stored).toMatchObject({ name: `web.1_${mode}`, namespace: "team-a", timeout_seconds: 600, metadata: { team: "a", owner: "bob" } });
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(JSON.stringify(stored)).not.toContain("API_TOKEN");

    const read = await api().get(`/sandboxes/${s.sandboxId}`);
    expect(read.status).toBe(200);
    expect(JSON.stringify(read.body)).not.toContain(secret);
  });

  test("the longest timeout (86400 s) is accepted", async () => {
    const s = await created({ templateId, timeout: 86_400 });
    expect(Date.parse(s.endAt) - Date.parse(s.startedAt)).toBe(86_400_000);
  });
});

describe("POST /sandboxes, refusals", () => {
  test.each([
    ["a malformed templateId", { templateId: "my-template" }, /templateId/],
    ["no templateId", { templateId: undefined }, /templateId/],
    ["a name with ':'", { name: "a:b" }, /name/],
    ["a name with a space", { name: "my box" }, /name/],
    ["a namespace with ':'", { namespace: "ns:1" }, /namespace/],
    ["a name of 64 characters", { name: "n".repeat(64) }, /name/],
    ["timeout 0", { timeout: 0 }, /timeout/],
    ["timeout 86401", { timeout: 86_401 }, /timeout/],
    ["a fractional timeout", { timeout: 1.5 }, /timeout/],
    ["an unknown mode", { mode: "eventual" }, /mode/],
    ["an unknown field", { colour: "red" }, /colour/],
    ["metadata with a non-string value", { metadata: { replicas: 3 } }, /metadata/],
    ["envVars with a non-string value", { envVars: { DEBUG: true } }, /envVars/],
    ["a requestId with a space", { requestId: "a b" }, /requestId/],
  ])("%s → 400 invalid_request naming the field, and the agent is not called", async (_what, fields, message) => {
    const before = agent.calls().length;
    const r = await create({ templateId, ...fields });
    expectErrorShape(r, 400, "invalid_request");
    expect(r.body.message).toMatch(message);
    expect(agent.calls().length).toBe(before);
  });

  test("an unknown template → 404 template_not_found", async () => {
    const r = await create({ templateId: `tpl-${"0".repeat(24)}` });
    expectErrorShape(r, 404, "template_not_found");
  });

  test.each(["fast", "strong"] as const)("%s: a template still in its first build → 409 template_not_ready with status building", async (mode) => {
    const id = await readyTemplate();
    // A template whose first build has not finished yet.
    await ctx.db.query("UPDATE templates SET status = 'building', ready_build_id = NULL WHERE id = $1", [id]);
    const before = agent.calls().length;
    const r = await create({ templateId: id, mode });
    expectErrorShape(r, 409, "template_not_ready");
    expect(r.body.details).toEqual({ templateId: id, status: "building" });
    expect(agent.calls().length).toBe(before);
    expect((await ctx.db.query("SELECT 1 FROM sandboxes WHERE template_id = $1", [id])).rowCount).toBe(0);
  });

  test("a template whose build failed → 409 template_not_ready with status failed", async () => {
    const r0 = await api().post("/templates", { displayName: "sbx-broken", image: "alpine:fail" });
    await waitForStatus(api(), r0.body.templateId, ["failed"]);
    const r = await create({ templateId: r0.body.templateId, mode: "strong" });
    expectErrorShape(r, 409, "template_not_ready");
    expect(r.body.details).toEqual({ templateId: r0.body.templateId, status: "failed" });
    // A template whose first build failed loses its name, so the message names its id.
    expect(r.body.message).toContain(r0.body.templateId);
    expect(r.body.message).toMatch(/build failed/);
  });
});

describe("POST /sandboxes, idempotency", () => {
  test.each(["fast", "strong"] as const)("%s: the same requestId and body answer the same sandbox, marked idempotent-replayed", async (mode) => {
    const requestId = `req-${randomUUID()}`;
    const body = { templateId, mode, requestId, metadata: { a: "1", b: "2" } };
    const first = await create(body);
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    // Once the record is written, the repeat is answered from it.
    await waitForRow(first.body.sandboxId);

    const again = await create({ ...body, metadata: { b: "2", a: "1" } });
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(first.body);
    expect(await rowsWithRequestId(requestId)).toEqual([{ id: first.body.sandboxId }]);
    expect(agentCreates(first.body.sandboxId)).toBe(1);
    expect(agent.holds(first.body.sandboxId)).toBe(true);
  });

  test("fast: a repeat arriving before the record is written is answered from memory with the same sandbox", async () => {
    const requestId = `req-${randomUUID()}`;
    const before = agentCreates();
    const first = await create({ templateId, requestId });
    const again = await create({ templateId, requestId });
    expect(again.status).toBe(201);
    expect(again.body.sandboxId).toBe(first.body.sandboxId);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(agentCreates() - before).toBe(1);
    await waitForRow(first.body.sandboxId);
    expect(await rowsWithRequestId(requestId)).toHaveLength(1);
  });

  test.each([
    ["another name", { name: "other" }],
    ["another timeout", { timeout: 301 }],
    ["other metadata", { metadata: { a: "2" } }],
    ["other envVars", { envVars: { X: "2" } }],
    ["the other mode", { mode: "strong" }],
  ])("the same requestId with %s → 409 idempotency_conflict, nothing new created", async (_what, change) => {
    const requestId = `req-${randomUUID()}`;
    const body = { templateId, requestId, name: "idem", metadata: { a: "1" }, envVars: { X: "1" } };
    const first = await created(body);
    await waitForRow(first.sandboxId);
    const before = agentCreates();
    const r = await create({ ...body, ...change });
    expectErrorShape(r, 409, "idempotency_conflict");
    // The key is not echoed: the gateway's keys embed a digest of the caller's API key.
    expect(r.body.message).not.toContain(requestId);
    expect(agentCreates()).toBe(before);
    expect(await rowsWithRequestId(requestId)).toHaveLength(1);
  });

  test("a default left out and the same default given explicitly are the same request", async () => {
    const requestId = `req-${randomUUID()}`;
    const first = await created({ templateId, requestId });
    await waitForRow(first.sandboxId);
    const again = await create({ templateId, requestId, mode: "fast", namespace: "default", timeout: 300, metadata: {}, envVars: {} });
    expect(again.status).toBe(201);
    expect(again.body.sandboxId).toBe(first.sandboxId);
  });

  test.each(["fast", "strong"] as const)("%s: 10 concurrent identical creates make one sandbox and all answer it", async (mode) => {
    const requestId = `req-${randomUUID()}`;
    const before = agentCreates();
    const replies = await Promise.all(Array.from({ length: 10 }, () => create({ templateId, mode, requestId, metadata: { burst: "1" } })));
    expect(replies.map((r) => r.status)).toEqual(Array(10).fill(201));
    const ids = new Set(replies.map((r) => r.body.sandboxId));
    expect(ids.size).toBe(1);
    const [id] = [...ids] as [string];
    expect(replies.filter((r) => r.headers.get("idempotent-replayed") === "true")).toHaveLength(9);
    expect(agentCreates() - before).toBe(1);
    expect(agent.holds(id)).toBe(true);
    await waitForRow(id);
    expect(await rowsWithRequestId(requestId)).toEqual([{ id }]);
  });
});

describe("GET /sandboxes/:id", () => {
  test.each(["fast", "strong"] as const)("%s: answers what the create answered, confirmed with the agent, in any letter case", async (mode) => {
    const s = await created({ templateId, mode, metadata: { k: "v" } });
    const getsBefore = agent.calls().filter((c) => c.op === "get" && c.sandboxId === s.sandboxId).length;
    // Straight after the create: a fast record may still be being written; the read waits for it.
    const r = await api().get(`/sandboxes/${s.sandboxId}`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual(s);
    const upper = await api().get(`/sandboxes/${s.sandboxId.toUpperCase()}`);
    expect(upper.status).toBe(200);
    expect(upper.body).toEqual(s);
    expect(agent.calls().filter((c) => c.op === "get" && c.sandboxId === s.sandboxId).length - getsBefore).toBe(2);
  });

  test.each([
    ["a fast-form id", "0123456789abcdef0123456789abcdef"],
    ["a strong-form id", "01234567-89ab-cdef-0123-456789abcdef"],
  ])("an unknown sandbox (%s) → 404 sandbox_not_found", async (_what, id) => {
    const r = await api().get(`/sandboxes/${id}`);
    expectErrorShape(r, 404, "sandbox_not_found");
    expect(r.body.message).toContain(id);
  });

  test.each(["not-an-id", "0123456789abcdef0123456789abcdeg", "0123456789abcdef"])("a malformed id (%s) → 400 invalid_request", async (id) => {
    expectErrorShape(await api().get(`/sandboxes/${id}`), 400, "invalid_request");
  });

  test.each(["fast", "strong"] as const)("%s: a sandbox its agent no longer holds → 404 sandbox_not_found and its record is removed", async (mode) => {
    const s = await created({ templateId, mode });
    await waitForRow(s.sandboxId);
    expect(await agent.delete(s.sandboxId, AbortSignal.timeout(1_000))).toBe(true);
    const r = await api().get(`/sandboxes/${s.sandboxId}`);
    expectErrorShape(r, 404, "sandbox_not_found");
    expect(await row(s.sandboxId)).toBeUndefined();
    const listed = await api().get(`/sandboxes?templateId=${templateId}&limit=1000`);
    expect(listed.body.sandboxes.map((x: SandboxView) => x.sandboxId)).not.toContain(s.sandboxId);
  });
});

describe("DELETE /sandboxes/:id", () => {
  test.each([
    ["fast", "lower"],
    ["strong", "lower"],
    ["fast", "upper"],
    ["strong", "upper"],
  ] as const)("%s, id given in %s case: 204; stops the sandbox at its agent by its stored id, then forgets it", async (mode, letterCase) => {
    const s = await created({ templateId, mode });
    await waitForRow(s.sandboxId);
    const r = await api().delete(`/sandboxes/${letterCase === "upper" ? s.sandboxId.toUpperCase() : s.sandboxId}`);
    expect(r.status).toBe(204);
    expect(r.body).toBeUndefined();
    expect(agent.calls()).toContainEqual({ op: "delete", sandboxId: s.sandboxId });
    expect(agent.holds(s.sandboxId)).toBe(false);
    expect(await row(s.sandboxId)).toBeUndefined();
    expectErrorShape(await api().get(`/sandboxes/${s.sandboxId}`), 404, "sandbox_not_found");
    expectErrorShape(await api().delete(`/sandboxes/${s.sandboxId}`), 404, "sandbox_not_found");
  });

  test("a delete straight after a fast create waits for the record, which does not come back", async () => {
    const s = await created({ templateId });
    expect((await api().delete(`/sandboxes/${s.sandboxId}`)).status).toBe(204);
    expect(await row(s.sandboxId)).toBeUndefined();
    expect(agent.holds(s.sandboxId)).toBe(false);
  });

  test("an unknown sandbox → 404 sandbox_not_found, and the agent is not called", async () => {
    const id = "fedcba9876543210fedcba9876543210";
    const r = await api().delete(`/sandboxes/${id}`);
    expectErrorShape(r, 404, "sandbox_not_found");
    expect(agent.calls().filter((c) => c.sandboxId === id)).toEqual([]);
  });
});

describe("GET /sandboxes", () => {
  const ids = (r: Reply) => (r.body.sandboxes as SandboxView[]).map((s) => s.sandboxId);
  let listTemplate: string;
  let otherTemplate: string;
  /** Made one after another, oldest first, each in a later millisecond than the last. */
  const made: SandboxView[] = [];

  beforeAll(async () => {
    listTemplate = await readyTemplate("sbx-list");
    otherTemplate = await readyTemplate();
    for (let i = 0; i < 5; i++) {
      made.push(await created({ templateId: listTemplate, mode: i % 2 ? "strong" : "fast", metadata: { team: i < 3 ? "alpha" : "beta", idx: String(i) } }));
      // Distinct start times (millisecond precision), so "newest first" has one right answer.
      await sleep(3);
    }
    await created({ templateId: otherTemplate, metadata: { team: "alpha" } });
    for (const s of made) await waitForRow(s.sandboxId);
  });

  test("lists a template's sandboxes newest first, each as GET shows it", async () => {
    const r = await api().get(`/sandboxes?templateId=${listTemplate}`);
    expect(r.status).toBe(200);
    expect(ids(r)).toEqual(made.map((s) => s.sandboxId).reverse());
    expect(r.body.nextCursor).toBeNull();
    expect(r.body.sandboxes[0]).toEqual(made[4]);
  });

  test("order=asc lists oldest first", async () => {
    const r = await api().get(`/sandboxes?templateId=${listTemplate}&order=asc`);
    expect(ids(r)).toEqual(made.map((s) => s.sandboxId));
  });

  test.each(["desc", "asc"])("pages of limit 2 joined by nextCursor cover a template's sandboxes once each (order %s)", async (order) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r: Reply = await api().get(`/sandboxes?templateId=${listTemplate}&order=${order}&limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(r.status).toBe(200);
      expect(r.body.sandboxes.length).toBeLessThanOrEqual(2);
      seen.push(...ids(r));
      cursor = r.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    const expected = made.map((s) => s.sandboxId);
    expect(seen).toEqual(order === "desc" ? expected.reverse() : expected);
  });

  test("paging through everything matches the visible records, without duplicates", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const r: Reply = await api().get(`/sandboxes?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(r.status).toBe(200);
      seen.push(...ids(r));
      cursor = r.body.nextCursor;
      if (!cursor) break;
    }
    expect(new Set(seen).size).toBe(seen.length);
    const visible = await ctx.db.query("SELECT id FROM sandboxes WHERE node IS NOT NULL AND end_at > now() ORDER BY started_at DESC, id DESC");
    expect(seen).toEqual(visible.rows.map((r) => r.id));
    expect(seen.length).toBeGreaterThan(made.length);
  });

  test("metadata filters to sandboxes holding every given pair", async () => {
    const q = (m: Record<string, string>) => api().get(`/sandboxes?templateId=${listTemplate}&metadata=${encodeURIComponent(JSON.stringify(m))}`);
    expect(ids(await q({ team: "alpha" }))).toEqual(made.slice(0, 3).map((s) => s.sandboxId).reverse());
    expect(ids(await q({ team: "alpha", idx: "1" }))).toEqual([made[1]!.sandboxId]);
    expect(ids(await q({ team: "beta", idx: "1" }))).toEqual([]);
    expect(ids(await q({ team: "gamma" }))).toEqual([]);
    // Without the template filter, the other template's {team: alpha} sandbox is listed too.
    const all = await api().get(`/sandboxes?limit=1000&metadata=${encodeURIComponent('{"team":"alpha"}')}`);
    expect(all.body.sandboxes.every((s: SandboxView) => s.metadata.team === "alpha")).toBe(true);
    expect(new Set(all.body.sandboxes.map((s: SandboxView) => s.templateId))).toEqual(new Set([listTemplate, otherTemplate]));
  });

  test("startedAfter keeps sandboxes started at or after the given time", async () => {
    const r = await api().get(`/sandboxes?templateId=${listTemplate}&startedAfter=${encodeURIComponent(made[2]!.startedAt)}`);
    expect(ids(r)).toEqual(made.slice(2).map((s) => s.sandboxId).reverse());
    const future = await api().get(`/sandboxes?startedAfter=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`);
    expect(future.body).toEqual({ sandboxes: [], nextCursor: null });
  });

  test.each([
    ["a cursor this API never gave out", "cursor=nope"],
    ["a cursor with characters outside base64url", "cursor=a%2Bb"],
    ["limit 0", "limit=0"],
    ["limit 1001", "limit=1001"],
    ["an unknown order", "order=newest"],
    ["a malformed templateId", "templateId=abc"],
    ["metadata that is not JSON", "metadata=team%3Da"],
    ["metadata that is a JSON array", `metadata=${encodeURIComponent('["a"]')}`],
    ["metadata with a non-string value", `metadata=${encodeURIComponent('{"n":1}')}`],
    ["startedAfter that is not a date-time", "startedAfter=yesterday"],
  ])("%s → 400 invalid_request", async (_what, query) => {
    expectErrorShape(await api().get(`/sandboxes?${query}`), 400, "invalid_request");
  });
});
