// Every operation in E2B's API description, sent to the gateway: each is answered by the
// operation Cubicle serves for it or by 501 not_implemented naming it, never by another
// operation. Templates named after every word of E2B's paths (as data written before those
// words were reserved would be) are in the database throughout, with a sandbox running, and
// the test checks after every request that nothing was created, renamed or deleted.
import { beforeAll, describe, expect, test } from "@jest/globals";
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { checkDisplayName } from "@cubicle/contracts";
import { createTemplateAndWait, expectGatewayError, storedSandboxRow, useTestGateway } from "./support.js";

const ctx = useTestGateway();

interface SpecOperation {
  method: string;
  path: string;
  summary: string;
}
const spec = JSON.parse(readFileSync(new URL("./fixtures/e2b-operations.json", import.meta.url), "utf8")) as { operations: SpecOperation[] };

/** The words of E2B's paths (every literal segment). */
const words = [...new Set(spec.operations.flatMap((op) => op.path.split("/").filter((s) => s !== "" && !s.startsWith("{"))))].sort();

/** Parameter values: none of them names anything that exists. */
const SAMPLE: Record<string, string> = {
  templateID: `tpl-${"0".repeat(24)}`,
  buildID: "00000000-0000-4000-8000-000000000000",
  sandboxID: "0".repeat(32),
  alias: "spec-nobody",
  hash: "a".repeat(64),
  teamID: "team-1",
  nodeID: "node-1",
  apiKeyID: "key-1",
  accessTokenID: "token-1",
  volumeID: "volume-1",
  secretID: "secret-1",
};

/** What each operation Cubicle serves answers for these samples (every other one: 501). */
const SERVED: Record<string, [status: number, errorCode?: string]> = {
  "GET /health": [204],
  "GET /sandboxes": [200],
  "POST /sandboxes": [400, "invalid_request"],
  "GET /v2/sandboxes": [200],
  "GET /sandboxes/{sandboxID}": [404, "sandbox_not_found"],
  "DELETE /sandboxes/{sandboxID}": [404, "sandbox_not_found"],
  // Without sandbox_ids.
  "GET /sandboxes/metrics": [400, "invalid_request"],
  "GET /sandboxes/{sandboxID}/metrics": [404, "sandbox_not_found"],
  "GET /sandboxes/{sandboxID}/logs": [404, "sandbox_not_found"],
  "GET /v2/sandboxes/{sandboxID}/logs": [404, "sandbox_not_found"],
  // The body {} has no timeout.
  "POST /sandboxes/{sandboxID}/timeout": [400, "invalid_request"],
  "POST /sandboxes/{sandboxID}/refreshes": [404, "sandbox_not_found"],
  "POST /sandboxes/{sandboxID}/pause": [404, "sandbox_not_found"],
  "POST /sandboxes/{sandboxID}/resume": [404, "sandbox_not_found"],
  "POST /sandboxes/{sandboxID}/connect": [404, "sandbox_not_found"],
  "GET /v2/templates": [200],
  "GET /templates": [200],
  "POST /templates": [400, "invalid_request"],
  "GET /templates/{templateID}": [404, "template_not_found"],
  "POST /templates/{templateID}": [404, "template_not_found"],
  "DELETE /templates/{templateID}": [404, "template_not_found"],
  "PATCH /templates/{templateID}": [400, "invalid_request"],
  "POST /templates/{templateID}/builds/{buildID}": [404, "build_not_found"],
  "GET /templates/{templateID}/builds/{buildID}/status": [404, "build_not_found"],
  "GET /templates/aliases/{alias}": [404, "template_not_found"],
  "PATCH /v2/templates/{templateID}": [400, "invalid_request"],
  // The build flow: the body {} names no template (v3, v2) and no tags; the sample template does not exist.
  "POST /v3/templates": [400, "invalid_request"],
  "POST /v2/templates": [400, "invalid_request"],
  "GET /templates/{templateID}/files/{hash}": [404, "template_not_found"],
  "POST /v2/templates/{templateID}/builds/{buildID}": [404, "template_not_found"],
  "GET /templates/{templateID}/builds/{buildID}/logs": [404, "build_not_found"],
  "POST /templates/tags": [400, "invalid_request"],
  "DELETE /templates/tags": [400, "invalid_request"],
  "GET /templates/{templateID}/tags": [404, "template_not_found"],
  "GET /api-keys": [200],
  "POST /api-keys": [400, "invalid_request"],
  "PATCH /api-keys/{apiKeyID}": [400, "invalid_request"],
  "DELETE /api-keys/{apiKeyID}": [400, "invalid_request"],
  // Without ADMIN_TOKEN, the operator's paths do not exist.
  "POST /admin/teams/{teamID}/sandboxes/kill": [404, "not_found"],
  "GET /admin/sandboxes/running-counts": [404, "not_found"],
  "POST /admin/teams/{teamID}/builds/cancel": [404, "not_found"],
  "POST /admin/teams/{teamID}/api-keys": [404, "not_found"],
  "DELETE /admin/teams/{teamID}/api-keys/{apiKeyID}": [404, "not_found"],
};

/** Everything a misrouted request could change. */
async function snapshot() {
  const templates = await ctx.db.query("SELECT id, display_name, name_key, status, ready_build_id, updated_at FROM templates ORDER BY id");
  const builds = await ctx.db.query("SELECT id, status, updated_at FROM builds ORDER BY id");
  const sandboxes = await ctx.db.query("SELECT id, end_at FROM sandboxes ORDER BY id");
  return { templates: templates.rows, builds: builds.rows, sandboxes: sandboxes.rows };
}

/** A ready template written straight into the database under `name`, as older data could hold it. */
async function legacyTemplate(name: string): Promise<void> {
  const id = `tpl-${randomBytes(12).toString("hex")}`;
  const buildId = randomUUID();
  await ctx.db.query(
    `INSERT INTO templates (id, team_id, display_name, name_key, image, cpu_count, memory_mb, status, updated_at)
     VALUES ($1, (SELECT id FROM teams WHERE slug = 'default'), $2, lower($2), 'alpine:3.20', 2, 512, 'ready', now())`,
    [id, name],
  );
  await ctx.db.query(
    `INSERT INTO builds (id, template_id, team_id, status, image, cpu_count, memory_mb, updated_at, finished_at)
     VALUES ($1, $2, (SELECT team_id FROM templates WHERE id = $2), 'ready', 'alpine:3.20', 2, 512, now(), now())`,
    [buildId, id],
  );
  await ctx.db.query("UPDATE templates SET ready_build_id = $1 WHERE id = $2", [buildId, id]);
}

let app: { templateID: string };

beforeAll(async () => {
  for (const word of words) await legacyTemplate(word);
  app = await createTemplateAndWait(ctx.api, { name: "spec-app", image: "alpine:3.20" });
  const sandbox = await ctx.api.post("/sandboxes", { templateID: "spec-app" });
  expect(sandbox.status).toBe(201);
  await storedSandboxRow(ctx.db, sandbox.body.sandboxID);
});

describe("E2B's API description against the gateway", () => {
  test("it lists the operations this test expects (the fixture is whole)", () => {
    expect(spec.operations.length).toBeGreaterThan(60);
    for (const served of Object.keys(SERVED)) expect(spec.operations.map((op) => `${op.method} ${op.path}`)).toContain(served);
  });

  test.each(spec.operations.map((op) => [`${op.method} ${op.path}`, op] as const))("%s: its own answer, or 501 naming it; nothing changes", async (operation, op) => {
    const path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
      const value = SAMPLE[name];
      if (value === undefined) throw new Error(`no sample value for {${name}} in ${operation}`);
      return encodeURIComponent(value);
    });
    const before = await snapshot();
    const body = ["POST", "PUT", "PATCH"].includes(op.method) ? {} : undefined;
    const r = await ctx.api.call(op.method, path, body);
    const served = SERVED[operation];
    if (served) {
      const [status, errorCode] = served;
      if (errorCode) expectGatewayError(r, status, errorCode);
      else expect({ operation, status: r.status }).toEqual({ operation, status });
    } else {
      expectGatewayError(r, 501, "not_implemented");
      expect(r.body.details).toEqual({ operation });
      expect(r.body.message).toMatch(new RegExp(`^${operation.replace(/[{}]/g, "\\$&")} \\(.+\\) is an E2B operation this API does not implement$`));
    }
    expect(await snapshot()).toEqual(before);
  });

  test("every word of E2B's paths is a reserved name (or could never be one), so a path and a name cannot meet", () => {
    for (const word of words) {
      const check = checkDisplayName(word);
      expect({ word, valid: check.valid }).toEqual({ word, valid: false });
    }
  });

  test("E2B SDK's tag requests (POST and DELETE /templates/tags with a body) change tags only: the templates named 'tags' and 'spec-app' stay", async () => {
    const before = await snapshot();
    const assign = await ctx.api.post("/templates/tags", { target: "spec-app:default", tags: ["v1"] });
    expect({ status: assign.status, tags: assign.body.tags }).toEqual({ status: 201, tags: ["v1"] });
    expect((await ctx.api.call("DELETE", "/templates/tags", { name: "spec-app", tags: ["v1"] })).status).toBe(204);
    expectGatewayError(await ctx.api.call("DELETE", "/templates/tags", { name: "spec-app", tags: ["v1"] }), 404, "tag_not_found");
    expect(await snapshot()).toEqual(before);
    expect((await ctx.api.get(`/templates/${app.templateID}`)).status).toBe(200);
    const tags = await ctx.db.query("SELECT count(*)::int AS n FROM templates WHERE name_key = 'tags'");
    expect(tags.rows[0].n).toBe(1);
  });

  test("a running sandbox's unserved operations answer 501, never 404 (E2B's clients read 404 as 'sandbox not found'); its lifecycle operations are served", async () => {
    const listed = await ctx.api.get("/v2/sandboxes");
    const id = listed.body[0].sandboxID as string;
    for (const [method, suffix] of [
      ["POST", "fork"],
      ["PUT", "network"],
      ["POST", "snapshots"],
    ] as const) {
      expectGatewayError(await ctx.api.call(method, `/sandboxes/${id}/${suffix}`, {}), 501, "not_implemented");
    }
    for (const [method, suffix, body, status] of [
      ["POST", "timeout", { timeout: 600 }, 204],
      ["POST", "refreshes", { duration: 60 }, 204],
      ["GET", "metrics", undefined, 200],
      ["GET", "logs", undefined, 200],
      ["POST", "connect", { timeout: 60 }, 200],
      ["POST", "pause", {}, 204],
      ["POST", "pause", {}, 409],
      ["POST", "resume", {}, 201],
      ["POST", "resume", {}, 409],
    ] as const) {
      const r = await ctx.api.call(method, `/sandboxes/${id}/${suffix}`, body);
      expect({ method, suffix, status: r.status }).toEqual({ method, suffix, status });
    }
    expect((await ctx.api.get(`/sandboxes/${id}`)).body.state).toBe("running");
  });
});
