// The official E2B JS SDK against the real gateway and master processes: `Template.exists`
// (answered by `GET /templates/aliases/:alias`) and the sandbox calls `Sandbox.create`,
// `Sandbox.list`, `Sandbox.getInfo` and `Sandbox.kill`, with E2B's `X-API-KEY` header; and two
// teams' keys: isolation, and a sandbox from another team's public template by `team-slug/name`.
// The calls after create (timeouts, pause, connect, metrics) are in e2b-sdk-lifecycle.test.ts.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
// The SDK's ES module build, by path: `e2b` has no `exports` map, so a bare `"e2b"` gives Jest
// its `main`, the CommonJS build, which `require`s chalk 5 (ES module only) and fails to load
// under Jest's ESM mode. TypeScript resolves this path to the SDK's own `index.d.mts`.
import { AuthenticationError, Sandbox, SandboxNotFoundError, Template } from "e2b/dist/index.mjs";
import { eventually, jsonClient, startGatewayProcess, startAgentProcess, startMasterProcess, stopAllServices, truncateTables, type GatewayProcess, type MasterProcess } from "./support.js";

let master: MasterProcess;
/** Makes fast-mode sandbox ids (the default). */
let gateway: GatewayProcess;
/** Makes strong-mode sandbox ids: the same master behind a gateway configured SANDBOX_MODE=strong. */
let strongGateway: GatewayProcess;

const MASTER_TOKEN = `e2e-sdk-token-${randomBytes(8).toString("hex")}`;

beforeAll(async () => {
  await truncateTables();
  master = await startMasterProcess({ MASTER_TOKEN, BUILD_PHASE_DELAY_MS: "20" });
  await startAgentProcess(master.url, { MASTER_TOKEN });
  [gateway, strongGateway] = await Promise.all([
    startGatewayProcess(master.url, { MASTER_TOKEN }),
    startGatewayProcess(master.url, { MASTER_TOKEN, SANDBOX_MODE: "strong" }),
  ]);
});

afterAll(async () => {
  await stopAllServices();
});

describe("the E2B SDK", () => {
  test("Template.exists finds a template by name, in any letter case, and refuses a wrong key", async () => {
    // Mixed case, so that the other-case lookup below is really another spelling.
    const name = `Sdk-Check-${randomBytes(4).toString("hex")}`;
    const created = await gateway.api.post("/templates", { name, image: "alpine:3.20" });
    expect({ status: created.status, names: created.body?.names }).toEqual({ status: 202, names: [name] });

    const opts = { apiUrl: gateway.url, apiKey: gateway.apiKey };
    expect(await Template.exists(name, opts)).toBe(true);
    expect(await Template.exists(name.toUpperCase(), opts)).toBe(true);
    expect(await Template.exists(name.toLowerCase(), opts)).toBe(true);
    expect(await Template.exists(`sdk-missing-${randomBytes(4).toString("hex")}`, opts)).toBe(false);
    await expect(Template.exists(name, { ...opts, apiKey: `wrong-key-${randomBytes(8).toString("hex")}` })).rejects.toBeInstanceOf(AuthenticationError);
  });
});

/** A template with a mixed-case name whose first build is ready. */
async function readyTemplate(): Promise<{ name: string; templateID: string }> {
  const name = `Sdk-Box-${randomBytes(4).toString("hex")}`;
  const created = await gateway.api.post("/templates", { name, image: "alpine:3.20" });
  expect(created.status).toBe(202);
  await eventually(async () => ((await gateway.api.get(`/templates/${name}`)).body?.buildStatus === "ready" ? true : undefined), 10_000, `${name} to be ready`);
  return { name, templateID: created.body.templateID };
}

describe.each([
  ["fast", () => gateway, /^[0-9a-f]{32}$/],
  ["strong", () => strongGateway, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/],
] as const)("E2B SDK sandboxes, %s ids", (mode, gw, idForm) => {
  test("Sandbox.create by display name, then list, getInfo and kill", async () => {
    const { name, templateID } = await readyTemplate();
    const opts = { apiUrl: gw().url, apiKey: gw().apiKey };

    const sandbox = await Sandbox.create(name, { ...opts, metadata: { suite: "e2e", mode } });
    expect(sandbox.sandboxId).toMatch(idForm);
    // Master recorded it under that id, with the mode the gateway chose.
    const record = await eventually(async () => {
      const r = await master.api.get(`/sandboxes/${sandbox.sandboxId}`);
      return r.status === 200 ? r.body : undefined;
    });
    expect(record).toMatchObject({ sandboxId: sandbox.sandboxId, templateId: templateID, mode, displayName: name });

    const info = await Sandbox.getInfo(sandbox.sandboxId, opts);
    expect(info).toMatchObject({ sandboxId: sandbox.sandboxId, templateId: templateID, name, state: "running", metadata: { suite: "e2e", mode } });
    expect(info.endAt.getTime() - info.startedAt.getTime()).toBe(300_000);

    const listed = await Sandbox.list({ ...opts, query: { metadata: { mode } } }).nextItems();
    expect(listed.map((s) => s.sandboxId)).toEqual([sandbox.sandboxId]);
    expect(listed[0]).toMatchObject({ templateId: templateID, name, state: "running", cpuCount: 2, memoryMB: 512 });

    expect(await Sandbox.kill(sandbox.sandboxId, opts)).toBe(true);
    expect(await Sandbox.kill(sandbox.sandboxId, opts)).toBe(false);
    await expect(Sandbox.getInfo(sandbox.sandboxId, opts)).rejects.toBeInstanceOf(SandboxNotFoundError);
    expect(await Sandbox.list({ ...opts, query: { metadata: { mode } } }).nextItems()).toEqual([]);
  });
});

describe("E2B SDK sandbox errors", () => {
  test("Sandbox.create of an unknown template fails with the template's name in the message", async () => {
    const missing = `sdk-missing-${randomBytes(4).toString("hex")}`;
    await expect(Sandbox.create(missing, { apiUrl: gateway.url, apiKey: gateway.apiKey })).rejects.toThrow(`template '${missing}' not found`);
  });

  test("Sandbox.list pages through every sandbox with the SDK's paginator", async () => {
    const { name } = await readyTemplate();
    const opts = { apiUrl: gateway.url, apiKey: gateway.apiKey };
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) ids.add((await Sandbox.create(name, { ...opts, metadata: { paging: "yes" } })).sandboxId);
    const paginator = Sandbox.list({ ...opts, limit: 2, query: { metadata: { paging: "yes" } } });
    const seen: string[] = [];
    while (paginator.hasNext) seen.push(...(await paginator.nextItems()).map((s) => s.sandboxId));
    expect(seen.length).toBe(5);
    expect(new Set(seen)).toEqual(ids);
  });
});

describe("E2B SDK calls Cubicle does not serve (501 not_implemented, never another operation)", () => {
  test("Sandbox.updateNetwork and Sandbox.createSnapshot on a running sandbox fail as not implemented, not as 'sandbox not found'", async () => {
    const { name } = await readyTemplate();
    const opts = { apiUrl: gateway.url, apiKey: gateway.apiKey };
    const sandbox = await Sandbox.create(name, opts);
    for (const call of [Sandbox.updateNetwork(sandbox.sandboxId, { allowInternetAccess: false }, opts), Sandbox.createSnapshot(sandbox.sandboxId, opts)]) {
      const err = await call.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(Error);
      expect(err).not.toBeInstanceOf(SandboxNotFoundError);
      expect((err as Error).message).toMatch(/does not implement/);
    }
    expect((await Sandbox.getInfo(sandbox.sandboxId, opts)).state).toBe("running");
    await Sandbox.kill(sandbox.sandboxId, opts);
  });
});

describe("E2B SDK with two teams (keys made through the gateway's admin API)", () => {
  const ADMIN_TOKEN = `e2e-admin-${randomBytes(16).toString("hex")}`;
  let admin: GatewayProcess;
  const teams: Record<"a" | "b", { slug: string; apiKey: string }> = {} as never;

  beforeAll(async () => {
    admin = await startGatewayProcess(master.url, { MASTER_TOKEN, ADMIN_TOKEN });
    const operator = jsonClient(admin.url, { "x-admin-token": ADMIN_TOKEN });
    for (const which of ["a", "b"] as const) {
      const slug = `sdk-team-${which}-${randomBytes(3).toString("hex")}`;
      const team = await operator.post("/admin/teams", { slug });
      const key = await operator.post(`/admin/teams/${team.body.teamID}/api-keys`, { name: "sdk" });
      expect([team.status, key.status]).toEqual([201, 201]);
      teams[which] = { slug, apiKey: key.body.key };
    }
  });

  test("team B cannot see, read or kill team A's sandbox; it starts its own from A's template once A publishes it, by team-slug/name", async () => {
    const a = { apiUrl: admin.url, apiKey: teams.a.apiKey };
    const b = { apiUrl: admin.url, apiKey: teams.b.apiKey };
    const asA = jsonClient(admin.url, { "x-api-key": teams.a.apiKey });
    const name = `Shared-${randomBytes(3).toString("hex")}`;
    const created = await asA.post("/templates", { name, image: "alpine:3.20" });
    expect(created.status).toBe(202);
    await eventually(async () => ((await asA.get(`/templates/${name}`)).body?.buildStatus === "ready" ? true : undefined), 10_000, `${name} to be ready`);
    const ofA = await Sandbox.create(name, a);

    expect(await Template.exists(name, b)).toBe(false);
    await expect(Sandbox.getInfo(ofA.sandboxId, b)).rejects.toBeInstanceOf(SandboxNotFoundError);
    expect(await Sandbox.kill(ofA.sandboxId, b)).toBe(false);
    expect((await Sandbox.list(b).nextItems()).map((s) => s.sandboxId)).not.toContain(ofA.sandboxId);
    await expect(Sandbox.create(`${teams.a.slug}/${name}`, b)).rejects.toThrow(/not found/);

    expect((await asA.call("PATCH", `/v2/templates/${created.body.templateID}`, { public: true })).status).toBe(200);
    const ofB = await Sandbox.create(`${teams.a.slug}/${name}`, b);
    expect((await Sandbox.getInfo(ofB.sandboxId, b)).templateId).toBe(created.body.templateID);
    await expect(Sandbox.getInfo(ofB.sandboxId, a)).rejects.toBeInstanceOf(SandboxNotFoundError);
    expect(await Sandbox.kill(ofB.sandboxId, b)).toBe(true);
    expect(await Sandbox.kill(ofA.sandboxId, a)).toBe(true);
  });
});
