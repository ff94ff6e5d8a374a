// GET /sandboxes and /v2/sandboxes: E2B's ListedSandbox list, paged by x-next-token and
// filtered by metadata (E2B's encoding), state, template, start time, in either order.
import { beforeAll, describe, expect, test } from "@jest/globals";
import { listedSandboxListSchema, sandboxDetailSchema } from "@cubicle/contracts";
import { createTemplateAndWait, eventually, expectGatewayError, expectSchema, sandboxRow, useTestGateway, type Reply, createTestNode } from "./support.js";

const agent = createTestNode();
// Pages of more than 100 sandboxes: the default team may run any number here.
const ctx = useTestGateway({ node: agent, masterEnv: { TEAM_MAX_SANDBOXES: "0" } });

let listA: { templateID: string; buildID: string };
let listB: { templateID: string; buildID: string };
beforeAll(async () => {
  listA = await createTemplateAndWait(ctx.api, { name: "List-A", image: "alpine:3.20" });
  listB = await createTemplateAndWait(ctx.api, { name: "List-B", image: "alpine:3.20", cpuCount: 1, memoryMB: 256 });
});

let made = 0;
/**
 * Creates a sandbox (alternating fast and strong unless `mode` says) and waits until its
 * record is written, as a fast create answers before that.
 */
async function createSandbox(body: Record<string, unknown>, mode?: "fast" | "strong"): Promise<string> {
  const r = await ctx.api.post("/sandboxes", { templateID: "List-A", ...body }, { "x-cubicle-sandbox-mode": mode ?? (made++ % 2 ? "strong" : "fast") });
  if (r.status !== 201) throw new Error(`create answered ${r.status}: ${JSON.stringify(r.body)}`);
  await eventually(() => sandboxRow(ctx.db, r.body.sandboxID), 5_000, "the record");
  return r.body.sandboxID;
}

/**
 * The metadata query as E2B's SDK sends it: each key and value URL-encoded, the pairs joined
 * by URLSearchParams, and the whole encoded once more as a query value.
 */
const metadataQuery = (pairs: Record<string, string>) =>
  `metadata=${encodeURIComponent(new URLSearchParams(Object.entries(pairs).map(([k, v]): [string, string] => [encodeURIComponent(k), encodeURIComponent(v)])).toString())}`;

async function list(query: string, path = "/v2/sandboxes"): Promise<Reply> {
  const r = await ctx.api.get(`${path}${query ? `?${query}` : ""}`);
  if (r.status !== 200) throw new Error(`GET ${path}?${query} answered ${r.status}: ${JSON.stringify(r.body)}`);
  expectSchema(listedSandboxListSchema, r.body);
  return r;
}
const idsOf = async (query: string, path?: string) => ((await list(query, path)).body as { sandboxID: string }[]).map((s) => s.sandboxID);

/** Follows x-next-token until the last page; returns each page's ids. */
async function allPages(query: string, path = "/v2/sandboxes"): Promise<string[][]> {
  const pages: string[][] = [];
  let token: string | null = null;
  do {
    const r = await list(`${query}${token ? `&nextToken=${encodeURIComponent(token)}` : ""}`, path);
    pages.push(r.body.map((s: { sandboxID: string }) => s.sandboxID));
    token = r.headers.get("x-next-token");
    if (pages.length > 50) throw new Error("paging does not end");
  } while (token);
  return pages;
}

describe("paging with x-next-token", () => {
  const paged: string[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 5; i++) paged.push(await createSandbox({ metadata: { suite: "paging", i: String(i) } }));
  });

  test.each(["/v2/sandboxes", "/sandboxes"])("%s: 5 sandboxes, limit 2 → pages of 2, 2 and 1, every sandbox once; the last page has no token", async (path) => {
    const pages = await allPages(`limit=2&${metadataQuery({ suite: "paging" })}`, path);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    const ids = pages.flat();
    expect(new Set(ids).size).toBe(5);
    expect([...ids].sort()).toEqual([...paged].sort());
  });

  test("4 sandboxes, limit 2 → exactly two pages (no empty third page)", async () => {
    for (let i = 0; i < 4; i++) await createSandbox({ metadata: { suite: "paging-4" } });
    const pages = await allPages(`limit=2&${metadataQuery({ suite: "paging-4" })}`);
    expect(pages.map((p) => p.length)).toEqual([2, 2]);
    expect(new Set(pages.flat()).size).toBe(4);
  });

  test("the default order is newest first; order=asc is its reverse, paging included", async () => {
    const desc = (await allPages(`limit=2&${metadataQuery({ suite: "paging" })}`)).flat();
    const asc = (await allPages(`limit=2&order=asc&${metadataQuery({ suite: "paging" })}`)).flat();
    expect(asc).toEqual([...desc].reverse());
    expect(await idsOf(`order=desc&${metadataQuery({ suite: "paging" })}`)).toEqual(desc);
    const started = (await list(`order=asc&${metadataQuery({ suite: "paging" })}`)).body.map((s: { startedAt: string }) => Date.parse(s.startedAt));
    expect(started).toEqual([...started].sort((a, b) => a - b));
  });

  test("each listed sandbox has the same fields GET /sandboxes/:id answers", async () => {
    const r = await list(metadataQuery({ suite: "paging" }));
    for (const listed of r.body) {
      const detail = await ctx.api.get(`/sandboxes/${listed.sandboxID}`);
      expectSchema(sandboxDetailSchema, detail.body);
      expect(detail.body).toEqual({ ...listed, domain: "cubicle.localhost", lifecycle: { autoResume: false, onTimeout: "kill" } });
    }
    expect(r.body).toHaveLength(5);
    for (const s of r.body) expect(s).toMatchObject({ templateID: listA.templateID, alias: "List-A", clientID: agent.node, state: "running", metadata: { suite: "paging" } });
  });

  test("GET /sandboxes (E2B's older list) answers every sandbox at once; /v2 pages by 100", async () => {
    const ids: string[] = [];
    for (let batch = 0; batch < 6; batch++) {
      const replies = await Promise.all(
        Array.from({ length: 17 }, () => ctx.api.post("/sandboxes", { templateID: "List-A", metadata: { suite: "many" } }, { "x-cubicle-sandbox-mode": "strong" })),
      );
      ids.push(...replies.map((r) => r.body.sandboxID as string));
    }
    expect(new Set(ids).size).toBe(102);
    const v1 = await list(metadataQuery({ suite: "many" }), "/sandboxes");
    expect(v1.body).toHaveLength(102);
    expect(v1.headers.get("x-next-token")).toBeNull();
    const v2 = await list(metadataQuery({ suite: "many" }));
    expect(v2.body).toHaveLength(100);
    expect(v2.headers.get("x-next-token")).toEqual(expect.any(String));
    const pages = await allPages(metadataQuery({ suite: "many" }));
    expect(pages.map((p) => p.length)).toEqual([100, 2]);
    expect(new Set(pages.flat()).size).toBe(102);
  });

  test.each([
    ["limit=0"],
    ["limit=1001"],
    ["limit=-1"],
    ["limit=two"],
    ["nextToken=not%20a%20token"],
    ["nextToken=abc"],
    ["order=newest"],
    ["startedAfter=yesterday"],
  ])("%s → 400 invalid_request", async (query) => {
    expectGatewayError(await ctx.api.get(`/v2/sandboxes?${query}`), 400, "invalid_request");
    expectGatewayError(await ctx.api.get(`/sandboxes?${query}`), 400, "invalid_request");
  });

  test("limit=1000 is accepted", async () => {
    expect((await list("limit=1000")).status).toBe(200);
  });
});

describe("filters", () => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    ids.aProd = await createSandbox({ metadata: { team: "a", env: "prod", suite: "filters" } });
    ids.aDev = await createSandbox({ metadata: { team: "a", env: "dev", suite: "filters" } });
    ids.bProd = await createSandbox({ templateID: "List-B", metadata: { team: "b", env: "prod", suite: "filters" } });
    ids.odd = await createSandbox({ templateID: "List-B", metadata: { "my key": "x&y=z", "ü": "€ 1", pct: "100%", plus: "a+b", suite: "filters" } });
  });
  const sorted = (...names: string[]) => names.map((n) => ids[n]!).sort();

  test.each([
    [{ team: "a", env: "prod" }, ["aProd"]],
    [{ team: "a" }, ["aDev", "aProd"]],
    [{ env: "prod" }, ["aProd", "bProd"]],
    [{ team: "c" }, []],
    [{ team: "a", env: "test" }, []],
    [{ "my key": "x&y=z" }, ["odd"]],
    [{ "ü": "€ 1" }, ["odd"]],
    [{ pct: "100%", plus: "a+b" }, ["odd"]],
    [{ plus: "a b" }, []],
  ])("metadata %j → exactly the sandboxes holding every pair", async (pairs, expected) => {
    expect((await idsOf(metadataQuery({ ...pairs, suite: "filters" }))).sort()).toEqual(sorted(...expected));
    expect((await idsOf(metadataQuery({ ...pairs, suite: "filters" }), "/sandboxes")).sort()).toEqual(sorted(...expected));
  });

  test("plain pairs (metadata=team%3Da%26env%3Dprod) work too", async () => {
    expect(await idsOf(`metadata=${encodeURIComponent("team=a&env=prod&suite=filters")}`)).toEqual([ids.aProd]);
  });

  test("an empty metadata filter matches everything", async () => {
    expect(await idsOf("metadata=&limit=1000")).toEqual(await idsOf("limit=1000"));
  });

  test("a metadata filter that is not URL-encoded pairs, or holds more than 64 pairs → 400 invalid_request", async () => {
    expectGatewayError(await ctx.api.get(`/v2/sandboxes?metadata=${encodeURIComponent("a=%zz")}`), 400, "invalid_request");
    const many = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, "v"]));
    expectGatewayError(await ctx.api.get(`/v2/sandboxes?${metadataQuery(many)}`), 400, "invalid_request");
  });

  test("state filters by what each sandbox is: paused, running, or both (repeated or comma-separated, as E2B's SDKs send it)", async () => {
    const filter = metadataQuery({ suite: "filters" });
    const all = sorted("aProd", "aDev", "bProd", "odd");
    expect(await list(`state=paused&${filter}`).then((r) => r.body)).toEqual([]);
    expect((await ctx.api.post(`/sandboxes/${ids.odd}/pause`, {})).status).toBe(204);
    try {
      const paused = await list(`state=paused&${filter}`);
      expect(paused.body.map((s: { sandboxID: string; state: string }) => [s.sandboxID, s.state])).toEqual([[ids.odd, "paused"]]);
      expect(paused.headers.get("x-next-token")).toBeNull();
      expect((await idsOf(`state=paused&${filter}`, "/sandboxes")).sort()).toEqual([ids.odd]);
      expect((await idsOf(`state=running&${filter}`)).sort()).toEqual(sorted("aProd", "aDev", "bProd"));
      expect((await idsOf(`state=running&state=paused&${filter}`)).sort()).toEqual(all);
      expect((await idsOf(`state=paused&state=running&${filter}`)).sort()).toEqual(all);
      expect((await idsOf(`state=running,paused&${filter}`)).sort()).toEqual(all);
      expect((await idsOf(`state=paused,paused&${filter}`)).sort()).toEqual([ids.odd]);
      expect((await idsOf(filter)).sort()).toEqual(all);
      // E2B's older list is of running sandboxes unless a state is asked for.
      expect((await idsOf(filter, "/sandboxes")).sort()).toEqual(sorted("aProd", "aDev", "bProd"));
    } finally {
      expect((await ctx.api.post(`/sandboxes/${ids.odd}/connect`, { timeout: 300 })).status).toBe(201);
    }
    expect((await idsOf(`state=running&${filter}`)).sort()).toEqual(all);
  });

  test("state=stopped → 400 invalid_request, alone or in a list", async () => {
    expectGatewayError(await ctx.api.get("/v2/sandboxes?state=stopped"), 400, "invalid_request");
    expectGatewayError(await ctx.api.get("/v2/sandboxes?state=running,stopped"), 400, "invalid_request");
  });

  test.each([
    ["its name", "List-B"],
    ["its name in another case", "list-b"],
    ["its id", "ID"],
    ["its id in upper case", "UPPER"],
  ])("template by %s → only that template's sandboxes", async (_what, ref) => {
    const template = ref === "ID" ? listB.templateID : ref === "UPPER" ? listB.templateID.toUpperCase() : ref;
    const r = await list(`template=${encodeURIComponent(template)}&${metadataQuery({ suite: "filters" })}`);
    expect(r.body.map((s: { sandboxID: string }) => s.sandboxID).sort()).toEqual(sorted("bProd", "odd"));
    for (const s of r.body) expect(s).toMatchObject({ templateID: listB.templateID, alias: "List-B", cpuCount: 1, memoryMB: 256 });
  });

  test("template and metadata together", async () => {
    expect(await idsOf(`template=List-A&${metadataQuery({ env: "prod", suite: "filters" })}`)).toEqual([ids.aProd]);
  });

  test("a template without sandboxes → []; an unknown template name → 404 template_not_found", async () => {
    const empty = await createTemplateAndWait(ctx.api, { name: "List-Empty", image: "alpine:3.20" });
    expect(await idsOf(`template=${empty.templateID}`)).toEqual([]);
    const r = await ctx.api.get("/v2/sandboxes?template=no-such-list-template");
    expectGatewayError(r, 404, "template_not_found");
    expect(r.body.message).toBe("template 'no-such-list-template' not found");
  });

  test("startedAfter: a time after every start → []; one before → all", async () => {
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(await idsOf(`startedAfter=${encodeURIComponent(future)}&${metadataQuery({ suite: "filters" })}`)).toEqual([]);
    const past = new Date(Date.now() - 3_600_000).toISOString();
    expect(await idsOf(`startedAfter=${encodeURIComponent(past)}&${metadataQuery({ suite: "filters" })}`)).toHaveLength(4);
  });
});

describe("what is listed", () => {
  test("a killed sandbox leaves the list", async () => {
    const id = await createSandbox({ metadata: { suite: "killed" } });
    expect(await idsOf(metadataQuery({ suite: "killed" }))).toEqual([id]);
    expect((await ctx.api.delete(`/sandboxes/${id}`)).status).toBe(204);
    expect(await idsOf(metadataQuery({ suite: "killed" }))).toEqual([]);
  });

  test("a sandbox past its end time leaves the list (and GET answers 404)", async () => {
    // Made with a long timeout and then ended (timeout 0: its end time is now), so that it is
    // surely still running when first listed, however slow the machine.
    const id = await createSandbox({ timeout: 300, metadata: { suite: "expiring" } }, "strong");
    expect(await idsOf(metadataQuery({ suite: "expiring" }))).toEqual([id]);
    expect((await ctx.api.post(`/sandboxes/${id}/timeout`, { timeout: 0 })).status).toBe(204);
    await eventually(async () => ((await idsOf(metadataQuery({ suite: "expiring" }))).length === 0 ? true : undefined), 5_000, "the sandbox to expire");
    expectGatewayError(await ctx.api.get(`/sandboxes/${id}`), 404, "sandbox_not_found");
  });

  test("no sandboxes match → 200 [] without x-next-token", async () => {
    const r = await list(metadataQuery({ suite: "nothing-here" }));
    expect(r.body).toEqual([]);
    expect(r.headers.get("x-next-token")).toBeNull();
  });
});
