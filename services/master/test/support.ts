import pg from "pg";
import { loadConfig } from "../src/config.js";
import { startMaster, type MasterHandle } from "../src/server.js";
import type { Builder } from "../src/domain/builder.js";
import { eventually, jsonClient, type JsonClient } from "../../../test-support/http.js";

export { eventually };

export interface TestMaster extends MasterHandle {
  api: JsonClient;
}

/** An in-process master on a free port against this worker's database, quiet and with fast builds. */
export async function startTestMaster(env: Record<string, string> = {}, overrides: { builder?: Builder } = {}): Promise<TestMaster> {
  const config = loadConfig({
    DATABASE_URL: process.env.DATABASE_URL,
    MASTER_PORT: "0",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    BUILD_PHASE_DELAY_MS: "20",
    BUILD_SWEEP_MS: "200",
    DB_POOL_MAX: process.env.DB_POOL_MAX ?? "20",
    ...env,
  });
  const master = await startMaster(config, overrides);
  const headers: Record<string, string> = config.MASTER_TOKEN ? { authorization: `Bearer ${config.MASTER_TOKEN}` } : {};
  return Object.assign(master, { api: jsonClient(master.url, headers) });
}

/** Direct database access for assertions and setup that the API does not offer. */
export function testDb(): pg.Pool {
  return new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
}

export async function resetDatabase(db: pg.Pool): Promise<void> {
  await db.query("TRUNCATE templates, builds CASCADE");
}

/** Waits until a template's status is one of `statuses`; returns the template. */
export async function waitForStatus(api: JsonClient, templateId: string, statuses: string[], timeoutMs = 10_000) {
  return eventually(
    async () => {
      const r = await api.get(`/templates/${templateId}`);
      return statuses.includes(r.body?.status) ? r.body : undefined;
    },
    timeoutMs,
    `template ${templateId} to reach ${statuses.join("|")}`,
  );
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

/** Waits until a build has finished (ready or failed); returns the build. */
export async function waitForBuild(api: JsonClient, templateId: string, buildId: string, timeoutMs = 10_000) {
  return eventually(
    async () => {
      const r = await api.get(`/templates/${templateId}/builds/${buildId}`);
      return r.body?.status === "ready" || r.body?.status === "failed" ? r.body : undefined;
    },
    timeoutMs,
    `build ${buildId} to finish`,
  );
}
