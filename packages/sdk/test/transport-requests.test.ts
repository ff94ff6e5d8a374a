// What the SDK sends, checked on an injected fetch: the credential each call carries (API key,
// or the admin token for teams only), JSON bodies, Idempotency-Keys for the writes the API
// deduplicates, URLs joined onto any base (trailing slash or not, with a path), and queries.
import { describe, expect, test } from "@jest/globals";
import { Cubicle } from "../src/index.js";
import { createTransport } from "../src/transport.js";
import { ADMIN_TOKEN, API_KEY, API_URL, clientOn, fakeFetch, json, noContent } from "./fake-fetch.js";

const template = { templateID: "tpl-a", buildID: "b-1", names: ["app"], aliases: ["app"], cpuCount: 2, memoryMB: 512, buildStatus: "waiting", public: false };

describe("credentials", () => {
  test("an API call sends X-API-Key and asks for JSON, and never sends the admin token", async () => {
    const { client, requests } = clientOn([json(200, [])]);
    await client.templates.list();
    expect(requests[0]!.headers).toMatchObject({ "x-api-key": API_KEY, accept: "application/json" });
    expect(requests[0]!.headers).not.toHaveProperty("x-admin-token");
  });

  test("teams.create, createKey and revokeKey send X-Admin-Token and not the API key", async () => {
    const { client, requests } = clientOn([json(201, { teamID: "t", slug: "acme", name: "acme" }), json(201, { id: "k", key: "cubicle_x" }), noContent()]);
    await client.teams.create({ slug: "acme" });
    await client.teams.createKey("t-1", "ci");
    await client.teams.revokeKey("t-1", "k-1");
    expect(requests.map((r) => `${r.method} ${r.url.pathname}`)).toEqual(["POST /admin/teams", "POST /admin/teams/t-1/api-keys", "DELETE /admin/teams/t-1/api-keys/k-1"]);
    for (const r of requests) {
      expect(r.headers["x-admin-token"]).toBe(ADMIN_TOKEN);
      expect(r.headers).not.toHaveProperty("x-api-key");
    }
    expect(requests[0]!.body).toEqual({ slug: "acme" });
    expect(requests[1]!.body).toEqual({ name: "ci" });
  });

  test("a client without a key sends no X-API-Key header at all", async () => {
    const fake = fakeFetch([json(200, [])]);
    await new Cubicle({ apiUrl: API_URL, fetch: fake.fetch }).templates.list();
    expect(fake.requests[0]!.headers).not.toHaveProperty("x-api-key");
  });

  test("headers given in the options go with every request", async () => {
    const { client, requests } = clientOn([json(200, []), json(200, [])], { headers: { "user-agent": "my-tool/1.0" } });
    await client.templates.list();
    await client.keys.list();
    expect(requests.map((r) => r.headers["user-agent"])).toEqual(["my-tool/1.0", "my-tool/1.0"]);
  });
});

describe("bodies", () => {
  test("a write sends its input as JSON with content-type application/json; a read sends neither", async () => {
    const { client, requests } = clientOn([json(200, { templateID: "tpl-a", names: ["new"] }), json(200, [])]);
    await client.templates.rename("old", "new");
    await client.templates.list();
    expect(requests[0]).toMatchObject({ method: "PATCH", body: { name: "new" } });
    expect(requests[0]!.headers["content-type"]).toBe("application/json");
    expect(requests[1]!.body).toBeUndefined();
    expect(requests[1]!.headers).not.toHaveProperty("content-type");
  });

  test("clearName sends name null; setPublic sends public; refresh without seconds sends {}", async () => {
    const { client, requests } = clientOn([json(200, { templateID: "tpl-a", names: [] }), json(200, { templateID: "tpl-a", names: [] }), noContent(), noContent()]);
    await client.templates.clearName("app");
    await client.templates.setPublic("app", true);
    await client.sandboxes.refresh("sb-1");
    await client.sandboxes.refresh("sb-1", 60);
    expect(requests.map((r) => r.body)).toEqual([{ name: null }, { public: true }, {}, { duration: 60 }]);
  });
});

describe("Idempotency-Key", () => {
  test("templates.create, templates.rebuild and sandboxes.create each send a fresh key the API accepts", async () => {
    const { client, requests } = clientOn([json(202, template), json(202, template), json(202, template), json(201, { sandboxID: "s" })]);
    await client.templates.create({ image: "alpine:3.20" });
    await client.templates.create({ image: "alpine:3.20" });
    await client.templates.rebuild("app");
    await client.sandboxes.create({ templateID: "app" });
    const keys = requests.map((r) => r.headers["idempotency-key"]);
    for (const key of keys) expect(key).toMatch(/^[\x21-\x7e]{1,128}$/);
    expect(new Set(keys).size).toBe(4);
  });

  test("a key the caller gives is sent as given", async () => {
    const { client, requests } = clientOn([json(202, template), json(201, { sandboxID: "s" })]);
    await client.templates.create({ image: "alpine:3.20" }, { idempotencyKey: "deploy-42" });
    await client.sandboxes.create({ templateID: "app" }, { idempotencyKey: "run-7" });
    expect(requests.map((r) => r.headers["idempotency-key"])).toEqual(["deploy-42", "run-7"]);
  });

  test("other writes (rename, pause, kill, key create) carry none", async () => {
    const { client, requests } = clientOn([json(200, {}), noContent(), noContent(), json(201, {})]);
    await client.templates.rename("app", "app2");
    await client.sandboxes.pause("sb-1");
    await client.sandboxes.kill("sb-1");
    await client.keys.create("ci");
    for (const r of requests) expect(r.headers).not.toHaveProperty("idempotency-key");
  });

  test("sandboxes.create sends X-Cubicle-Sandbox-Mode only when a mode is asked for", async () => {
    const { client, requests } = clientOn([json(201, { sandboxID: "s" })]);
    await client.sandboxes.create({ templateID: "app" }, { mode: "strong" });
    await client.sandboxes.create({ templateID: "app" }, { mode: "fast" });
    await client.sandboxes.create({ templateID: "app" });
    expect(requests.map((r) => r.headers["x-cubicle-sandbox-mode"])).toEqual(["strong", "fast", undefined]);
  });
});

describe("URLs", () => {
  test.each([
    ["http://h:3000", "http://h:3000/templates/app"],
    ["http://h:3000/", "http://h:3000/templates/app"],
    ["http://h:3000///", "http://h:3000/templates/app"],
    ["https://h/cubicle", "https://h/cubicle/templates/app"],
    ["https://h/cubicle/", "https://h/cubicle/templates/app"],
  ])("apiUrl %s joins to %s", async (apiUrl, expected) => {
    const fake = fakeFetch([json(200, {})]);
    await new Cubicle({ apiUrl, fetch: fake.fetch }).templates.get("app");
    expect(fake.requests[0]!.url.href).toBe(expected);
  });

  test("path parts are encoded: another team's template 'acme/base' and 'name:tag' stay one segment", async () => {
    const { client, requests } = clientOn([json(200, {}), json(200, {}), json(200, [])]);
    await client.templates.get("acme/base");
    await client.templates.get("app:v1");
    await client.templates.tags("a b?c#d");
    expect(requests.map((r) => r.url.pathname)).toEqual(["/templates/acme%2Fbase", "/templates/app%3Av1", "/templates/a%20b%3Fc%23d/tags"]);
  });

  test.each(["", ".", ".."])("an id or name %j that would change the request's path is refused before any request", async (ref) => {
    const { client, requests } = clientOn([json(202, template)]);
    await expect(client.templates.rebuild(ref, { image: "alpine:3.20" })).rejects.toThrow(TypeError);
    await expect(client.templates.get(ref)).rejects.toThrow(TypeError);
    await expect(client.sandboxes.kill(ref)).rejects.toThrow(TypeError);
    await expect(client.keys.revoke(ref)).rejects.toThrow(TypeError);
    await expect(client.teams.revokeKey("team", ref)).rejects.toThrow(TypeError);
    expect(requests).toEqual([]);
  });
});

describe("queries", () => {
  test("arrays repeat the parameter, numbers and booleans are written out, undefined values are left out", async () => {
    const fake = fakeFetch([json(200, {})]);
    const request = createTransport({ apiUrl: API_URL, fetch: fake.fetch });
    await request({ method: "GET", path: "/x", query: { tag: ["a", "b c"], limit: 5, fresh: true, nextToken: undefined, empty: "" } });
    const url = fake.requests[0]!.url;
    expect(url.searchParams.getAll("tag")).toEqual(["a", "b c"]);
    expect(url.search).toBe("?tag=a&tag=b+c&limit=5&fresh=true&empty=");
  });

  test("templates.list sends name, limit and nextToken and reads the next page's token from x-next-token", async () => {
    const { client, requests } = clientOn([json(200, [{ templateID: "tpl-a" }], { "x-next-token": "tok-2" }), json(200, [])]);
    const first = await client.templates.list({ name: "my app", limit: 1 });
    expect(first).toEqual({ items: [{ templateID: "tpl-a" }], nextToken: "tok-2" });
    expect((await client.templates.list({ nextToken: "tok-2" })).nextToken).toBeNull();
    expect(requests.map((r) => r.url.search)).toEqual(["?name=my+app&limit=1", "?nextToken=tok-2"]);
  });

  test("templates.listAll follows x-next-token page after page, keeping the name filter", async () => {
    const { client, requests } = clientOn([json(200, [{ templateID: "tpl-1" }, { templateID: "tpl-2" }], { "x-next-token": "t2" }), json(200, [{ templateID: "tpl-3" }], { "x-next-token": "t3" }), json(200, [])]);
    const ids: string[] = [];
    for await (const t of client.templates.listAll({ name: "app", limit: 2 })) ids.push(t.templateID);
    expect(ids).toEqual(["tpl-1", "tpl-2", "tpl-3"]);
    expect(requests.map((r) => r.url.search)).toEqual(["?name=app&limit=2", "?name=app&limit=2&nextToken=t2", "?name=app&limit=2&nextToken=t3"]);
  });

  test("sandboxes.list joins states with commas and sends metadata URL-encoded as E2B's SDK does", async () => {
    const { client, requests } = clientOn([json(200, [], { "x-next-token": "n" })]);
    const page = await client.sandboxes.list({ state: ["running", "paused"], metadata: { env: "prod", "a&b": "c=d" }, template: "app", limit: 10, order: "asc" });
    expect(page.nextToken).toBe("n");
    const q = requests[0]!.url.searchParams;
    expect(q.get("state")).toBe("running,paused");
    expect(q.get("metadata")).toBe("env=prod&a%26b=c%3Dd");
    expect(Object.fromEntries(new URLSearchParams(q.get("metadata")!))).toEqual({ env: "prod", "a&b": "c=d" });
    expect([q.get("template"), q.get("limit"), q.get("order")]).toEqual(["app", "10", "asc"]);
  });

  test("lookup and validateName send the name in the query; buildStatus its window", async () => {
    const { client, requests } = clientOn([json(200, {}), json(200, {}), json(200, { logEntries: [] })]);
    await client.templates.lookup("app:v1");
    await client.templates.validateName("My App");
    await client.templates.buildStatus("app", "b-1", { logsOffset: 3, limit: 10, level: "warn" });
    expect(requests.map((r) => r.url.pathname + r.url.search)).toEqual([
      "/templates/lookup?name=app%3Av1",
      "/names/validate?name=My+App",
      "/templates/app/builds/b-1/status?logsOffset=3&limit=10&level=warn",
    ]);
  });
});

describe("answers", () => {
  test("a 204 resolves to undefined and a 2xx that is not JSON to undefined data, not an error", async () => {
    const { client } = clientOn([noContent(), new Response("ok", { status: 200 })]);
    await expect(client.sandboxes.kill("sb-1")).resolves.toBeUndefined();
    await expect(client.templates.get("app")).resolves.toBeUndefined();
  });
});
