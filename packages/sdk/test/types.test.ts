// The SDK's exported types, used as an application would: this file must compile (`tsc -b`
// typechecks tests), and each `@ts-expect-error` marks a use that must NOT compile. When the
// API's description changes and src/generated/openapi.ts with it, what no longer fits fails
// here first. The calls run against an injected fetch so the file is a test like any other.
import { describe, expect, test } from "@jest/globals";
import {
  ConflictError,
  Cubicle,
  CubicleApiError,
  type ApiKey,
  type BuildLogEntry,
  type BuildStatus,
  type CreateSandboxInput,
  type CreatedApiKey,
  type CreateTemplateInput,
  type CubicleOptions,
  type ErrorCode,
  type ListedSandbox,
  type Lookup,
  type NameVerdict,
  type Page,
  type RetryOptions,
  type Sandbox,
  type SandboxDetail,
  type SandboxMetric,
  type SandboxState,
  type Team,
  type Template,
  type TemplateCreated,
  type TemplateDetail,
  type TemplateTag,
} from "../src/index.js";
import { apiError, clientOn, json } from "./fake-fetch.js";

const now = "2030-01-01T00:00:00.000Z";
const template = { templateID: "tpl-a", buildID: "b-1", names: ["app"], aliases: ["app"], cpuCount: 2, memoryMB: 512, buildStatus: "ready", public: false, createdAt: now, updatedAt: now };

describe("the exported types", () => {
  test("a list, a template, a create and a build status read as their types say", async () => {
    const { client: c } = clientOn([
      json(200, [template]),
      json(202, { ...template, buildStatus: "waiting" }),
      json(200, { templateID: "tpl-a", buildID: "b-1", status: "error", logs: [], logEntries: [], reason: { message: "no" } }),
    ]);
    const page: Page<Template> = await c.templates.list();
    const t: Template = page.items[0]!;
    t.templateID satisfies string;
    t.public satisfies boolean;
    page.nextToken satisfies string | null;

    const input: CreateTemplateInput = { name: "app", image: "alpine:3.20", cpuCount: 2, memoryMB: 512 };
    const created: TemplateCreated = await c.templates.create(input, { idempotencyKey: "k" });
    created.buildID satisfies string;

    const status: BuildStatus = await c.templates.buildStatus(created.templateID, created.buildID);
    status.status satisfies "waiting" | "building" | "ready" | "error";
    const failedStep: string | undefined = status.reason?.step;
    expect([t.templateID, created.buildStatus, status.status, failedStep]).toEqual(["tpl-a", "waiting", "error", undefined]);
  });

  test("waitForBuild's callbacks get typed entries and statuses", async () => {
    const entry: BuildLogEntry = { timestamp: now, level: "info", message: "pulled" };
    const { client: c } = clientOn([json(200, { templateID: "tpl-a", buildID: "b-1", status: "ready", logs: ["pulled"], logEntries: [entry] })]);
    const levels: BuildLogEntry["level"][] = [];
    const final = await c.templates.waitForBuild("app", "b-1", { intervalMs: 1, onLog: (e) => levels.push(e.level), onStatus: (s: BuildStatus) => void s.logEntries });
    expect([final.status, levels]).toEqual(["ready", ["info"]]);
  });

  test("errors narrow by class and by code; `is` takes only the API's codes", async () => {
    const { client: c } = clientOn([apiError(409, "name_taken", "the name 'app' is taken")]);
    try {
      await c.templates.rename("tpl-a", "app");
      throw new Error("unreachable");
    } catch (err) {
      if (!(err instanceof CubicleApiError)) throw err;
      const code: ErrorCode | `http_${number}` = err.code;
      err.status satisfies number;
      err.requestId satisfies string | undefined;
      err.retryAfterSeconds satisfies number | undefined;
      expect(err.is("name_taken")).toBe(true);
      // @ts-expect-error not an error_code the API documents
      err.is("name-taken");
      expect(err).toBeInstanceOf(ConflictError);
      expect(code).toBe("name_taken");
    }
  });

  test("sandboxes, keys and teams", async () => {
    const sandbox = { sandboxID: "s1", templateID: "tpl-a", clientID: "c", envdVersion: "0.2.0", buildID: "b-1", domain: "cubicle.localhost" };
    const { client: c } = clientOn([
      json(201, sandbox),
      json(200, [{ ...sandbox, state: "paused", metadata: { env: "ci" } }]),
      json(200, { ...sandbox, state: "running" }),
      json(200, []),
      json(200, []),
      json(201, { id: "k", key: "cubicle_x", name: "ci" }),
      json(201, { teamID: "t", slug: "acme", name: "Acme" }),
    ]);
    const input: CreateSandboxInput = { templateID: "app", timeout: 60, metadata: { env: "ci" }, autoPause: true };
    const s: Sandbox = await c.sandboxes.create(input, { mode: "strong" });
    s.sandboxID satisfies string;
    const listed: Page<ListedSandbox> = await c.sandboxes.list({ state: ["paused"], metadata: { env: "ci" } });
    const state: SandboxState | undefined = (await c.sandboxes.get(s.sandboxID)).state;
    const metrics: SandboxMetric[] = await c.sandboxes.metrics(s.sandboxID);
    const keys: ApiKey[] = await c.keys.list();
    const key: CreatedApiKey = await c.keys.create("ci");
    key.key satisfies string;
    const team: Team = await c.teams.create({ slug: "acme", maxSandboxes: 3 });
    team.teamID satisfies string;
    expect([listed.items[0]!.state, state, metrics, keys, team.slug]).toEqual(["paused", "running", [], [], "acme"]);

    // @ts-expect-error a state the API does not have
    void c.sandboxes.list({ state: ["stopped"] }).catch(() => {});
    // @ts-expect-error templateID is required
    void c.sandboxes.create({ timeout: 60 }).catch(() => {});
    // @ts-expect-error an id mode the API does not have
    void c.sandboxes.create({ templateID: "app" }, { mode: "slow" }).catch(() => {});
  });

  test("the option types and the other answers' types are exported", () => {
    const retry: Partial<RetryOptions> = { retries: 5, maxRetryAfterMs: 10_000 };
    const options: CubicleOptions = { apiUrl: "http://127.0.0.1:3000", apiKey: "k", retry, timeoutMs: 5_000, headers: { "user-agent": "x" } };
    const client = new Cubicle(options);
    const verdict: Pick<NameVerdict, "valid" | "reason"> = { valid: false, reason: "taken" };
    const lookup: Pick<Lookup, "templateID" | "buildStatus"> = { templateID: "tpl-a", buildStatus: "ready" };
    const tag: Pick<TemplateTag, "tag" | "buildID"> = { tag: "v1", buildID: "b-1" };
    const detail: Pick<TemplateDetail, "builds"> = { builds: [] };
    const sandboxState: SandboxDetail["state"] = "running";
    // @ts-expect-error not a reason /names/validate gives
    const wrong: NameVerdict["reason"] = "too_short";
    expect([client.apiUrl, verdict.reason, lookup.buildStatus, tag.tag, detail.builds, sandboxState, wrong]).toEqual(["http://127.0.0.1:3000", "taken", "ready", "v1", [], "running", "too_short"]);
  });
});
