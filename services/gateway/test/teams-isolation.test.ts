// Teams through the gateway: another team's private template, build, sandbox or API key
// answers exactly what a missing one does, on every route, and changes nothing; lists,
// names and idempotency keys never cross from one team to another. (Public templates, the
// one thing teams share, are tested elsewhere.)
import { beforeAll, describe, expect, test } from "@jest/globals";
import {
  ADMIN_TOKEN,
  createTemplateAndWait,
  expectGatewayError,
  makeTeam,
  storedSandboxRow,
  useTestGateway,
  type GatewayClient,
  type Reply,
  type TestTeam,
} from "./support.js";

const ctx = useTestGateway({ gatewayEnv: { ADMIN_TOKEN } });

/** What a probe may refer to: a template by name or id, a build, a sandbox, two API keys. */
interface Refs {
  name: string;
  id: string;
  build: string;
  sandbox: string;
  key: string;
  teamKey: string;
}

let a: TestTeam;
let b: TestTeam;
let aObjects: Refs;
let aExtraKey: { id: string; key: string };
let bTemplate: { templateID: string; buildID: string };
let bSandbox: string;

/** Objects that exist nowhere (well-formed, so every route gets past validation). */
const UNKNOWN: Refs = {
  name: "no-such-name",
  id: "tpl-0123456789abcdef01234567",
  build: "00000000-0000-4000-8000-0000000000bb",
  sandbox: "0123456789abcdef0123456789abcdef",
  key: "00000000-0000-4000-8000-0000000000cc",
  teamKey: "00000000-0000-4000-8000-0000000000dd",
};

async function startSandbox(api: GatewayClient, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const r = await api.post("/sandboxes", body, headers);
  if (r.status !== 201) throw new Error(`POST /sandboxes answered ${r.status}: ${JSON.stringify(r.body)}`);
  await storedSandboxRow(ctx.db, r.body.sandboxID);
  return r;
}

beforeAll(async () => {
  a = await makeTeam(ctx.gateway, "team-a");
  b = await makeTeam(ctx.gateway, "team-b");
  const aTemplate = await createTemplateAndWait(a.api, { name: "shared-name", image: "alpine:3.20" });
  const aSandbox = (await startSandbox(a.api, { templateID: "shared-name", metadata: { owner: "team-a" } })).body.sandboxID;
  const key = await a.api.post("/api-keys", { name: "a second key" });
  expect(key.status).toBe(201);
  aExtraKey = { id: key.body.id, key: key.body.key };
  aObjects = { name: "shared-name", id: aTemplate.templateID, build: aTemplate.buildID, sandbox: aSandbox, key: aExtraKey.id, teamKey: a.keyID };
  // B holds objects of its own, so its answers and lists are not empty by default.
  bTemplate = await createTemplateAndWait(b.api, { name: "b-own", image: "alpine:3.20" });
  bSandbox = (await startSandbox(b.api, { templateID: "b-own", metadata: { owner: "team-b" } })).body.sandboxID;
});

type Probe = [label: string, method: string, path: (r: Refs) => string, body?: (r: Refs) => unknown];

const byRef = (k: "name" | "id"): Probe[] => [
  [`GET /templates/:${k}`, "GET", (r) => `/templates/${r[k]}`],
  [`PATCH /templates/:${k} {name}`, "PATCH", (r) => `/templates/${r[k]}`, () => ({ name: "taken-over" })],
  [`PATCH /templates/:${k} {public:true}`, "PATCH", (r) => `/templates/${r[k]}`, () => ({ public: true })],
  [`PATCH /v2/templates/:${k} {public:true}`, "PATCH", (r) => `/v2/templates/${r[k]}`, () => ({ public: true })],
  [`DELETE /templates/:${k}`, "DELETE", (r) => `/templates/${r[k]}`],
  [`POST /templates/:${k} {} (rebuild)`, "POST", (r) => `/templates/${r[k]}`, () => ({})],
  [`POST /templates/:${k}/builds/:build`, "POST", (r) => `/templates/${r[k]}/builds/${r.build}`],
  [`GET /templates/:${k}/builds/:build/status`, "GET", (r) => `/templates/${r[k]}/builds/${r.build}/status`],
  [`POST /sandboxes {templateID: ${k}}`, "POST", () => "/sandboxes", (r) => ({ templateID: r[k], metadata: { by: "team-b" } })],
  [`GET /v2/sandboxes?template=<${k}>`, "GET", (r) => `/v2/sandboxes?template=${r[k]}`],
];

const PROBES: Probe[] = [
  ...byRef("name"),
  ...byRef("id"),
  ["GET /templates/lookup?name=", "GET", (r) => `/templates/lookup?name=${r.name}`],
  ["GET /templates/aliases/:name", "GET", (r) => `/templates/aliases/${r.name}`],
  // B's own template, asked for the other's build.
  ["GET /templates/<B's id>/builds/:build/status", "GET", (r) => `/templates/${bTemplate.templateID}/builds/${r.build}/status`],
  ["POST /templates/<B's id>/builds/:build", "POST", (r) => `/templates/${bTemplate.templateID}/builds/${r.build}`],
  ["GET /sandboxes/:id", "GET", (r) => `/sandboxes/${r.sandbox}`],
  ["DELETE /sandboxes/:id", "DELETE", (r) => `/sandboxes/${r.sandbox}`],
  ["PATCH /api-keys/:id {name} (a key made by POST /api-keys)", "PATCH", (r) => `/api-keys/${r.key}`, () => ({ name: "taken-over" })],
  ["DELETE /api-keys/:id (a key made by POST /api-keys)", "DELETE", (r) => `/api-keys/${r.key}`],
  ["PATCH /api-keys/:id {name} (the team's first key)", "PATCH", (r) => `/api-keys/${r.teamKey}`, () => ({ name: "taken-over" })],
  ["DELETE /api-keys/:id (the team's first key)", "DELETE", (r) => `/api-keys/${r.teamKey}`],
];

const send = (api: GatewayClient, [, method, path, body]: Probe, refs: Refs) => api.call(method, path(refs), body?.(refs));

/** Status and body, without the request id and with every reference the caller wrote replaced by `<ref>`. */
function comparable(reply: Reply, refs: Refs) {
  if (!reply.body || typeof reply.body !== "object" || Array.isArray(reply.body)) return { status: reply.status, body: reply.body };
  const { requestId: _requestId, message, ...rest } = reply.body;
  const text = typeof message === "string" ? Object.values(refs).reduce((m: string, ref: string) => m.split(ref).join("<ref>"), message) : message;
  return { status: reply.status, body: { ...rest, message: text } };
}

/** The rows and columns any change through these routes would touch. */
async function snapshot() {
  const q = async (sql: string) => (await ctx.db.query(sql)).rows;
  return {
    teams: await q("SELECT id, slug, sandbox_slots, slot_taken_at, max_sandboxes, max_templates FROM teams ORDER BY id"),
    templates: await q("SELECT id, team_id, display_name, name_key, public, status, ready_build_id, updated_at FROM templates ORDER BY id"),
    builds: await q("SELECT id, template_id, status, updated_at FROM builds ORDER BY id"),
    sandboxes: await q("SELECT id, team_id, template_id, end_at FROM sandboxes ORDER BY id"),
    apiKeys: await q("SELECT id, team_id, name, revoked_at FROM api_keys ORDER BY id"),
  };
}

const ids = (r: Reply, field: string): string[] => {
  expect(r.status).toBe(200);
  return (r.body as Record<string, string>[]).map((x) => x[field]!);
};

describe("another team's objects are indistinguishable from missing ones", () => {
  test("every route: B on A's template, build, sandbox or key answers exactly what it answers for an unknown one, and changes nothing", async () => {
    const before = await snapshot();
    const mismatches: string[] = [];
    for (const probe of PROBES) {
      const theirs = await send(b.api, probe, aObjects);
      const missing = await send(b.api, probe, UNKNOWN);
      expect(missing.status).toBeGreaterThanOrEqual(200);
      expect(missing.status).toBeLessThan(500);
      const [x, y] = [comparable(theirs, aObjects), comparable(missing, UNKNOWN)];
      if (JSON.stringify(x) !== JSON.stringify(y)) mismatches.push(`${probe[0]}:\n  A's:     ${JSON.stringify(x)}\n  unknown: ${JSON.stringify(y)}`);
      // B's list filtered by A's template is empty, not merely equal.
      if (theirs.status === 200 && Array.isArray(theirs.body) && theirs.body.length > 0) mismatches.push(`${probe[0]}: B sees ${JSON.stringify(theirs.body)}`);
    }
    expect(mismatches).toEqual([]);
    expect(await snapshot()).toEqual(before);

    // A still has all of it, and both of A's keys still work.
    const t = await a.api.get(`/templates/${aObjects.id}`);
    expect(t.status).toBe(200);
    expect(t.body).toMatchObject({ templateID: aObjects.id, names: ["shared-name"], public: false, buildCount: 1 });
    expect((await a.api.get("/templates/lookup?name=shared-name")).body.templateID).toBe(aObjects.id);
    expect((await a.api.get(`/sandboxes/${aObjects.sandbox}`)).body).toMatchObject({ sandboxID: aObjects.sandbox, templateID: aObjects.id });
    const keys = await ctx.gateway.as(aExtraKey.key).get("/api-keys");
    expect(keys.status).toBe(200);
    expect(keys.body).toEqual(expect.arrayContaining([expect.objectContaining({ id: a.keyID, name: "team-a test key" }), expect.objectContaining({ id: aExtraKey.id, name: "a second key" })]));
  });

  test("the answers are the documented not-found errors (B by A's id → 404 template_not_found, build_not_found, sandbox_not_found, api_key_not_found)", async () => {
    expectGatewayError(await b.api.get(`/templates/${aObjects.id}`), 404, "template_not_found");
    expectGatewayError(await b.api.get("/templates/lookup?name=shared-name"), 404, "template_not_found");
    expectGatewayError(await b.api.post("/sandboxes", { templateID: aObjects.id }), 404, "template_not_found");
    expectGatewayError(await b.api.get(`/templates/${aObjects.id}/builds/${aObjects.build}/status`), 404, "build_not_found");
    expectGatewayError(await b.api.get(`/sandboxes/${aObjects.sandbox}`), 404, "sandbox_not_found");
    expectGatewayError(await b.api.delete(`/api-keys/${aObjects.key}`), 404, "api_key_not_found");
  });
});

describe("lists never cross", () => {
  test("GET /templates, /v2/templates, /sandboxes, /v2/sandboxes and /api-keys as B show B's objects and none of A's; as A, A's and none of B's", async () => {
    const aIds = { templates: [aObjects.id], sandboxes: [aObjects.sandbox], keys: [a.keyID, aExtraKey.id] };
    const bIds = { templates: [bTemplate.templateID], sandboxes: [bSandbox], keys: [b.keyID] };
    for (const [self, other, api] of [
      [bIds, aIds, b.api],
      [aIds, bIds, a.api],
    ] as const) {
      for (const path of ["/templates", "/v2/templates"]) expect(ids(await api.get(path), "templateID").sort()).toEqual([...self.templates].sort());
      for (const path of ["/sandboxes", "/v2/sandboxes"]) {
        const listed = ids(await api.get(path), "sandboxID");
        expect(listed).toEqual(expect.arrayContaining(self.sandboxes));
        for (const id of other.sandboxes) expect(listed).not.toContain(id);
      }
      expect(ids(await api.get("/api-keys"), "id").sort()).toEqual([...self.keys].sort());
    }
    // A metadata filter that matches only A's sandbox finds nothing for B.
    const filter = `metadata=${encodeURIComponent("owner=team-a")}`;
    expect(ids(await b.api.get(`/v2/sandboxes?${filter}`), "sandboxID")).toEqual([]);
    expect(ids(await a.api.get(`/v2/sandboxes?${filter}`), "sandboxID")).toEqual([aObjects.sandbox]);
  });
});

describe("names are the team's own", () => {
  test("B takes a name A holds (202), each team's lookup answers its own; A's rename and delete leave B's name alone, even when B's answer was cached", async () => {
    const bShared = await createTemplateAndWait(b.api, { name: "shared-name", image: "alpine:3.20" });
    expect(bShared.templateID).not.toBe(aObjects.id);
    // Warm both teams' cached answers.
    expect((await a.api.get("/templates/lookup?name=shared-name")).body.templateID).toBe(aObjects.id);
    expect((await b.api.get("/templates/lookup?name=shared-name")).body.templateID).toBe(bShared.templateID);
    expect((await b.api.get("/templates/shared-name")).body.templateID).toBe(bShared.templateID);

    const renamed = await a.api.patch("/templates/shared-name", { name: "a-renamed" });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toEqual({ templateID: aObjects.id, names: ["a-renamed"] });
    expect((await b.api.get("/templates/lookup?name=shared-name")).body.templateID).toBe(bShared.templateID);
    expect((await b.api.get("/templates/aliases/shared-name")).body).toEqual({ templateID: bShared.templateID, public: false });
    expectGatewayError(await a.api.get("/templates/lookup?name=shared-name"), 404, "template_not_found");
    expectGatewayError(await a.api.get("/templates/shared-name"), 404, "template_not_found");
    expect((await a.api.get("/templates/lookup?name=a-renamed")).body.templateID).toBe(aObjects.id);
    expectGatewayError(await b.api.get("/templates/lookup?name=a-renamed"), 404, "template_not_found");

    expect((await a.api.delete("/templates/a-renamed")).status).toBe(204);
    expectGatewayError(await a.api.get(`/templates/${aObjects.id}`), 404, "template_not_found");
    expect((await b.api.get("/templates/lookup?name=shared-name")).body.templateID).toBe(bShared.templateID);
    const t = await b.api.get(`/templates/${bShared.templateID}`);
    expect(t.status).toBe(200);
    expect(t.body).toMatchObject({ templateID: bShared.templateID, names: ["shared-name"], buildStatus: "ready" });
    const row = await ctx.db.query("SELECT team_id, display_name FROM templates WHERE id = $1", [bShared.templateID]);
    expect(row.rows).toEqual([{ team_id: b.teamID, display_name: "shared-name" }]);
  });
});

describe("idempotency keys are the team's own", () => {
  const replayed = (r: Reply) => r.headers.get("idempotent-replayed");

  test("the same Idempotency-Key on POST /templates by A and B (different names) makes two templates, one in each team", async () => {
    const key = { "idempotency-key": "shared-template-key" };
    const ra = await a.api.post("/templates", { name: "idem-a", image: "alpine:3.20" }, key);
    const rb = await b.api.post("/templates", { name: "idem-b", image: "alpine:3.20" }, key);
    for (const r of [ra, rb]) {
      expect(r.status).toBe(202);
      expect(replayed(r)).toBeNull();
    }
    expect(rb.body.templateID).not.toBe(ra.body.templateID);
    expect(ra.body.names).toEqual(["idem-a"]);
    expect(rb.body.names).toEqual(["idem-b"]);
    const rows = await ctx.db.query("SELECT id, team_id FROM templates WHERE id = ANY($1) ORDER BY display_name", [[ra.body.templateID, rb.body.templateID]]);
    expect(rows.rows).toEqual([
      { id: ra.body.templateID, team_id: a.teamID },
      { id: rb.body.templateID, team_id: b.teamID },
    ]);
  });

  test("the same Idempotency-Key and body on POST /sandboxes by A and B makes two sandboxes, one in each team; a repeat in A replays A's", async () => {
    const body = { templateID: "idem-sandbox-base", metadata: { run: "idem" } };
    await createTemplateAndWait(a.api, { name: "idem-sandbox-base", image: "alpine:3.20" });
    await createTemplateAndWait(b.api, { name: "idem-sandbox-base", image: "alpine:3.20" });
    const key = { "idempotency-key": "shared-sandbox-key" };
    const ra = await startSandbox(a.api, body, key);
    const rb = await startSandbox(b.api, body, key);
    expect(replayed(ra)).toBeNull();
    expect(replayed(rb)).toBeNull();
    expect(rb.body.sandboxID).not.toBe(ra.body.sandboxID);
    expect(rb.body.templateID).not.toBe(ra.body.templateID);
    const again = await a.api.post("/sandboxes", body, key);
    expect(again.status).toBe(201);
    expect(replayed(again)).toBe("true");
    expect(again.body.sandboxID).toBe(ra.body.sandboxID);
    const rows = await ctx.db.query("SELECT id, team_id FROM sandboxes WHERE id = ANY($1)", [[ra.body.sandboxID, rb.body.sandboxID]]);
    expect(new Map(rows.rows.map((r) => [r.id, r.team_id]))).toEqual(
      new Map([
        [ra.body.sandboxID, a.teamID],
        [rb.body.sandboxID, b.teamID],
      ]),
    );
  });
});
