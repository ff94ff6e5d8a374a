import { afterAll, beforeAll, beforeEach } from "@jest/globals";
import pg from "pg";
import type { Logger } from "pino";
import { loadConfig } from "../src/config.js";
import { startMaster, type MasterHandle } from "../src/server.js";
import type { Builder } from "../src/domain/builder.js";
import type { SandboxAgent } from "../src/domain/sandbox-agent.js";
import { eventually, jsonClient, type JsonClient } from "../../../test-support/http.js";
import { defaultTeamId, truncateTables } from "../../../test-support/templates.js";
import { TEAM_HEADER } from "@cubicle/contracts";

export { eventually };
export { getTemplate, waitForBuild, waitForStatus } from "../../../test-support/templates.js";

export interface TestMaster extends MasterHandle {
  /** Calls as the default team. */
  api: JsonClient;
  /** The default team's id. */
  team: string;
  /** A client calling as `team` (with no team header when `team` is null). */
  as(team: string | null): JsonClient;
}

/**
 * An in-process master on a free port against this worker's database, quiet and with fast
 * builds. Its `api` calls as the default team.
 */
export async function startTestMaster(env: Record<string, string> = {}, overrides: { builder?: Builder; agent?: SandboxAgent; logger?: Logger } = {}): Promise<TestMaster> {
  const config = loadConfig({
    DATABASE_URL: process.env.DATABASE_URL,
    MASTER_PORT: "0",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    BUILD_PHASE_DELAY_MS: "20",
    BUILD_SWEEP_MS: "200",
    DB_POOL_MAX: process.env.DB_POOL_MAX ?? "20",
    DB_PREPARED_STATEMENTS: process.env.DB_PREPARED_STATEMENTS,
    DB_LISTEN: process.env.DB_LISTEN,
    ...env,
  });
  const master = await startMaster(config, overrides);
  const headers: Record<string, string> = config.MASTER_TOKEN ? { authorization: `Bearer ${config.MASTER_TOKEN}` } : {};
  const team = await defaultTeamId();
  const as = (t: string | null) => jsonClient(master.url, t === null ? headers : { ...headers, [TEAM_HEADER]: t });
  return Object.assign(master, { api: as(team), team, as });
}

/** Direct database access for assertions and setup that the API does not offer. */
export function testDb(): pg.Pool {
  return new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
}



/** Reads one sample of a Prometheus metric from master's /metrics. */
export async function metric(api: JsonClient, name: string, labels = ""): Promise<number> {
  const text = (await api.get("/metrics")).body as string;
  const line = text.split("\n").find((l) => l.startsWith(`${name}${labels} `) || (labels === "" && l.startsWith(`${name} `)));
  if (!line) throw new Error(`metric ${name}${labels} not found`);
  return Number(line.split(" ")[1]);
}

export const TEMPLATE_ID = /^tpl-[0-9a-f]{24}$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Every error body has E2B's shape plus our code and the request id, and leaks nothing internal. */
export function expectErrorShape(reply: { status: number; body: any }, status: number, errorCode: string): void {
  if (reply.status !== status || reply.body?.error_code !== errorCode) {
    throw new Error(`expected ${status} ${errorCode}, got ${reply.status} ${JSON.stringify(reply.body)}`);
  }
  const body = reply.body as Record<string, unknown>;
  if (body.code !== status || typeof body.message !== "string" || typeof body.requestId !== "string" || body.requestId === "") {
    throw new Error(`malformed error body: ${JSON.stringify(body)}`);
  }
  const text = JSON.stringify(body);
  for (const leak of [/127\.0\.0\.1/, /localhost/, /postgres/i, /SELECT|INSERT|UPDATE /, /\bat .+\.(ts|js):\d+/, /prisma/i]) {
    if (leak.test(text)) throw new Error(`error body leaks internals (${leak}): ${text}`);
  }
}


/**
 * One master for a test file, started before its tests and closed after them, on tables
 * emptied once per file (`"file"`) or before every test (`"each"`). Also gives a pool for
 * direct assertions on the database.
 */
export function useTestMaster(options: { env?: Record<string, string>; truncate?: "file" | "each"; agent?: SandboxAgent } = {}) {
  const context = {} as { master: TestMaster; db: pg.Pool };
  beforeAll(async () => {
    context.db = testDb();
    if (options.truncate !== "each") await truncateTables();
    context.master = await startTestMaster(options.env, options.agent ? { agent: options.agent } : {});
  });
  if (options.truncate === "each") beforeEach(() => truncateTables());
  afterAll(async () => {
    await context.master?.close();
    await context.db?.end();
  });
  return context;
}
