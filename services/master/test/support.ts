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
    DB_POOL_MAX: "20",
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
