import { describe, expect, test } from "@jest/globals";
import { TEMPLATE_ID, UUID, expectErrorShape, startTestMaster, useTestMaster, waitForBuild, waitForStatus } from "./support.js";
import { truncateTables } from "../../../test-support/templates.js";

const ctx = useTestMaster();

const create = (body: unknown) => ctx.master.api.post("/templates", body);

describe("POST /templates", () => {
  test("creates a template with a trimmed name and defaults, answering 202 with its first build", async () => {
    const r = await create({ displayName: "  Web-App_1 ", image: "alpine:3.20" });
    expect(r.status).toBe(202);
    expect(r.body).toEqual({
      templateId: expect.stringMatching(TEMPLATE_ID),
      buildId: expect.stringMatching(UUID),
      displayName: "Web-App_1",
      status: "building",
      buildStatus: "waiting",
      image: "alpine:3.20",
      cpuCount: 2,
      memoryMB: 512,
    });
    const t = await ctx.master.api.get(`/templates/${r.body.templateId}`);
    expect(t.body).toMatchObject({ displayName: "Web-App_1", image: "alpine:3.20", cpuCount: 2, memoryMB: 512 });
  });

  test("a missing, null or blank name creates a template without a name", async () => {
    for (const displayName of [undefined, null, "   "]) {
      const r = await create({ displayName, image: "alpine" });
      expect(r.status).toBe(202);
      expect(r.body.displayName).toBeNull();
    }
  });

  test("keeps the cpu and memory asked for", async () => {
    const r = await create({ image: "ghcr.io/org/app:1.0", cpuCount: 4, memoryMB: 2048 });
    const t = await ctx.master.api.get(`/templates/${r.body.templateId}`);
    expect(t.body).toMatchObject({ cpuCount: 4, memoryMB: 2048, image: "ghcr.io/org/app:1.0" });
  });

  test.each([
    ["a name with a space", "my app", "invalid_chars"],
    ["a name starting with tpl- in any case", "TpL-app", "reserved_prefix"],
    ["a name starting with snap-", "snap-1", "reserved_prefix"],
    ["a name of 257 characters", "a".repeat(257), "too_long"],
    ["a name starting with '-'", "-app", "invalid_chars"],
  ])("%s is refused with 400 invalid_name and its reason", async (_what, displayName, reason) => {
    const r = await create({ displayName, image: "alpine" });
    expectErrorShape(r, 400, "invalid_name");
    expect(r.body.details).toEqual({ reason });
  });

  test("a name of exactly 256 characters is accepted", async () => {
    expect((await create({ displayName: "b".repeat(256), image: "alpine" })).status).toBe(202);
  });

  test("an empty string name at rename is invalid, but at create means no name", async () => {
    expect((await create({ displayName: "", image: "alpine" })).body.displayName).toBeNull();
  });

  test.each([
    ["no image", { displayName: "x1" }, /image/],
    ["an image that is not a reference", { image: "Not An Image" }, /container image reference/],
    ["cpuCount out of range", { image: "alpine", cpuCount: 0 }, /cpuCount/],
    ["memoryMB of the wrong type", { image: "alpine", memoryMB: "lots" }, /memoryMB/],
    ["an unknown field", { image: "alpine", colour: "red" }, /colour/],
    ["a name that is not a string", { image: "alpine", displayName: 42 }, /displayName/],
    ["a body that is not an object", [1, 2], /body/],
  ])("%s → 400 invalid_request naming the problem", async (_what, body, message) => {
    const r = await create(body);
    expectErrorShape(r, 400, "invalid_request");
    expect(r.body.message).toMatch(message);
  });

  test("malformed JSON → 400 invalid_request", async () => {
    const r = await ctx.master.api.call("POST", "/templates", "{not json", { "content-type": "application/json" });
    expectErrorShape(r, 400, "invalid_request");
  });

  test("a body over 64 kB → 413 payload_too_large", async () => {
    const r = await create({ image: "alpine", displayName: "x".repeat(70_000) });
    expectErrorShape(r, 413, "payload_too_large");
  });

  test("a name held by another template (in any letter case) → 409 name_taken", async () => {
    await create({ displayName: "Taken-Name", image: "alpine" });
    const r = await create({ displayName: "tAKEN-nAME", image: "alpine" });
    expectErrorShape(r, 409, "name_taken");
  });
});

describe("GET /templates", () => {
  test("lists templates newest first, with pages joined by a cursor", async () => {
    await truncateTables(undefined, { nodes: false });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await create({ displayName: `list-${i}`, image: "alpine" })).body.templateId);
    const first = await ctx.master.api.get("/templates?limit=3");
    expect(first.status).toBe(200);
    expect(first.body.templates.map((t: { templateId: string }) => t.templateId)).toEqual(ids.slice(2).reverse());
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await ctx.master.api.get(`/templates?limit=3&cursor=${first.body.nextCursor}`);
    expect(second.body.templates.map((t: { templateId: string }) => t.templateId)).toEqual(ids.slice(0, 2).reverse());
    expect(second.body.nextCursor).toBeNull();
    expect(first.body.templates[0]).toMatchObject({ displayName: "list-4", latestBuildId: expect.stringMatching(UUID) });
  });

  test("a page's cursor still continues the list after the template it ended on is deleted", async () => {
    await truncateTables(undefined, { nodes: false });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await create({ displayName: `gone-${i}`, image: "alpine" })).body.templateId);
    const first = await ctx.master.api.get("/templates?limit=2");
    expect(first.body.templates.map((t: { templateId: string }) => t.templateId)).toEqual([ids[4], ids[3]]);
    expect((await ctx.master.api.delete(`/templates/${ids[3]}`)).status).toBe(204);
    const rest = await ctx.master.api.get(`/templates?limit=10&cursor=${first.body.nextCursor}`);
    expect(rest.status).toBe(200);
    expect(rest.body.templates.map((t: { templateId: string }) => t.templateId)).toEqual([ids[2], ids[1], ids[0]]);
  });

  test.each(["limit=0", "limit=1001", "limit=abc", "cursor=nope", `cursor=tpl-${"0".repeat(24)}`, `cursor=${Buffer.from("123.tpl-zz").toString("base64url")}`, "cursor=a%00b"])(
    "a bad query (%s) → 400 invalid_request",
    async (query) => {
      expectErrorShape(await ctx.master.api.get(`/templates?${query}`), 400, "invalid_request");
    },
  );
});

describe("GET /templates/:id", () => {
  test("returns the template with its builds, newest first, and their phases and logs", async () => {
    const { body } = await create({ displayName: "with-builds", image: "alpine" });
    await waitForStatus(ctx.master.api, body.templateId, ["ready"]);
    const rebuilt = await ctx.master.api.post(`/templates/${body.templateId}/rebuild`);
    await waitForBuild(ctx.master.api, body.templateId, rebuilt.body.buildId);
    const t = await ctx.master.api.get(`/templates/${body.templateId}`);
    expect(t.body.builds.map((b: { buildId: string }) => b.buildId)).toEqual([rebuilt.body.buildId, body.buildId]);
    const first = t.body.builds[1];
    expect(first).toMatchObject({ status: "ready", phase: "distributing", reason: null, image: "alpine" });
    expect(first.logs.map((l: { message: string }) => l.message)).toEqual([
      "pulling alpine",
      "building the root filesystem",
      "distributing the snapshot to nodes",
      "root filesystem: 1024 MiB, envd 0.2.0",
      "build finished: template is ready",
    ]);
    expect(first.finishedAt).not.toBeNull();
  });

  test("an unknown id → 404 template_not_found; a malformed id → 400", async () => {
    expectErrorShape(await ctx.master.api.get(`/templates/tpl-${"0".repeat(24)}`), 404, "template_not_found");
    expectErrorShape(await ctx.master.api.get("/templates/not-an-id"), 400, "invalid_request");
  });
});

describe("DELETE /templates/:id", () => {
  test("deletes the template and frees its name", async () => {
    const { body } = await create({ displayName: "to-delete", image: "alpine" });
    const r = await ctx.master.api.delete(`/templates/${body.templateId}`);
    expect(r.status).toBe(204);
    expectErrorShape(await ctx.master.api.get(`/templates/${body.templateId}`), 404, "template_not_found");
    expectErrorShape(await ctx.master.api.get("/lookup?name=to-delete"), 404, "template_not_found");
    expect((await create({ displayName: "To-Delete", image: "alpine" })).status).toBe(202);
  });

  test("an unknown template → 404", async () => {
    expectErrorShape(await ctx.master.api.delete(`/templates/tpl-${"1".repeat(24)}`), 404, "template_not_found");
  });
});

describe("POST /templates/:id/rebuild", () => {
  test("starts a new build (202) that can change the image", async () => {
    const { body } = await create({ displayName: "rebuild-me", image: "alpine:3.19" });
    await waitForStatus(ctx.master.api, body.templateId, ["ready"]);
    const r = await ctx.master.api.post(`/templates/${body.templateId}/rebuild`, { image: "alpine:3.20", memoryMB: 1024 });
    expect(r.status).toBe(202);
    expect(r.body).toEqual({
      templateId: body.templateId,
      buildId: expect.stringMatching(UUID),
      displayName: "rebuild-me",
      status: "ready",
      buildStatus: "waiting",
      image: "alpine:3.20",
      cpuCount: 2,
      memoryMB: 1024,
    });
    expect((await waitForBuild(ctx.master.api, body.templateId, r.body.buildId)).status).toBe("ready");
    const t = await ctx.master.api.get(`/templates/${body.templateId}`);
    expect(t.body).toMatchObject({ readyBuildId: r.body.buildId, image: "alpine:3.20", memoryMB: 1024, cpuCount: 2 });
  });

  test("while a build is in progress → 409 build_in_progress", async () => {
    const slow = await startTestMaster({ BUILD_PHASE_DELAY_MS: "2000" });
    try {
      const { body } = await slow.api.post("/templates", { image: "alpine" });
      expectErrorShape(await slow.api.post(`/templates/${body.templateId}/rebuild`), 409, "build_in_progress");
    } finally {
      await slow.close();
    }
  });

  test("an unknown template → 404; a bad body → 400", async () => {
    expectErrorShape(await ctx.master.api.post(`/templates/tpl-${"2".repeat(24)}/rebuild`), 404, "template_not_found");
    const { body } = await create({ image: "alpine" });
    expectErrorShape(await ctx.master.api.post(`/templates/${body.templateId}/rebuild`, { image: "UPPER" }), 400, "invalid_request");
  });
});

describe("GET /templates/:id/builds/:buildId", () => {
  test("returns one build", async () => {
    const { body } = await create({ image: "alpine" });
    const r = await ctx.master.api.get(`/templates/${body.templateId}/builds/${body.buildId}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ buildId: body.buildId, templateId: body.templateId, image: "alpine" });
    expect(["waiting", "building", "ready"]).toContain(r.body.status);
  });

  test("a build of another template, an unknown build → 404 build_not_found; a malformed id → 400", async () => {
    const a = (await create({ image: "alpine" })).body;
    const b = (await create({ image: "alpine" })).body;
    expectErrorShape(await ctx.master.api.get(`/templates/${a.templateId}/builds/${b.buildId}`), 404, "build_not_found");
    expectErrorShape(await ctx.master.api.get(`/templates/${a.templateId}/builds/00000000-0000-4000-8000-000000000000`), 404, "build_not_found");
    expectErrorShape(await ctx.master.api.get(`/templates/${a.templateId}/builds/nope`), 400, "invalid_request");
  });
});

describe("POST /display-name", () => {
  test("sets, changes the case of, renames and clears a template's name", async () => {
    const { body } = await create({ image: "alpine" });
    const set = await ctx.master.api.post("/display-name", { templateId: body.templateId, displayName: " first-name " });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ templateId: body.templateId, displayName: "first-name" });
    expect((await ctx.master.api.post("/display-name", { templateId: body.templateId, displayName: "First-Name" })).body.displayName).toBe("First-Name");
    expect((await ctx.master.api.get("/lookup?name=first-name")).body.displayName).toBe("First-Name");
    await ctx.master.api.post("/display-name", { templateId: body.templateId, displayName: "second-name" });
    expectErrorShape(await ctx.master.api.get("/lookup?name=first-name"), 404, "template_not_found");
    expect((await ctx.master.api.get("/lookup?name=second-name")).body.templateId).toBe(body.templateId);
    const cleared = await ctx.master.api.post("/display-name", { templateId: body.templateId, displayName: null });
    expect(cleared.body.displayName).toBeNull();
    expectErrorShape(await ctx.master.api.get("/lookup?name=second-name"), 404, "template_not_found");
  });

  test("a name held by another template → 409; an invalid name → 400 with reason; unknown template → 404", async () => {
    const a = (await create({ displayName: "holder", image: "alpine" })).body;
    const b = (await create({ image: "alpine" })).body;
    expectErrorShape(await ctx.master.api.post("/display-name", { templateId: b.templateId, displayName: "HOLDER" }), 409, "name_taken");
    const invalid = await ctx.master.api.post("/display-name", { templateId: b.templateId, displayName: "" });
    expectErrorShape(invalid, 400, "invalid_name");
    expect(invalid.body.details.reason).toBe("empty");
    expectErrorShape(await ctx.master.api.post("/display-name", { templateId: `tpl-${"3".repeat(24)}`, displayName: "free-name" }), 404, "template_not_found");
    expectErrorShape(await ctx.master.api.post("/display-name", { templateId: a.templateId }), 400, "invalid_request");
  });
});

describe("GET /lookup", () => {
  test("resolves a name in any letter case to the template, its status and build", async () => {
    const { body } = await create({ displayName: "Look-Me-Up", image: "alpine" });
    await waitForStatus(ctx.master.api, body.templateId, ["ready"]);
    const r = await ctx.master.api.get("/lookup?name=%20look-me-UP%20");
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ templateId: body.templateId, displayName: "Look-Me-Up", status: "ready", buildId: body.buildId, public: false, tag: null });
  });

  test.each(["no-such-name", "tpl-abc", "bad name!", "", "x".repeat(300)])("unknown or invalid name %j → the same 404 template_not_found", async (name) => {
    expectErrorShape(await ctx.master.api.get(`/lookup?name=${encodeURIComponent(name)}`), 404, "template_not_found");
  });

  test("a missing name parameter → 400", async () => {
    expectErrorShape(await ctx.master.api.get("/lookup"), 400, "invalid_request");
  });
});

describe("service endpoints", () => {
  test("healthz and readyz answer 200 when the database is migrated", async () => {
    expect((await ctx.master.api.get("/healthz")).body).toEqual({ status: "ok" });
    expect((await ctx.master.api.get("/readyz")).body).toEqual({ status: "ready" });
  });

  test("readyz answers 503 when the database is unreachable", async () => {
    const broken = await startTestMaster({ DATABASE_URL: "postgresql://postgres@127.0.0.1:1/none" }, { agent: false });
    try {
      const r = await broken.api.get("/readyz");
      expectErrorShape(r, 503, "service_unavailable");
      const list = await broken.api.get("/templates");
      expectErrorShape(list, 503, "service_unavailable");
    } finally {
      await broken.close();
    }
  });

  test("every response carries a request id, echoing a sane one the caller sent", async () => {
    const r = await ctx.master.api.get("/templates/nope", { "x-request-id": "caller-id-123" });
    expect(r.headers.get("x-request-id")).toBe("caller-id-123");
    expect(r.body.requestId).toBe("caller-id-123");
    const other = await ctx.master.api.get("/healthz", { "x-request-id": "bad id with spaces" });
    expect(other.headers.get("x-request-id")).toMatch(UUID);
  });

  test("an unknown route → 404 not_found in the error shape", async () => {
    expectErrorShape(await ctx.master.api.get("/no/such/route"), 404, "not_found");
  });

  test("metrics are exposed in Prometheus text format", async () => {
    const r = await ctx.master.api.get("/metrics");
    expect(r.headers.get("content-type")).toMatch(/text\/plain/);
    expect(r.body).toMatch(/cubicle_name_lookup_db_queries_total \d+/);
    expect(r.body).toMatch(/process_resident_memory_bytes/);
  });
});
