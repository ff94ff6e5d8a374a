// Drives the web console in a real browser: Debian's Chromium (`apt-get install -y chromium`)
// through playwright-core, headless, against the real gateway, master and node agent
// processes. Without Chromium (a machine that could not install it) the browser tests are
// skipped, saying why. Screenshots go to .data/screenshots (or CONSOLE_SCREENSHOTS).
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe } from "@jest/globals";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { repoRoot, startAgentProcess, startGatewayProcess, startMasterProcess, type GatewayProcess, type MasterProcess } from "./support.js";

export const chromiumPath = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p): p is string => !!p && existsSync(p));
if (!chromiumPath) console.warn("Chromium is not installed (apt-get install -y chromium): the console's browser tests are skipped");

/** `describe` where Chromium is installed, else `describe.skip`. */
export const describeInBrowser: typeof describe.skip = chromiumPath ? describe : describe.skip;

export const SCREENSHOTS = process.env.CONSOLE_SCREENSHOTS ?? join(repoRoot, ".data", "screenshots");

/** Flags for a root user on a closed network (no sandbox, no background connections). */
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"];

export interface ConsoleCluster {
  master: MasterProcess;
  gateway: GatewayProcess;
}

/**
 * Master (builds slow enough to watch: `buildPhaseDelayMs` a phase, 400 unless said; and
 * `masterEnv`), one node agent and a gateway.
 */
export async function startConsoleCluster(masterToken: string, options: { buildPhaseDelayMs?: number; masterEnv?: Record<string, string> } = {}): Promise<ConsoleCluster> {
  const master = await startMasterProcess({ MASTER_TOKEN: masterToken, BUILD_PHASE_DELAY_MS: String(options.buildPhaseDelayMs ?? 400), ...options.masterEnv });
  await startAgentProcess(master.url, { MASTER_TOKEN: masterToken });
  const gateway = await startGatewayProcess(master.url, { MASTER_TOKEN: masterToken });
  return { master, gateway };
}

export interface ConsoleBrowser {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Saves a full-page screenshot as <SCREENSHOTS>/<name>.png. */
  shot(name: string): Promise<void>;
  /** Uncaught errors of the page's scripts so far (a console that throws is broken even if the test's steps pass). */
  pageErrors: string[];
  close(): Promise<void>;
}

/** A fresh browser profile on the console, in `locale` (the console's default language follows it). */
export async function openBrowser(baseUrl: string, options: { locale?: string; width?: number; height?: number } = {}): Promise<ConsoleBrowser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ baseURL: baseUrl, locale: options.locale ?? "en-US", viewport: { width: options.width ?? 1280, height: options.height ?? 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const pageErrors: string[] = [];
  page.on("pageerror", (err) => pageErrors.push(err.message));
  return {
    browser,
    context,
    page,
    // Transitions run to their end first: a dialog is caught open, not fading in.
    shot: async (name) => void (await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: "disabled" })),
    pageErrors,
    close: () => browser.close(),
  };
}
