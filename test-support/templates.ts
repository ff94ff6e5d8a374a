/** Template helpers shared by the API tests and the e2e tests. */
import pg from "pg";
import type { BuildView, TemplateStatus, TemplateWithBuildsView } from "@cubicle/contracts";
import { eventually, type JsonClient } from "./http.js";

/**
 * Empties the tables a test file writes. With `nodes` (the default) the node agents earlier
 * files registered go too: one stopped a moment ago still looks up for NODE_DOWN_AFTER_MS,
 * and placement would pick it. Pass `{ nodes: false }` while this file's own agents run.
 */
export async function truncateTables(databaseUrl = process.env.DATABASE_URL, options: { nodes?: boolean } = {}): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // Every team but the default one goes; the default team's sandbox slots are free again.
    await client.query("TRUNCATE templates, builds, sandboxes, ended_sandboxes, api_keys, upload_links CASCADE");
    if (options.nodes ?? true) await client.query("DELETE FROM nodes");
    await client.query("DELETE FROM teams WHERE slug <> 'default'");
    await client.query("UPDATE teams SET sandbox_slots = 0, slot_taken_at = NULL, max_sandboxes = NULL, max_templates = NULL");
  } finally {
    await client.end();
  }
}

/** The id of the default team (made by the migration that introduced teams). */
export async function defaultTeamId(databaseUrl = process.env.DATABASE_URL): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<{ id: string }>("SELECT id FROM teams WHERE slug = 'default'")).rows[0]!.id;
  } finally {
    await client.end();
  }
}

export async function getTemplate(api: JsonClient, templateId: string): Promise<TemplateWithBuildsView> {
  const r = await api.get<TemplateWithBuildsView>(`/templates/${templateId}`);
  if (r.status !== 200) throw new Error(`GET /templates/${templateId} answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Waits until the template's status is one of `statuses`; returns it. */
export function waitForStatus(api: JsonClient, templateId: string, statuses: TemplateStatus[], timeoutMs = 10_000): Promise<TemplateWithBuildsView> {
  let last: TemplateWithBuildsView | undefined;
  return eventually(
    async () => {
      last = await getTemplate(api, templateId);
      return statuses.includes(last.status) ? last : undefined;
    },
    timeoutMs,
    `template ${templateId} to become ${statuses.join("|")}`,
  ).catch((err: Error) => {
    throw new Error(`${err.message}; last seen: ${JSON.stringify(last)}`);
  });
}

/** Waits until a build has finished (ready or failed); returns the build. */
export function waitForBuild(api: JsonClient, templateId: string, buildId: string, timeoutMs = 10_000): Promise<BuildView> {
  return eventually(
    async () => {
      const r = await api.get<BuildView>(`/templates/${templateId}/builds/${buildId}`);
      return r.body?.status === "ready" || r.body?.status === "failed" ? r.body : undefined;
    },
    timeoutMs,
    `build ${buildId} to finish`,
  );
}

/**
 * Renames a template in the database only, so that no master's name cache hears of it: the
 * update runs with triggers off (`session_replication_role = replica`), so the database
 * publishes no notification. It stands for a change whose notification was lost.
 */
export async function renameBehindMastersBack(db: pg.Pool, templateId: string, displayName: string | null): Promise<number> {
  const client = await db.connect();
  try {
    await client.query("BEGIN");
    await client.query("SET LOCAL session_replication_role = replica");
    const r = await client.query("UPDATE templates SET display_name = $2, name_key = $3 WHERE id = $1", [templateId, displayName, displayName?.toLowerCase() ?? null]);
    await client.query("COMMIT");
    return r.rowCount ?? 0;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
