import { afterAll, beforeAll, beforeEach } from "@jest/globals";
import { once } from "node:events";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type pg from "pg";
import { createValidator, errorResponseSchema, type E2bBuildStatus } from "@cubicle/contracts";
import { loadConfig } from "../src/config.js";
import { startGateway, type GatewayHandle } from "../src/server.js";
import { createTestNode, expectErrorShape, startTestMaster, testDb, type SimulatedNode, type TestMaster } from "../../master/test/support.js";
import type { Builder } from "../../master/src/domain/builder.js";
import { eventually, jsonClient, rawRequest, type Reply } from "../../../test-support/http.js";
import { truncateTables } from "../../../test-support/templates.js";
import { e2bResponseValidator, expectE2bResponse, expectE2bSchema } from "../../../test-support/e2b-schema.js";

export { createTestNode, eventually, expectErrorShape, rawRequest, startTestMaster, testDb, truncateTables, type Reply, type TestMaster };
export { TEMPLATE_ID, UUID, holdCreates, holdingBuilder, watchCallerLeaving } from "../../master/test/support.js";

/** The API key every test gateway accepts (unless a test sets API_KEYS itself). */
export const API_KEY = "gw-test-key-0123456789abcdef";
/** The token the test master requires and the test gateway sends. */
export const MASTER_TOKEN = "gw-test-master-token-0123456789";

/** A JSON client of the gateway sending `headers` (an API key, usually) with every call. */
export const gatewayClient = (baseUrl: string, headers: Record<string, string> = {}) => jsonClient(baseUrl, headers);
export type GatewayClient = ReturnType<typeof gatewayClient>;

export interface TestGateway extends GatewayHandle {
  /** Sends the first key of API_KEYS. */
  api: GatewayClient;
  /** Sends no key. */
  anon: GatewayClient;
  /** A client sending `key`. */
  as(key: string): GatewayClient;
}

/**
 * An in-process gateway on a free port. `env` must say where master is (`MASTER_URL`);
 * it talks to it with MASTER_TOKEN and accepts API_KEY, unless `env` says otherwise.
 */
export async function startTestGateway(env: Record<string, string> & { MASTER_URL: string }): Promise<TestGateway> {
  const config = loadConfig({
    GATEWAY_PORT: "0",
    GATEWAY_DRAIN_MS: "0",
    MASTER_TOKEN,
    API_KEYS: API_KEY,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    ...env,
  });
  const gateway = await startGateway(config);
  const firstKey = config.API_KEYS?.split(",")[0]?.trim() ?? API_KEY;
  const as = (key: string) => gatewayClient(gateway.url, { "x-api-key": key });
  return Object.assign(gateway, { api: as(firstKey), anon: gatewayClient(gateway.url), as });
}

/** Starts a gateway with `env`, runs `fn` with it and closes it, whatever `fn` does. */
export async function withGateway<T>(env: Record<string, string> & { MASTER_URL: string }, fn: (gateway: TestGateway) => Promise<T>): Promise<T> {
  const gateway = await startTestGateway(env);
  try {
    return await fn(gateway);
  } finally {
    await gateway.close();
  }
}

export interface GatewayContext {
  master: TestMaster;
  gateway: TestGateway;
  api: GatewayClient;
  anon: GatewayClient;
  db: pg.Pool;
}

/**
 * One master and one gateway in front of it for a test file: started before its tests and
 * closed after them (gateway first), on tables emptied once per file (`"file"`, the default)
 * or before every test (`"each"`). `builder` replaces master's simulated one; `node` is the simulated node of master's agent.
 */
export function useTestGateway(
  options: { masterEnv?: Record<string, string>; gatewayEnv?: Record<string, string>; truncate?: "file" | "each"; builder?: Builder; node?: SimulatedNode } = {},
): GatewayContext {
  const context = {} as GatewayContext;
  beforeAll(async () => {
    context.db = testDb();
    if (options.truncate !== "each") await truncateTables();
    context.master = await startTestMaster({ MASTER_TOKEN, ...options.masterEnv }, {
      ...(options.builder && { builder: options.builder }),
      ...(options.node && { node: options.node }),
    });
    context.gateway = await startTestGateway({ MASTER_URL: context.master.url, ...options.gatewayEnv });
    context.api = context.gateway.api;
    context.anon = context.gateway.anon;
  });
  if (options.truncate === "each") beforeEach(() => truncateTables(undefined, { nodes: false }));
  afterAll(async () => {
    await context.gateway?.close();
    await context.master?.close();
    await context.db?.end();
  });
  return context;
}

// ---- assertions ---------------------------------------------------------------------------

type Schema = Parameters<typeof createValidator>[0];
const validators = new Map<Schema, (data: unknown) => unknown>();

/** Fails unless `body` matches the published JSON schema `schema`, naming the field that does not. */
export function expectSchema(schema: Schema, body: unknown): void {
  let validate = validators.get(schema);
  if (!validate) validators.set(schema, (validate = createValidator(schema, "body")));
  try {
    validate(body);
  } catch (err) {
    throw new Error(`response does not match its schema: ${(err as Error).message}\n${JSON.stringify(body, null, 2)}`);
  }
}

/**
 * `expectErrorShape` (status, error_code, shape, no leaks) plus what the gateway adds: the
 * body matches the published error schema and `x-request-id` is the body's requestId.
 */
export function expectGatewayError(reply: Reply, status: number, errorCode: string): void {
  expectErrorShape(reply, status, errorCode);
  expectSchema(errorResponseSchema, reply.body);
  const header = reply.headers.get("x-request-id");
  if (header !== reply.body.requestId) throw new Error(`x-request-id header ${header} differs from body.requestId ${reply.body.requestId}`);
}

/**
 * `method path` through `api`, whose answer must have `status` and a body that E2B's API
 * description allows for `operation` (its path template, e.g. `/sandboxes/{sandboxID}`) and
 * that status. An error status the operation does not list must still be E2B's `Error`, and
 * the gateway's error (expectGatewayError).
 */
export async function e2bCall(api: GatewayClient, method: string, path: string, operation: string, status: number, body?: unknown): Promise<Reply> {
  const r = await api.call(method, path, body);
  if (r.status !== status) throw new Error(`${method} ${path} answered ${r.status}, not ${status}: ${JSON.stringify(r.body)}`);
  if (status >= 400) {
    expectGatewayError(r, status, r.body?.error_code);
    expectE2bSchema("Error", r.body);
  }
  if (status < 400 || listsStatus(method, operation, status)) expectE2bResponse(method, operation, status, r.body);
  return r;
}

/** Whether E2B's description gives `operation` a response of this status. */
function listsStatus(method: string, operation: string, status: number): boolean {
  try {
    e2bResponseValidator(method, operation, status);
    return true;
  } catch {
    return false;
  }
}

// ---- builds -------------------------------------------------------------------------------

/** Polls the gateway's build status until the build is `ready` or `error`; returns that status body. */
export function waitForGatewayBuild(api: GatewayClient, ref: string, buildID: string, statuses: E2bBuildStatus[] = ["ready", "error"], timeoutMs = 10_000) {
  let last: unknown;
  return eventually(
    async () => {
      const r = await api.get(`/templates/${ref}/builds/${buildID}/status`);
      last = r.body;
      return r.status === 200 && statuses.includes(r.body.status) ? r.body : undefined;
    },
    timeoutMs,
    `build ${buildID} of ${ref} to become ${statuses.join("|")}`,
  ).catch((err: Error) => {
    throw new Error(`${err.message}; last seen: ${JSON.stringify(last)}`);
  });
}

// ---- stand-ins for master -----------------------------------------------------------------

export interface StubServer {
  url: string;
  /** The requests it received so far: method, url and headers. */
  requests: { method: string; url: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

/**
 * A plain node:http server playing master: `handler` answers (or, by doing nothing, never
 * answers) each request. `close()` cuts every open connection, answered or not.
 */
export async function startStubServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<StubServer> {
  const requests: StubServer["requests"] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
    req.resume();
    handler(req, res);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// ---- sandboxes ----------------------------------------------------------------------------

/** A fast-mode sandbox id: 32 lower-case hex characters. */
export const FAST_SANDBOX_ID = /^[0-9a-f]{32}$/;

/** Creates a template through the gateway and waits until its first build ends with `status`. */
export async function createTemplateAndWait(api: GatewayClient, body: Record<string, unknown>, status: E2bBuildStatus = "ready") {
  const r = await api.post("/templates", body);
  if (r.status !== 202) throw new Error(`POST /templates answered ${r.status}: ${JSON.stringify(r.body)}`);
  await waitForGatewayBuild(api, r.body.templateID, r.body.buildID, [status]);
  return r.body as { templateID: string; buildID: string; names: string[] };
}

/** The `sandboxes` row with this id (mode and template), or undefined. */
export async function sandboxRow(db: pg.Pool, id: string): Promise<{ id: string; mode: string; template_id: string; request_id: string | null } | undefined> {
  const r = await db.query("SELECT id, mode, template_id, request_id FROM sandboxes WHERE id = $1", [id]);
  return r.rows[0];
}

/**
 * The sandbox's row once it is written: a fast-mode create answers before its record is, so
 * a test that later counts or compares rows waits for it first.
 */
export function storedSandboxRow(db: pg.Pool, id: string) {
  return eventually(() => sandboxRow(db, id), 5_000, `the row of sandbox ${id}`);
}

// ---- teams --------------------------------------------------------------------------------

/** An ADMIN_TOKEN for test gateways that serve `/admin/…` (pass it in `gatewayEnv`). */
export const ADMIN_TOKEN = "gw-test-admin-token-0123456789abcdef";

export interface TestTeam {
  teamID: string;
  slug: string;
  /** The value of the team's first key, and its id. */
  key: string;
  keyID: string;
  /** A client sending that key. */
  api: GatewayClient;
}

/**
 * Makes a team through the gateway's admin API (the gateway must run with ADMIN_TOKEN) and
 * a key of it. `quotas` set the team's own maxSandboxes / maxTemplates.
 */
export async function makeTeam(gateway: TestGateway, slug: string, quotas: { maxSandboxes?: number; maxTemplates?: number } = {}): Promise<TestTeam> {
  const admin = gatewayClient(gateway.url, { "x-admin-token": ADMIN_TOKEN });
  const team = await admin.post("/admin/teams", { slug, ...quotas });
  if (team.status !== 201) throw new Error(`POST /admin/teams answered ${team.status}: ${JSON.stringify(team.body)}`);
  const key = await admin.post(`/admin/teams/${team.body.teamID}/api-keys`, { name: `${slug} test key` });
  if (key.status !== 201) throw new Error(`POST /admin/teams/…/api-keys answered ${key.status}: ${JSON.stringify(key.body)}`);
  return { teamID: team.body.teamID, slug, key: key.body.key, keyID: key.body.id, api: gateway.as(key.body.key) };
}
