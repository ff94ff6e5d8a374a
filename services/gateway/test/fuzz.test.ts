// Property-based fuzzing of the gateway's public API (fast-check, seeded; see
// test-support/fuzz.ts): generated paths, queries, bodies and headers on every route, E2B's
// build flow (requests, upload links, raw uploads, spec starts, log windows, tags, 'name:tag'
// references) included. No answer is a 5xx (but 501 for E2B's unserved operations), every
// error has the catalogue's shape, and every sandbox or template the gateway says it created
// can be read back as sent.
import { createHash } from "node:crypto";
import { beforeAll, expect } from "@jest/globals";
import fc from "fast-check";
import {
  createFuzzer,
  describeFuzzing,
  anyString,
  between,
  hex32,
  imageOrAny,
  intString,
  nameOrAny,
  anyStringMap,
  bodilessRequest,
  bodyOf,
  describeRequest,
  jsonRequest,
  queryOf,
  segment,
  strayRequest,
  type FuzzAnswer,
  type FuzzRequest,
} from "../../../test-support/fuzz.js";
import { ADMIN_TOKEN, API_KEY, createTemplateAndWait, useTestGateway, createTestNode } from "./support.js";

const agent = createTestNode();
const ctx = useTestGateway({
  node: agent,
  gatewayEnv: { ADMIN_TOKEN, RATE_LIMIT_LOOKUPS: "0", RATE_LIMIT_CREATES: "0", RATE_LIMIT_SANDBOXES: "0", RATE_LIMIT_READS: "0", RATE_LIMIT_WRITES: "0", RATE_LIMIT_AUTH_FAILURES: "0" },
});

let app: { templateID: string; buildID: string };
let victim: { templateID: string; buildID: string };
const sandboxIds: string[] = [];
/** Builds waiting for their spec (made here, and by the fuzzer's own v3 and v2 requests). */
const waiting: { templateID: string; buildID: string }[] = [];
/** Upload links of fuzz-app with the one body that is their set (its SHA-256 is the hash). */
const links: { token: string; body: string }[] = [];

beforeAll(async () => {
  app = await createTemplateAndWait(ctx.api, { name: "fuzz-app", image: "alpine:3.20" });
  // What renames and rebuilds may hit: fuzz-app must keep its name for the creates.
  victim = await createTemplateAndWait(ctx.api, { name: "fuzz-victim", image: "alpine:3.20" });
  for (let i = 0; i < 3; i++) sandboxIds.push((await ctx.api.post("/sandboxes", { templateID: "fuzz-app" })).body.sandboxID);
  expect((await ctx.api.post("/templates/tags", { target: "fuzz-app", tags: ["v1"] })).status).toBe(201);
  for (let i = 0; i < 3; i++) waiting.push((await ctx.api.post("/v3/templates", { name: `fuzz-spec-${i}` })).body);
  for (const body of ["print('hi')\n", "x".repeat(5_000), "🙂 é"]) {
    const hash = createHash("sha256").update(body).digest("hex");
    const link = await ctx.api.get(`/templates/${app.templateID}/files/${hash}`);
    links.push({ token: new URL(link.body.url).pathname.split("/").pop()!, body });
  }
});

// ---- good values, looked up when a property runs (after beforeAll) ----------------------------

/** A tag: well-formed, one the templates hold or nearly, or anything. */
const tag = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,10}$/) },
  { weight: 2, arbitrary: fc.constantFrom("default", "v1", "V1", "nope") },
  { weight: 1, arbitrary: fc.oneof(fc.constantFrom("", ".x", "-x", "t".repeat(129)), anyString) },
);
/** A few tags, all well-formed mostly. */
const tags = fc.array(tag, { maxLength: 3 });
const ref = fc.oneof(
  fc.constantFrom("fuzz-app", "FUZZ-APP", "fuzz-missing", "default/fuzz-app", "no-such-team/fuzz-app", "Bad_Slug/x"),
  fc.constantFrom("fuzz-app:default", "fuzz-app:v1", "FUZZ-APP:V1", "fuzz-app:nope", "fuzz-app:", "fuzz-app:.x", "fuzz-missing:v1", "a:b:c"),
  fc.constant(null).map(() => app.templateID),
  tag.map((t) => `${app.templateID}:${t}`),
  anyString,
);
/** A template reference for requests that change the template. */
const victimRef = fc.oneof(fc.constantFrom("fuzz-victim", "fuzz-missing"), fc.constant(null).map(() => victim.templateID), anyString);
const buildId = fc.oneof(fc.constant(null).map(() => app.buildID), fc.uuid(), anyString);
const sandboxId = fc.oneof(fc.constant(null).map(() => sandboxIds[0]!), hex32, fc.uuid(), fc.stringMatching(/^[a-z0-9]{20}$/), anyString);
/** Never one of the fuzzer's own keys: a revoked key would end the run. */
const keyId = fc.oneof(fc.uuid(), anyString);
const keyName = fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), anyString);
const admin = fc.record({ "x-admin-token": fc.oneof({ weight: 4, arbitrary: fc.constant(ADMIN_TOKEN) }, { weight: 1, arbitrary: anyString }) });
const name = nameOrAny("fz");
const image = imageOrAny;

const templateBody = bodyOf({ name, image, cpuCount: between(1, 64), memoryMB: between(128, 262_144) });
/** A name as E2B's build request writes it: a name, 'name:tag', or anything. */
const nameTag = fc.oneof({ weight: 2, arbitrary: name }, { weight: 1, arbitrary: fc.tuple(name, tag).map(([n, t]) => `${n}:${t}`) });
const sandboxBody = bodyOf({
  templateID: fc.oneof({ weight: 4, arbitrary: fc.constant("fuzz-app") }, { weight: 1, arbitrary: ref }),
  timeout: between(1, 86_400),
  metadata: anyStringMap,
  envVars: anyStringMap,
  secure: fc.boolean(),
  autoPause: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  autoPauseMemory: fc.boolean(),
  mcp: fc.constant(null),
});
const sandboxHeaders = fc.record(
  {
    "x-cubicle-sandbox-mode": fc.oneof({ weight: 4, arbitrary: fc.constantFrom("fast", "strong", "STRONG") }, { weight: 1, arbitrary: anyString }),
    "idempotency-key": fc.oneof({ weight: 4, arbitrary: fc.uuid() }, { weight: 1, arbitrary: anyString }),
  },
  { requiredKeys: [] },
);
const metadataFilter = fc.oneof(
  fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 3 }).map((m) => new URLSearchParams(Object.entries(m).map(([k, v]): [string, string] => [encodeURIComponent(k), encodeURIComponent(v)])).toString()),
  anyString,
);

const seg = <T>(a: fc.Arbitrary<T>) => segment(a.map(String));

/** Requests with bodies, on every route that takes one. */
const bodies: fc.Arbitrary<FuzzRequest> = fc.oneof(
  jsonRequest("POST", fc.constant("/templates"), templateBody, fc.record({ "idempotency-key": fc.uuid() }, { requiredKeys: [] })),
  jsonRequest("POST", fc.constantFrom("/sandboxes", "/v2/sandboxes"), sandboxBody, sandboxHeaders),
  jsonRequest("PATCH", seg(victimRef).map((r) => `/templates/${r}`), bodyOf({ name: fc.oneof(name, fc.constant(null)), public: fc.boolean() })),
  jsonRequest("PATCH", seg(victimRef).map((r) => `/v2/templates/${r}`), bodyOf({ public: fc.boolean() })),
  jsonRequest("POST", fc.constant("/api-keys"), bodyOf({ name: keyName })),
  jsonRequest("PATCH", seg(keyId).map((id) => `/api-keys/${id}`), bodyOf({ name: keyName })),
  jsonRequest("POST", fc.constant("/admin/teams"), bodyOf({ slug: fc.oneof(fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,10}$/), anyString), name: keyName, maxSandboxes: between(0, 100), maxTemplates: between(0, 100) }), admin),
  jsonRequest("POST", seg(keyId).map((id) => `/admin/teams/${id}/api-keys`), bodyOf({ name: keyName }), admin),
  jsonRequest("POST", seg(victimRef).map((r) => `/templates/${r}`), bodyOf({ image, cpuCount: between(1, 64), memoryMB: between(128, 262_144) })),
  jsonRequest("POST", fc.tuple(seg(victimRef), seg(buildId)).map(([r, b]) => `/templates/${r}/builds/${b}`), bodyOf({})),
  jsonRequest("POST", fc.constantFrom("/templates/tags", "/v3/templates", `/sandboxes/${"a".repeat(32)}/timeout`), bodyOf({ name, tags: fc.array(anyString) })),
  // The lifecycle: the fuzzer's own sandboxes may be paused, resumed and timed out (then gone).
  jsonRequest(
    "POST",
    fc.tuple(seg(sandboxId), fc.constantFrom("timeout", "refreshes", "pause", "connect", "resume")).map(([id, op]) => `/sandboxes/${id}/${op}`),
    bodyOf({ timeout: between(0, 90_000), duration: between(0, 4_000), memory: fc.boolean(), autoPause: fc.boolean() }),
  ),
  jsonRequest("POST", seg(sandboxId).map((id) => `/v2/sandboxes/${id}/connect`), bodyOf({ timeout: between(0, 90_000), memory: fc.boolean() })),
);

/** Requests with queries: lists, lookups, build status, name checks. */
const queries: fc.Arbitrary<FuzzRequest> = fc.oneof(
  bodilessRequest("GET", fc.constant("/templates/lookup"), queryOf({ name })),
  bodilessRequest("GET", fc.constant("/names/validate"), queryOf({ name })),
  bodilessRequest("GET", fc.constantFrom("/templates", "/v2/templates"), queryOf({ limit: intString, nextToken: anyString })),
  bodilessRequest(
    "GET",
    fc.constantFrom("/sandboxes", "/v2/sandboxes"),
    queryOf({
      limit: intString,
      nextToken: anyString,
      metadata: metadataFilter,
      state: fc.oneof(fc.constantFrom("running", "paused", "running,paused"), anyString),
      order: fc.constantFrom("asc", "desc", "up"),
      startedAfter: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), anyString),
      template: ref,
    }),
  ),
  bodilessRequest("GET", seg(sandboxId).map((id) => `/sandboxes/${id}/metrics`), queryOf({ start: intString, end: intString })),
  bodilessRequest("GET", fc.constant("/sandboxes/metrics"), queryOf({ sandbox_ids: fc.oneof(fc.array(sandboxId, { maxLength: 4 }).map((ids) => ids.join(",")), anyString) })),
  bodilessRequest("GET", seg(sandboxId).map((id) => `/sandboxes/${id}/logs`), queryOf({ start: intString, limit: intString })),
  bodilessRequest(
    "GET",
    seg(sandboxId).map((id) => `/v2/sandboxes/${id}/logs`),
    queryOf({ cursor: intString, limit: intString, direction: fc.constantFrom("forward", "backward", "sideways"), level: fc.constantFrom("debug", "info", "warn", "error", "loud"), search: anyString }),
  ),
  bodilessRequest(
    "GET",
    fc.tuple(seg(ref), seg(buildId)).map(([r, b]) => `/templates/${r}/builds/${b}/status`),
    queryOf({ logsOffset: intString, limit: intString, level: fc.constantFrom("debug", "info", "warn", "error", "loud") }),
  ),
);

/** Requests whose path carries the input: every parameterised route, and stray paths and methods. */
const paths: fc.Arbitrary<FuzzRequest> = fc.oneof(
  bodilessRequest("GET", seg(ref).map((r) => `/templates/${r}`)),
  bodilessRequest("GET", seg(name).map((n) => `/templates/aliases/${n}`)),
  bodilessRequest("DELETE", seg(fc.oneof(anyString, fc.constant("fuzz-missing"))).map((r) => `/templates/${r}`)),
  bodilessRequest("GET", seg(sandboxId).map((id) => `/sandboxes/${id}`)),
  bodilessRequest("DELETE", seg(fc.oneof(anyString, hex32)).map((id) => `/sandboxes/${id}`)),
  bodilessRequest("GET", seg(sandboxId).map((id) => `/sandboxes/${id}/metrics`)),
  bodilessRequest("DELETE", seg(keyId).map((id) => `/api-keys/${id}`)),
  strayRequest(["/templates", "/sandboxes", "/v2/sandboxes", "/templates/fuzz-app", "/templates/lookup", "/names/validate", "/openapi.json", "/healthz", "/api-keys", "/admin/teams"]),
);

const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);
/** One of the builds waiting for their spec (its template and id). */
const pending = fc.nat().map((i) => waiting[i % waiting.length]!);
const stepOf = fc.record(
  {
    type: fc.oneof({ weight: 8, arbitrary: fc.constantFrom("RUN", "COPY", "ENV", "WORKDIR", "USER", "run") }, { weight: 1, arbitrary: anyString }),
    args: fc.oneof(
      { weight: 8, arbitrary: fc.array(fc.constantFrom("echo hi", "exit 1", "false", "make && exit 3", "app/", "/app", "A", "1"), { minLength: 1, maxLength: 4 }) },
      { weight: 1, arbitrary: fc.array(anyString, { maxLength: 3 }) },
    ),
    filesHash: fc.oneof(fc.constant(null).map(() => createHash("sha256").update(links[0]!.body).digest("hex")), hex64, anyString),
    force: fc.boolean(),
  },
  { requiredKeys: ["type", "args"] },
);
const command = fc.oneof({ weight: 4, arbitrary: fc.constantFrom("python3 /app/main.py", "sleep 1") }, { weight: 1, arbitrary: anyString });
const spec = fc.oneof(
  { weight: 4, arbitrary: bodyOf({ fromImage: image, steps: fc.array(stepOf, { maxLength: 4 }), startCmd: command, readyCmd: command, force: fc.boolean() }) },
  { weight: 1, arbitrary: bodyOf({ fromTemplate: ref, steps: fc.array(stepOf, { maxLength: 2 }) }) },
  { weight: 1, arbitrary: bodyOf({ fromImage: image, fromTemplate: ref }) },
);
const logsQuery = queryOf({
  cursor: intString,
  limit: fc.oneof(fc.nat({ max: 120 }).map(String), intString),
  direction: fc.constantFrom("forward", "backward", "sideways"),
  level: fc.constantFrom("debug", "info", "warn", "error", "loud"),
  source: fc.constantFrom("temporary", "persistent", "elsewhere"),
});
/** A raw upload: a real link with its own body or another, a well-formed unknown token, or anything. */
const upload: fc.Arbitrary<FuzzRequest> = fc
  .record({
    link: fc.oneof(
      { weight: 2, arbitrary: fc.nat().map((i) => links[i % links.length]!) },
      { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{43}$/).map((token) => ({ token, body: "" })) },
      { weight: 1, arbitrary: segment(anyString).map((token) => ({ token, body: "" })) },
    ),
    other: fc.option(anyString, { nil: undefined }),
    type: fc.constantFrom("application/octet-stream", "application/gzip", "application/json", ""),
  })
  .map(({ link, other, type }): FuzzRequest => {
    const headers: Record<string, string> = type ? { "content-type": type } : {};
    return { method: "PUT", path: `/uploads/${link.token}`, query: [], rawQuery: false, headers, body: other ?? link.body };
  });

/** What tag requests name: fuzz-app's builds mostly (by name, 'name:tag' or id), or any reference. */
const tagTarget = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("fuzz-app", "fuzz-app:v1", "fuzz-app:default", "fuzz-victim") },
  { weight: 1, arbitrary: fc.constant(null).map(() => `${app.templateID}:default`) },
  { weight: 2, arbitrary: ref },
);
const someTags = fc.array(tag, { minLength: 1, maxLength: 3 });

/** E2B's build flow: requests, upload links and uploads, spec starts, log windows and tags. */
const buildFlow: fc.Arbitrary<FuzzRequest> = fc.oneof(
  jsonRequest(
    "POST",
    fc.constant("/v3/templates"),
    fc.oneof(
      { weight: 4, arbitrary: bodyOf({ name: nameTag, tags, cpuCount: between(1, 64), memoryMB: between(128, 262_144), minFreeDiskMb: between(0, 10_000) }) },
      { weight: 1, arbitrary: bodyOf({ alias: nameTag, tags }) },
      { weight: 1, arbitrary: bodyOf({ name: nameTag, alias: nameTag }) },
    ),
  ),
  jsonRequest("POST", fc.constant("/v2/templates"), bodyOf({ alias: nameTag, cpuCount: between(1, 64), memoryMB: between(128, 262_144), teamID: anyString })),
  bodilessRequest("GET", fc.oneof(hex64.map((h) => `/templates/${app.templateID}/files/${h}`), fc.tuple(seg(ref), seg(fc.oneof(hex64, anyString))).map(([r, h]) => `/templates/${r}/files/${h}`))),
  upload,
  jsonRequest(
    "POST",
    fc.oneof(pending.map((b) => `/v2/templates/${b.templateID}/builds/${b.buildID}`), fc.tuple(seg(ref), seg(buildId)).map(([r, b]) => `/v2/templates/${r}/builds/${b}`)),
    spec,
  ),
  bodilessRequest(
    "GET",
    fc.oneof(fc.constant(null).map(() => `/templates/${app.templateID}/builds/${app.buildID}/logs`), fc.tuple(seg(ref), seg(buildId)).map(([r, b]) => `/templates/${r}/builds/${b}/logs`)),
    logsQuery,
  ),
  jsonRequest("POST", fc.constant("/templates/tags"), bodyOf({ target: tagTarget, tags: someTags })),
  jsonRequest("DELETE", fc.constant("/templates/tags"), bodyOf({ name: tagTarget, tags: someTags })),
  bodilessRequest("GET", seg(ref).map((r) => `/templates/${r}/tags`)),
);

/** Reads back what a 201/202 says was created: it must hold what was sent. */
async function readBack(req: FuzzRequest, answer: FuzzAnswer): Promise<void> {
  const sent = req.json as Record<string, unknown>;
  const body = answer.body as Record<string, unknown>;
  // Creates only: a connect or resume answers 201 with the sandbox too, which was not created.
  if (answer.status === 201 && (req.path === "/sandboxes" || req.path === "/v2/sandboxes") && typeof body.sandboxID === "string") {
    counts.created++;
    const got = await ctx.api.get(`/sandboxes/${body.sandboxID}`);
    expect({ request: describeRequest(req), status: got.status }).toEqual({ request: describeRequest(req), status: 200 });
    expect(got.body.metadata).toEqual(sent.metadata ?? {});
    counts.readBack++;
    // Sandboxes are not the point here: stop it so the node does not fill up.
    await ctx.api.delete(`/sandboxes/${body.sandboxID}`);
  }
  if (answer.status === 202 && (req.path === "/v3/templates" || req.path === "/v2/templates") && typeof body.templateID === "string") {
    counts.created++;
    const got = await ctx.api.get(`/templates/${body.templateID}`);
    expect({ request: describeRequest(req), status: got.status }).toEqual({ request: describeRequest(req), status: 200 });
    // The name part of 'name:tag' (a name the team held keeps the letter case it was given first).
    const asked = String(sent.name ?? sent.alias).trim();
    const colon = asked.lastIndexOf(":");
    const namePart = (colon < 0 ? asked : asked.slice(0, colon)).trim();
    expect((got.body.names as string[]).map((n) => n.toLowerCase())).toEqual([namePart.toLowerCase()]);
    if (req.path === "/v3/templates") {
      const requested = [...(colon < 0 ? [] : [asked.slice(colon + 1).trim()]), ...((sent.tags as string[] | undefined) ?? [])];
      expect(body.tags).toEqual([...new Set(requested)]);
    }
    if (waiting.length < 50) waiting.push({ templateID: body.templateID, buildID: String(body.buildID) });
    counts.readBack++;
  }
  if (answer.status === 202 && req.path === "/templates" && typeof body.templateID === "string") {
    counts.created++;
    const got = await ctx.api.get(`/templates/${body.templateID}`);
    expect({ request: describeRequest(req), status: got.status }).toEqual({ request: describeRequest(req), status: 200 });
    const asked = (sent.name ?? sent.alias) as string | undefined;
    expect(got.body.names).toEqual(asked === undefined || asked.trim() === "" ? [] : [asked.trim()]);
    counts.readBack++;
  }
}

const fuzzer = createFuzzer({ url: () => ctx.gateway.url, auth: { "x-api-key": API_KEY }, readBack });
const counts = fuzzer.counts;

describeFuzzing("the gateway", fuzzer, [
  { title: "bodies: 4,000 creates, rebuilds, renames and E2B operations", requests: bodies, runs: 4_000 },
  { title: "queries: 3,000 lists, lookups, filters, metrics and log windows", requests: queries, runs: 3_000 },
  { title: "paths: 3,000 parameters and stray paths and methods", requests: paths, runs: 3_000 },
  { title: "the build flow: 3,000 build requests, upload links, raw uploads, spec starts, log windows and tags", requests: buildFlow, runs: 3_000 },
]);
