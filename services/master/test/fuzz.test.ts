// Property-based fuzzing of master's internal API (fast-check, seeded; see
// test-support/fuzz.ts), as an internal service calling it directly would: generated paths,
// queries, bodies and headers on every route, E2B's build flow (requested builds, specs,
// upload links and uploads, tags, name:tag lookups) included. No answer is a 5xx, every error
// has the catalogue's shape, and every sandbox, template or build master says it created or
// started can be read back as sent.
import { beforeAll, expect } from "@jest/globals";
import fc from "fast-check";
import { TEAM_HEADER } from "@cubicle/contracts";
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
import { useTestMaster, waitForBuild, waitForStatus, createTestNode } from "./support.js";

const agent = createTestNode();
const ctx = useTestMaster({ node: agent });
const api = () => ctx.master.api;

const ids = { app: "", appBuild: "", victim: "", sandbox: "", pending: "", pendingBuild: "", uploadToken: "" };

/** A requested build of `mfuzz-pending` that waits for its spec: what the spec requests start. */
async function requestPending(): Promise<void> {
  const r = await api().post("/template-builds", { displayName: "mfuzz-pending" });
  expect(r.status).toBe(202);
  Object.assign(ids, { pending: r.body.template.templateId, pendingBuild: r.body.buildId });
}

beforeAll(async () => {
  const app = await api().post("/templates", { displayName: "mfuzz-app", image: "alpine:3.20" });
  const victim = await api().post("/templates", { displayName: "mfuzz-victim", image: "alpine:3.20" });
  await waitForStatus(api(), app.body.templateId, ["ready"]);
  await waitForStatus(api(), victim.body.templateId, ["ready"]);
  Object.assign(ids, { app: app.body.templateId, appBuild: app.body.buildId, victim: victim.body.templateId });
  ids.sandbox = (await api().post("/sandboxes", { templateId: ids.app })).body.sandboxId;
  expect((await api().post(`/templates/${ids.app}/tags`, { buildId: ids.appBuild, tags: ["v1"] })).status).toBe(201);
  await requestPending();
  ids.uploadToken = (await api().get(`/templates/${ids.app}/files/${"ab".repeat(32)}`)).body.token;
});

const late = (pick: () => string) => fc.constant(null).map(pick);
const templateId = fc.oneof({ weight: 3, arbitrary: late(() => ids.app) }, { weight: 1, arbitrary: fc.stringMatching(/^tpl-[0-9a-f]{24}$/) }, { weight: 1, arbitrary: anyString });
const victimId = fc.oneof({ weight: 3, arbitrary: late(() => ids.victim) }, { weight: 1, arbitrary: fc.stringMatching(/^tpl-[0-9a-f]{24}$/) }, { weight: 1, arbitrary: anyString });
const buildId = fc.oneof(late(() => ids.appBuild), fc.uuid(), anyString);
const sandboxId = fc.oneof(late(() => ids.sandbox), hex32, fc.uuid(), anyString);
const name = nameOrAny("mf");
const label = fc.oneof({ weight: 3, arbitrary: fc.stringMatching(/^[a-z][a-z0-9._-]{0,20}$/) }, { weight: 1, arbitrary: anyString });
const image = imageOrAny;
const seg = (a: fc.Arbitrary<string>) => segment(a);
/** The team header: mostly the default team's, sometimes an unknown team, a malformed value or none. */
const team = fc.oneof(
  { weight: 6, arbitrary: fc.constant({}) },
  { weight: 1, arbitrary: fc.uuid().map((id) => ({ [TEAM_HEADER]: id })) },
  { weight: 1, arbitrary: anyString.map((v) => ({ [TEAM_HEADER]: v })) },
  { weight: 1, arbitrary: fc.constant({ [TEAM_HEADER]: "" }) },
);
const teamId = fc.oneof(late(() => ctx.master.team), fc.uuid(), anyString);
const keyName = fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), anyString);
const tag = fc.oneof(
  { weight: 3, arbitrary: fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,12}$/) },
  { weight: 1, arbitrary: fc.constantFrom("default", "v1", "V1", "nope") },
  { weight: 1, arbitrary: anyString },
);
const tags = fc.array(tag, { maxLength: 5 });
const filesHash = fc.oneof({ weight: 3, arbitrary: fc.stringMatching(/^[0-9a-f]{64}$/) }, { weight: 1, arbitrary: anyString });
/** A build waiting for its spec (mostly), a finished one, or anything. */
const specTarget: fc.Arbitrary<[string, string]> = fc.oneof(
  { weight: 4, arbitrary: fc.constant(null).map((): [string, string] => [ids.pending, ids.pendingBuild]) },
  { weight: 1, arbitrary: fc.constant(null).map((): [string, string] => [ids.app, ids.appBuild]) },
  { weight: 1, arbitrary: fc.tuple(templateId, buildId) },
);
const arg = fc.oneof({ weight: 4, arbitrary: fc.string({ maxLength: 20 }) }, { weight: 1, arbitrary: fc.constantFrom("exit 1", "make && false", "x && exit 3") }, { weight: 1, arbitrary: anyString });
/** A build step: mostly well formed (a COPY names a set never uploaded, so its build fails). */
const step = fc.oneof(
  { weight: 4, arbitrary: fc.record({ type: fc.constantFrom("RUN", "ENV", "WORKDIR", "USER"), args: fc.array(arg, { minLength: 1, maxLength: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("COPY"), args: fc.array(arg, { minLength: 2, maxLength: 3 }), filesHash: fc.stringMatching(/^[0-9a-fA-F]{64}$/) }) },
  { weight: 1, arbitrary: bodyOf({ type: fc.oneof(fc.constantFrom("RUN", "COPY", "run", "FROB"), anyString), args: fc.array(anyString, { maxLength: 4 }), filesHash, force: fc.boolean() }) },
);
const baseTemplate = fc.oneof(fc.constantFrom("mfuzz-app", "mfuzz-app:v1", "mfuzz-app:nope", "mfuzz-pending"), late(() => ids.app), name, anyString);
const specFields = { steps: fc.array(step, { maxLength: 4 }), startCmd: arg, readyCmd: arg, force: fc.boolean() };
/** A spec with one base (mostly), both or neither. */
const specBody = fc.oneof(
  { weight: 3, arbitrary: bodyOf({ fromImage: image, ...specFields }) },
  { weight: 2, arbitrary: bodyOf({ fromTemplate: baseTemplate, ...specFields }) },
  { weight: 1, arbitrary: bodyOf({ fromImage: image, fromTemplate: baseTemplate, ...specFields }) },
);
const uploadToken = fc.oneof(late(() => ids.uploadToken), fc.stringMatching(/^[A-Za-z0-9_-]{43}$/), anyString);

const bodies: fc.Arbitrary<FuzzRequest> = fc.oneof(
  jsonRequest("POST", fc.constant("/templates"), bodyOf({ displayName: fc.oneof(name, fc.constant(null)), image, cpuCount: between(1, 64), memoryMB: between(128, 262_144), requestId: fc.uuid() })),
  jsonRequest(
    "POST",
    fc.constant("/sandboxes"),
    bodyOf({
      templateId,
      buildId: fc.oneof(late(() => ids.appBuild), fc.uuid(), anyString),
      mode: fc.constantFrom("fast", "strong", "slow"),
      name: label,
      namespace: label,
      requestId: fc.uuid(),
      timeout: between(1, 86_400),
      metadata: anyStringMap,
      envVars: anyStringMap,
      onTimeout: fc.constantFrom("kill", "pause", "sleep"),
    }),
  ),
  jsonRequest("POST", seg(sandboxId).map((id) => `/sandboxes/${id}/timeout`), bodyOf({ timeout: between(0, 100_000) }), team),
  jsonRequest("POST", seg(sandboxId).map((id) => `/sandboxes/${id}/refreshes`), bodyOf({ duration: between(0, 4_000) }), team),
  jsonRequest("POST", seg(sandboxId).map((id) => `/sandboxes/${id}/pause`), bodyOf({}), team),
  jsonRequest("POST", seg(sandboxId).map((id) => `/sandboxes/${id}/connect`), bodyOf({ timeout: between(0, 100_000), onlyPaused: fc.boolean() }), team),
  jsonRequest("POST", fc.constant("/display-name"), bodyOf({ templateId: victimId, displayName: fc.oneof(name, fc.constant(null)) })),
  jsonRequest("POST", seg(victimId).map((id) => `/templates/${id}/rebuild`), bodyOf({ image, cpuCount: between(1, 64), memoryMB: between(128, 262_144), requestId: fc.uuid() })),
  jsonRequest("PATCH", seg(victimId).map((id) => `/templates/${id}`), bodyOf({ public: fc.boolean() }), team),
  jsonRequest("POST", fc.constant("/teams"), bodyOf({ slug: fc.oneof(fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,10}$/), anyString), name: keyName, maxSandboxes: between(0, 100), maxTemplates: between(0, 100) })),
  jsonRequest("POST", seg(teamId).map((id) => `/teams/${id}/api-keys`), bodyOf({ name: keyName })),
  jsonRequest("PATCH", fc.tuple(seg(teamId), seg(fc.oneof(fc.uuid(), anyString))).map(([t, k]) => `/teams/${t}/api-keys/${k}`), bodyOf({ name: keyName })),
  jsonRequest(
    "POST",
    fc.constant("/api-keys/verify"),
    bodyOf({
      digest: fc.oneof(fc.stringMatching(/^[0-9a-f]{64}$/), anyString),
      register: fc.record({ name: keyName, mask: fc.record({ prefix: fc.string({ maxLength: 8 }), valueLength: between(0, 100), maskedValuePrefix: fc.string({ maxLength: 2 }), maskedValueSuffix: fc.string({ maxLength: 4 }) }) }),
    }),
  ),
  jsonRequest("POST", fc.constant("/sandboxes"), bodyOf({ templateId, timeout: between(1, 86_400) }), team),
  jsonRequest("POST", fc.constant("/template-builds"), bodyOf({ displayName: fc.oneof(name, fc.constant(null)), tags, cpuCount: between(1, 64), memoryMB: between(128, 262_144) }), team),
  {
    weight: 6,
    arbitrary: jsonRequest("POST", specTarget.chain(([t, b]) => fc.tuple(seg(fc.constant(t)), seg(fc.constant(b)))).map(([t, b]) => `/templates/${t}/builds/${b}/spec`), specBody, team),
  },
  {
    weight: 2,
    arbitrary: jsonRequest("POST", seg(templateId).map((id) => `/templates/${id}/tags`), bodyOf({ buildId: fc.oneof({ weight: 3, arbitrary: late(() => ids.appBuild) }, { weight: 1, arbitrary: buildId }), tags }), team),
  },
  jsonRequest("DELETE", seg(templateId).map((id) => `/templates/${id}/tags`), bodyOf({ tags }), team),
  // An upload's body is raw bytes: these are JSON (or not), never a file set.
  jsonRequest("PUT", seg(uploadToken).map((t) => `/uploads/${t}`), fc.oneof(anyString, bodyOf({ hash: filesHash }))),
);

const queries: fc.Arbitrary<FuzzRequest> = fc.oneof(
  bodilessRequest(
    "GET",
    fc.constant("/lookup"),
    queryOf({
      name: fc.oneof(fc.constantFrom("mfuzz-app", "mfuzz-app:v1", "mfuzz-app:default", "mfuzz-app:nope", "mfuzz-app:", "mfuzz-pending"), fc.tuple(name, tag).map(([n, t]) => `${n}:${t}`), late(() => `${ids.app}:v1`), name),
      fresh: fc.constantFrom("true", "false", "1", "yes"),
    }),
  ),
  bodilessRequest("GET", fc.constant("/templates"), queryOf({ limit: intString, cursor: anyString })),
  bodilessRequest(
    "GET",
    fc.constant("/sandboxes"),
    queryOf({
      limit: intString,
      cursor: anyString,
      templateId,
      metadata: fc.oneof(anyStringMap.map((m) => JSON.stringify(m)), anyString),
      order: fc.constantFrom("asc", "desc", "up"),
      startedAfter: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), anyString),
      state: fc.constantFrom("running", "paused", "running,paused", "asleep"),
    }),
  ),
  bodilessRequest("GET", fc.constant("/sandbox-metrics"), queryOf({ ids: fc.oneof(late(() => ids.sandbox), fc.array(hex32, { maxLength: 120 }).map((a) => a.join(",")), anyString) })),
  bodilessRequest("GET", fc.constantFrom("/metrics", "/healthz", "/readyz"), queryOf({})),
  bodilessRequest("GET", fc.tuple(seg(templateId), seg(filesHash)).map(([t, h]) => `/templates/${t}/files/${h}`)),
  bodilessRequest("GET", seg(templateId).map((id) => `/templates/${id}/tags`)),
);

const paths: fc.Arbitrary<FuzzRequest> = fc.oneof(
  bodilessRequest("GET", seg(templateId).map((id) => `/templates/${id}`)),
  bodilessRequest("DELETE", seg(fc.oneof(anyString, fc.stringMatching(/^tpl-[0-9a-f]{24}$/))).map((id) => `/templates/${id}`)),
  bodilessRequest("GET", fc.tuple(seg(templateId), seg(buildId)).map(([t, b]) => `/templates/${t}/builds/${b}`)),
  bodilessRequest("GET", seg(sandboxId).map((id) => `/sandboxes/${id}`)),
  bodilessRequest("DELETE", seg(fc.oneof(anyString, hex32)).map((id) => `/sandboxes/${id}`)),
  bodilessRequest("GET", fc.tuple(seg(sandboxId), fc.constantFrom("metrics", "logs")).map(([id, what]) => `/sandboxes/${id}/${what}`)),
  bodilessRequest("GET", seg(teamId).map((id) => `/teams/${id}`)),
  bodilessRequest("GET", seg(teamId).map((id) => `/teams/${id}/api-keys`)),
  bodilessRequest("DELETE", fc.tuple(seg(teamId), seg(fc.oneof(fc.uuid(), anyString))).map(([t, k]) => `/teams/${t}/api-keys/${k}`)),
  bodilessRequest("GET", fc.tuple(seg(fc.oneof(late(() => ids.pending), templateId)), seg(fc.oneof(late(() => ids.pendingBuild), buildId))).map(([t, b]) => `/templates/${t}/builds/${b}`)),
  strayRequest(["/templates", "/sandboxes", "/lookup", "/display-name", "/metrics", "/healthz", "/teams", "/api-keys/verify", "/sandbox-metrics", "/template-builds", "/uploads"]),
);

/** Reads back what a 201/202 says was created: it must hold what was sent. */
async function readBack(req: FuzzRequest, answer: FuzzAnswer): Promise<void> {
  const sent = req.json as Record<string, unknown>;
  const body = answer.body as Record<string, unknown>;
  const request = describeRequest(req);
  if (answer.status === 201 && req.path === "/sandboxes") {
    counts.created++;
    const got = await api().get(`/sandboxes/${body.sandboxId as string}`);
    expect({ request, status: got.status }).toEqual({ request, status: 200 });
    expect(got.body).toMatchObject({ metadata: sent.metadata ?? {}, templateId: sent.templateId, ...(sent.name !== undefined && { name: sent.name }), ...(sent.buildId !== undefined && { buildId: sent.buildId }) });
    counts.readBack++;
    await api().delete(`/sandboxes/${body.sandboxId as string}`);
  }
  if (answer.status === 202 && req.path === "/templates") {
    counts.created++;
    const got = await api().get(`/templates/${body.templateId as string}`);
    expect({ request, status: got.status }).toEqual({ request, status: 200 });
    const asked = typeof sent.displayName === "string" && sent.displayName.trim() !== "" ? sent.displayName.trim() : null;
    // A repeat of an earlier requestId answers that template, named as it was then.
    if (answer.headers.get("idempotent-replayed") !== "true") expect(got.body.displayName).toBe(asked);
    counts.readBack++;
  }
  if (answer.status === 202 && req.path === "/template-builds") {
    counts.created++;
    const got = await api().get(`/templates/${(body.template as { templateId: string }).templateId}/builds/${body.buildId as string}`);
    expect({ request, status: got.status, build: got.body.status }).toEqual({ request, status: 200, build: "waiting" });
    const asked = typeof sent.displayName === "string" && sent.displayName.trim() !== "" ? sent.displayName.trim().toLowerCase() : null;
    expect((body.template as { displayName: string | null }).displayName?.toLowerCase() ?? null).toBe(asked);
    expect(body.tags).toEqual([...new Set((sent.tags as string[] | undefined) ?? [])]);
    counts.readBack++;
  }
  if (answer.status === 202 && req.path.endsWith("/spec")) {
    // A started build runs to its end; one of `mfuzz-pending` is replaced by a new request.
    counts.created++;
    const build = await waitForBuild(api(), body.templateId as string, body.buildId as string);
    if (typeof sent.fromImage === "string") expect({ request, image: build.image }).toEqual({ request, image: sent.fromImage });
    if (body.buildId === ids.pendingBuild) await requestPending();
    counts.readBack++;
  }
}

// Calls as the default team (its id is known once master runs: the object is filled then).
const asTeam: Record<string, string> = {};
beforeAll(() => {
  asTeam[TEAM_HEADER] = ctx.master.team;
});
const fuzzer = createFuzzer({ url: () => ctx.master.url, auth: asTeam, readBack });
const counts = fuzzer.counts;

describeFuzzing("master", fuzzer, [
  { title: "bodies: 5,000 template, sandbox, rename, rebuild, build request, spec, tag and upload requests", requests: bodies, runs: 5_000 },
  { title: "queries: 3,000 lookups (name:tag too), lists, filters, file links and tag lists", requests: queries, runs: 3_000 },
  { title: "paths: 3,000 parameters and stray paths and methods", requests: paths, runs: 3_000 },
]);
