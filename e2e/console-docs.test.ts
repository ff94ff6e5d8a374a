// The README's pictures of the web console: docs/console.png (the templates list of a team with
// a few templates, one building and one failed) and docs/console-template.png (a template's page
// with its builds, phases and log), in English at 1280×800. They are remade only when asked:
//   CONSOLE_DOCS_SCREENSHOTS=1 pnpm run test:jest e2e/console-docs
// (otherwise skipped, so that a test run leaves the repository as it was).
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import pg from "pg";
import { describeInBrowser, openBrowser, startConsoleCluster, type ConsoleBrowser, type ConsoleCluster } from "./console-browser.js";
import { eventually, repoRoot, stopAllServices, truncateTables } from "./support.js";

const MASTER_TOKEN = `e2e-console-docs-${randomBytes(8).toString("hex")}`;
const DOCS = join(repoRoot, "docs");
const describeIfAsked = process.env.CONSOLE_DOCS_SCREENSHOTS === "1" ? describeInBrowser : describe.skip;

/** The team's templates: name, image, size, how many days ago it was made, sandboxes started from it and how many hours ago the last one was. */
const TEAM_TEMPLATES = [
  { name: "python-data", image: "python:3.12-slim", cpuCount: 2, memoryMB: 1024, daysAgo: 12, sandboxes: 3, lastSandboxHoursAgo: 0.4 },
  { name: "node-web", image: "node:22-alpine", cpuCount: 1, memoryMB: 512, daysAgo: 9, sandboxes: 2, lastSandboxHoursAgo: 3 },
  { name: "go-toolchain", image: "golang:1.23", cpuCount: 4, memoryMB: 2048, daysAgo: 5, sandboxes: 1, lastSandboxHoursAgo: 26 },
  { name: "postgres-dev", image: "postgres:16-alpine", cpuCount: 2, memoryMB: 1024, daysAgo: 2, sandboxes: 0, lastSandboxHoursAgo: 0 },
  // The simulated builder fails images tagged `fail`: this one's first build failed, which
  // frees its name (the list shows it unnamed).
  { name: "rust-ci", image: "rust:fail", cpuCount: 4, memoryMB: 4096, daysAgo: 0.2, sandboxes: 0, lastSandboxHoursAgo: 0 },
];
/** Made last, and still building when the list is shot. */
const BUILDING = { name: "playwright-browsers", image: "mcr.microsoft.com/playwright:v1.48.0", cpuCount: 2, memoryMB: 2048 };

let cluster: ConsoleCluster;
let ui: ConsoleBrowser;

async function status(ref: string): Promise<string | undefined> {
  return (await cluster.gateway.api.get(`/templates/${ref}`)).body?.buildStatus as string | undefined;
}

/** Dates the templates back, by id (as if the team had made and used them over the last days). */
async function backdate(templates: { id: string; daysAgo: number; lastSandboxHoursAgo: number }[]): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    for (const { id, daysAgo, lastSandboxHoursAgo } of templates) {
      const sql = "UPDATE templates SET created_at = now() - make_interval(secs => $2), last_spawned_at = CASE WHEN last_spawned_at IS NULL THEN NULL ELSE now() - make_interval(secs => $3) END WHERE id = $1";
      await client.query(sql, [id, daysAgo * 86_400, lastSandboxHoursAgo * 3600]);
    }
  } finally {
    await client.end();
  }
}

describeIfAsked("the README's screenshots of the web console", () => {
  beforeAll(async () => {
    await truncateTables();
    // Slow enough that the last template is still building when the list is shot.
    cluster = await startConsoleCluster(MASTER_TOKEN, { buildPhaseDelayMs: 3000 });
    const api = cluster.gateway.api;
    const ids: string[] = [];
    for (const { name, image, cpuCount, memoryMB } of TEAM_TEMPLATES) {
      const made = await api.post("/templates", { name, image, cpuCount, memoryMB });
      expect(made.status).toBe(202);
      ids.push(made.body.templateID as string);
    }
    await eventually(async () => ((await Promise.all(ids.map(status))).every((s) => s === "ready" || s === "error") ? true : undefined), 60_000, "the first builds");
    // python-data: rebuilt once (two builds), the ready one tagged.
    const rebuild = await api.post("/templates/python-data", { image: "python:3.12-slim" });
    expect(rebuild.status).toBe(202);
    const rebuilt = async () => (await api.get(`/templates/python-data/builds/${rebuild.body.buildID}/status`)).body?.status as string | undefined;
    await eventually(async () => ((await rebuilt()) === "ready" ? true : undefined), 60_000, "the rebuild");
    expect((await api.post("/templates/tags", { target: "python-data", tags: ["stable"] })).status).toBe(201);
    expect((await api.patch("/templates/node-web", { public: true })).status).toBe(200);
    for (const { name, sandboxes } of TEAM_TEMPLATES) {
      for (let i = 0; i < sandboxes; i++) expect((await api.post("/v2/sandboxes", { templateID: name, metadata: { team: "data" } })).status).toBe(201);
    }
    await backdate(TEAM_TEMPLATES.map((t, i) => ({ ...t, id: ids[i]! })));
    ui = await openBrowser(cluster.gateway.url);
    await ui.page.goto("/console/sign-in");
    await ui.page.getByTestId("sign-in-api-key").fill(cluster.gateway.apiKey);
    await ui.page.getByTestId("sign-in-submit").click();
    await ui.page.waitForURL(/\/console\/templates$/);
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
    await stopAllServices();
  });

  test("docs/console.png: the templates list, one template building and one failed", async () => {
    const { page } = ui;
    expect((await cluster.gateway.api.post("/templates", BUILDING)).status).toBe(202);
    await page.reload();
    await page.locator(`[data-testid="template-row"]:has([data-testid="template-status"][data-status="building"])`).waitFor();
    await page.locator(`[data-testid="template-row"]:has([data-testid="template-status"][data-status="error"])`).waitFor();
    expect(await page.getByTestId("template-row").count()).toBe(TEAM_TEMPLATES.length + 1);
    await page.screenshot({ path: join(DOCS, "console.png"), animations: "disabled" });
  });

  test("docs/console-template.png: a template's page with its builds, phases and log", async () => {
    const { page } = ui;
    await page.getByTestId("template-link").filter({ hasText: "python-data" }).click();
    await page.getByTestId("page-title").filter({ hasText: "python-data" }).waitFor();
    await page.getByTestId("build-log-line").filter({ hasText: "template is ready" }).waitFor();
    expect(await page.getByTestId("build-row").count()).toBe(2);
    await page.screenshot({ path: join(DOCS, "console-template.png"), animations: "disabled" });
  });
});
