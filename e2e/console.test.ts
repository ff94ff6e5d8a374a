// The web console in a real browser, as a person uses it, against the real gateway, master and
// node agent: sign in (a wrong key first), create a template (the name hint refuses bad names
// and shows the normalized form of a good one), watch its build on the detail page, rename it
// (a taken name shows the 409 in place), start a sandbox from it, pause, resume and kill it in
// the sandboxes list, switch to Chinese (it stays after a reload) and sign out. The steps run
// in order in one browser tab; a screenshot of each goes to .data/screenshots. Only the
// template whose name is taken is made through the API. Skipped without Chromium.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, test } from "@jest/globals";
import type { Locator, Page } from "playwright-core";
import pg from "pg";
import { holdWrites, type HeldWrites } from "../test-support/held-writes.js";
import { describeInBrowser, openBrowser, startConsoleCluster, type ConsoleBrowser, type ConsoleCluster } from "./console-browser.js";
import { stopAllServices, truncateTables } from "./support.js";

const MASTER_TOKEN = `e2e-console-token-${randomBytes(8).toString("hex")}`;
/** Held by another template of the team, made through the API beforehand. */
const TAKEN = "etl-worker";
/** Typed with capitals and spaces around it: the hint shows how it is stored. */
const TYPED = "  Data-Pipeline ";
const CREATED = "Data-Pipeline";
const RENAMED = "nightly-etl";

let cluster: ConsoleCluster;
let ui: ConsoleBrowser;
let page: Page;
/** The template the steps made, once they made it. */
let templateID: string | undefined;
/** The test's own database connections. */
let db: pg.Pool | undefined;
/** The build of the template the steps make, held before its last phase until the page has shown it between phases. */
let buildHeld: HeldWrites | undefined;

const byTestId = (testId: string, attributes: Record<string, string> = {}) =>
  page.locator(`[data-testid="${testId}"]${Object.entries(attributes).map(([name, value]) => `[${name}="${value}"]`).join("")}`);

/** The text of `locator` once it is there. */
async function textOf(locator: Locator): Promise<string> {
  await locator.waitFor();
  return ((await locator.textContent()) ?? "").trim();
}

/** Waits until the page's heading reads exactly `text` (after a navigation the old page's heading may still be there). */
async function titleBecomes(text: string): Promise<void> {
  await page.getByTestId("page-title").filter({ hasText: new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*$`) }).waitFor();
}

/** The name hint (`create-name-hint`, `rename-hint`) once it judges `name` as the API does. */
async function hintFor(testId: string, name: string): Promise<{ valid: string | null; text: string; message?: string; normalized: string }> {
  const verdict = (await cluster.gateway.api.get(`/names/validate?name=${encodeURIComponent(name)}`)).body as { valid: boolean; normalized: string; message?: string };
  const hint = byTestId(testId, { "data-valid": String(verdict.valid) }).filter({ hasText: verdict.valid ? verdict.normalized : verdict.message! });
  return { valid: await hint.getAttribute("data-valid"), text: await textOf(hint), message: verdict.message, normalized: verdict.normalized };
}

describeInBrowser("the web console, as a person uses it", () => {
  beforeAll(async () => {
    await truncateTables();
    // The build of the template made in the browser stops before its last phase (its phase
    // write waits) until released: the detail page, polling about once a second, surely sees
    // it between its phases however slow the machine. (Not on the embedded database, where no
    // write can be held: there the steps follow the build to ready.)
    db = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
    if (process.env.CUBICLE_TEST_EMBEDDED !== "1") buildHeld = await holdWrites(db, {
      table: "builds",
      on: "UPDATE",
      where: `NEW.phase = 'distributing' AND OLD.phase IS DISTINCT FROM NEW.phase AND EXISTS (SELECT 1 FROM templates WHERE id = NEW.template_id AND name_key = '${CREATED.toLowerCase()}')`,
    });
    // A statement timeout the held phase write cannot run into.
    cluster = await startConsoleCluster(MASTER_TOKEN, { masterEnv: { DB_STATEMENT_TIMEOUT_MS: "60000" } });
    const taken = await cluster.gateway.api.post("/templates", { name: TAKEN, image: "alpine:3.20" });
    expect(taken.status).toBe(202);
    ui = await openBrowser(cluster.gateway.url);
    page = ui.page;
  }, 60_000);

  afterAll(async () => {
    await buildHeld?.release(); // first, if a failed step left the build held: master's stop would wait for it
    await ui?.close();
    await stopAllServices();
    await db?.end();
  });

  test("a wrong key is refused with the API's message in place; the right key opens the templates list", async () => {
    await page.goto("/console/");
    await page.waitForURL(/\/console\/sign-in$/);
    await page.getByTestId("sign-in-api-key").fill(`wrong-key-${randomBytes(8).toString("hex")}`);
    await page.getByTestId("sign-in-submit").click();
    const error = page.getByTestId("sign-in-error");
    expect(await textOf(error)).toContain("the API key is not valid");
    expect(await textOf(error.getByTestId("api-error-request-id"))).toMatch(/^[0-9a-f-]{36}$/);
    await ui.shot("01-sign-in-refused");

    await page.getByTestId("sign-in-api-key").fill(cluster.gateway.apiKey);
    await page.getByTestId("sign-in-submit").click();
    await page.waitForURL(/\/console\/templates$/);
    await titleBecomes("Templates");
    await byTestId("template-row").first().waitFor();
    await ui.shot("02-templates");
  });

  test("the create form says why a name is refused and disables submit, shows how a good name is stored, and opens the new template", async () => {
    await page.getByTestId("nav-templates").click();
    await page.getByTestId("templates-create").click();
    const name = page.getByTestId("create-name");
    const submit = page.getByTestId("create-submit");

    await name.fill("tpl-nope");
    const reserved = await hintFor("create-name-hint", "tpl-nope");
    expect(reserved.valid).toBe("false");
    expect(reserved.text).toContain(reserved.message);
    expect(await submit.isDisabled()).toBe(true);
    await ui.shot("03-create-name-reserved");

    await name.fill("my app");
    const spaced = await hintFor("create-name-hint", "my app");
    expect(spaced.valid).toBe("false");
    expect(await submit.isDisabled()).toBe(true);
    await ui.shot("04-create-name-invalid-chars");

    await name.fill(TYPED);
    const good = await hintFor("create-name-hint", TYPED);
    expect({ valid: good.valid, normalized: good.normalized }).toEqual({ valid: "true", normalized: "data-pipeline" });
    expect(await submit.isEnabled()).toBe(true);
    await ui.shot("05-create-name-valid");

    await submit.click();
    await page.waitForURL(/\/console\/templates\/tpl-[0-9a-f]+$/);
    templateID = decodeURIComponent(page.url().split("/").at(-1)!);
    await titleBecomes(CREATED);
  });

  test("the detail page follows the build's phases and log live until the template is ready", async () => {
    if (buildHeld) {
      // While it builds (held before its last phase): a phase at work, the ones before it done.
      await byTestId("build-phase", { "data-state": "active" }).first().waitFor();
      await ui.shot("06-template-building");
      await page.locator('body:has([data-testid="build-phase"][data-state="done"]):has([data-testid="build-phase"][data-state="active"])').waitFor();
      await buildHeld.release();
    }

    await byTestId("template-status", { "data-status": "ready" }).first().waitFor();
    await byTestId("build-log-line").filter({ hasText: "template is ready" }).waitFor();
    await byTestId("build-phase", { "data-state": "done" }).nth(2).waitFor();
    const phases = await byTestId("build-phase").evaluateAll((els) => els.map((el) => [el.getAttribute("data-phase"), el.getAttribute("data-state")]));
    expect(phases).toEqual([
      ["pulling", "done"],
      ["building", "done"],
      ["distributing", "done"],
    ]);
    expect(await byTestId("build-row").first().getAttribute("data-status")).toBe("ready");
    await ui.shot("07-template-ready");
  });

  test("renaming to a name the team holds shows the 409 message with its request id in place; a free name renames", async () => {
    const input = page.getByTestId("rename-input");
    await input.fill(TAKEN);
    await page.getByTestId("rename-submit").click();
    const error = page.getByTestId("rename-error");
    expect(await textOf(error.getByTestId("api-error-message"))).toContain(TAKEN);
    expect(await textOf(error.getByTestId("api-error-request-id"))).toMatch(/^[0-9a-f-]{36}$/);
    expect(await textOf(page.getByTestId("page-title"))).toBe(CREATED);
    // The refusal speaks for this input: the live hint would only say the same again.
    expect(await page.getByTestId("rename-hint").count()).toBe(0);
    await ui.shot("08-rename-taken");

    await input.fill(RENAMED);
    await page.getByTestId("rename-submit").click();
    await page.getByTestId("page-title").filter({ hasText: RENAMED }).waitFor();
    await error.waitFor({ state: "detached" });
    await ui.shot("09-renamed");
  });

  test("a sandbox started from the template runs in the sandboxes list, pauses, resumes, and is gone after a confirmed kill", async () => {
    await page.getByTestId("start-sandbox").click();
    await page.waitForURL(/\/console\/sandboxes/);
    const row = byTestId("sandbox-row").filter({ has: page.getByTestId("sandbox-template").filter({ hasText: RENAMED }) });
    await row.and(byTestId("sandbox-row", { "data-state": "running" })).waitFor();
    const sandboxID = (await row.getAttribute("data-sandbox-id"))!;
    // The page says which sandbox the template's button started.
    await page.getByTestId("sandbox-create-success").filter({ hasText: sandboxID }).waitFor();
    expect(await textOf(row.getByTestId("sandbox-node"))).toMatch(/^e2e-node-/);
    expect(await textOf(row.getByTestId("sandbox-state"))).toBe("Running");
    // The template by its name, a link to its page.
    expect(await row.getByTestId("sandbox-template").getAttribute("href")).toBe(`/console/templates/${templateID}`);
    await ui.shot("10-sandbox-running");

    // A second one from the page's own form, with metadata to filter by.
    await page.getByTestId("sandbox-create").click();
    await page.getByTestId("sandbox-create-template").fill(RENAMED);
    await page.getByTestId("sandbox-create-metadata").fill("owner=ana, purpose=e2e");
    await ui.shot("11-sandbox-create-form");
    await page.getByTestId("sandbox-create-submit").click();
    const tagged = byTestId("sandbox-row").filter({ hasText: "owner=ana" });
    const taggedID = (await tagged.getAttribute("data-sandbox-id"))!;
    await page.getByTestId("sandbox-create-success").filter({ hasText: taggedID }).waitFor();
    await ui.shot("12-sandbox-started");
    await page.getByTestId("metadata-filter").fill("owner=ana");
    await byTestId("sandbox-row", { "data-sandbox-id": sandboxID }).waitFor({ state: "detached" });
    expect(await byTestId("sandbox-row").count()).toBe(1);
    await page.getByTestId("metadata-filter").fill("");
    await byTestId("sandbox-row", { "data-sandbox-id": sandboxID }).waitFor();

    const mine = byTestId("sandbox-row", { "data-sandbox-id": sandboxID });
    await mine.getByTestId("sandbox-pause").click();
    await byTestId("sandbox-row", { "data-sandbox-id": sandboxID, "data-state": "paused" }).waitFor();
    await page.getByTestId("state-paused").click();
    await byTestId("sandbox-row").filter({ hasText: "owner=ana" }).waitFor({ state: "detached" });
    expect(await byTestId("sandbox-row").count()).toBe(1);
    await ui.shot("13-sandbox-paused");

    await mine.getByTestId("sandbox-resume").click();
    await byTestId("sandboxes-empty").waitFor();
    await page.getByTestId("state-running").click();
    await byTestId("sandbox-row", { "data-sandbox-id": sandboxID, "data-state": "running" }).waitFor();
    await page.getByTestId("state-all").click();

    await mine.getByTestId("sandbox-kill").click();
    const confirm = page.getByTestId("sandbox-kill-confirm");
    expect(await textOf(confirm)).toContain(sandboxID);
    await ui.shot("14-sandbox-kill-confirm");
    await confirm.getByTestId("sandbox-kill-confirm-submit").click();
    await confirm.waitFor({ state: "detached" });
    await mine.waitFor({ state: "detached" });
    // Gone for the API too, not only from the rows shown.
    expect((await cluster.gateway.api.get(`/sandboxes/${sandboxID}`)).status).toBe(404);
    await page.getByTestId("sandboxes-refresh").click();
    await tagged.waitFor();
    expect(await mine.count()).toBe(0);
    await ui.shot("15-sandbox-killed");
  });

  test("switching to 中文 translates the navigation and the page, a reload keeps it, and sign-out returns to sign-in", async () => {
    await page.getByTestId("language-zh").click();
    await page.getByTestId("nav-templates").filter({ hasText: "模板" }).waitFor();
    expect(await textOf(page.getByTestId("nav-sandboxes"))).toBe("沙箱");
    await titleBecomes("沙箱");
    expect(await textOf(page.getByTestId("sandbox-create"))).toBe("启动沙箱");
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
    await ui.shot("16-sandboxes-zh");

    await page.reload();
    await titleBecomes("沙箱");
    expect(await textOf(page.getByTestId("sign-out"))).toBe("退出登录");
    await page.getByTestId("nav-templates").click();
    await titleBecomes("模板");
    await byTestId("template-row").first().waitFor();
    await ui.shot("17-templates-zh-after-reload");

    await page.getByTestId("sign-out").click();
    await page.waitForURL(/\/console\/sign-in$/);
    await titleBecomes("登录 Cubicle");
    await ui.shot("18-signed-out");
    expect(ui.pageErrors).toEqual([]);
  });
});
