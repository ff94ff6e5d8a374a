// The web console (/console/) and the API docs (/docs/) the gateway serves: static pages open to
// all, before the API key check and without master (none runs here: nothing listens at
// MASTER_URL), with a strict Content-Security-Policy; the API behind them still wants a key.
// Needs the console built (test:jest builds it first, see scripts/build-console.js).
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createBaseApp, createLogger, errorHandler, requestContext } from "@cubicle/service-kit";
import { closeServer, freePort, listenLocally, rawRequest } from "../../../test-support/http.js";
import { consoleDistDir, consoleRoutes } from "../src/entry-points/http/routes/console.js";
import { PAGE_CSP } from "../src/entry-points/http/middleware/page-security.js";
import { expectGatewayError, startTestGateway, type TestGateway } from "./support.js";

let gateway: TestGateway;
/** A request that follows no redirect, with its body as text. */
const get = async (path: string, init: RequestInit = {}) => {
  const res = await fetch(gateway.url + path, { redirect: "manual", ...init });
  return { status: res.status, headers: res.headers, text: await res.text() };
};

beforeAll(async () => {
  gateway = await startTestGateway({ MASTER_URL: `http://127.0.0.1:${await freePort()}` });
});
afterAll(() => gateway?.close());

/** The hashed script and stylesheet the built index.html loads. */
function builtAssets(): { js: string; css: string } {
  const html = readFileSync(join(consoleDistDir(), "index.html"), "utf8");
  const js = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  const css = /href="(\/console\/assets\/[^"]+\.css)"/.exec(html)?.[1];
  if (!js || !css) throw new Error(`the console's index.html names no script or stylesheet under /console/assets/:\n${html}`);
  return { js, css };
}

const expectPageHeaders = (headers: Headers) => {
  expect(headers.get("content-security-policy")).toBe(PAGE_CSP);
  expect(headers.get("x-content-type-options")).toBe("nosniff");
};

describe("the console", () => {
  test("/ and /console lead to /console/ (302), keeping the query", async () => {
    const root = await get("/");
    expect(root.status).toBe(302);
    expect(root.headers.get("location")).toBe("/console/");
    const bare = await get("/console?lang=zh");
    expect(bare.status).toBe(302);
    expect(bare.headers.get("location")).toBe("/console/?lang=zh");
  });

  test("/console/ serves the app's HTML without an API key, revalidated each time, under a self-only CSP", async () => {
    const r = await get("/console/");
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/^text\/html/);
    expect(r.headers.get("cache-control")).toBe("no-cache");
    expectPageHeaders(r.headers);
    expect(r.text).toContain('<div id="root">');
    // Everything it loads comes from this gateway: it works offline.
    expect(r.text).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(PAGE_CSP).toContain("default-src 'self'");
    expect(PAGE_CSP).toContain("script-src 'self';");
    const modified = r.headers.get("last-modified");
    expect(modified).toBeTruthy();
    // By node:http: fetch adds Cache-Control: no-cache to a conditional request.
    expect((await rawRequest(gateway.url, { path: "/console/", headers: { "if-modified-since": modified! } })).status).toBe(304);
  });

  test.each(["/console/templates", "/console/templates/tpl-abc", "/console/sandboxes/abc?tab=logs", "/console/sign-in"])(
    "a deep link (%s) answers the app's index.html, for the app's router to show the page",
    async (path) => {
      const r = await get(path);
      expect(r.status).toBe(200);
      expect(r.headers.get("content-type")).toMatch(/^text\/html/);
      expect(r.headers.get("cache-control")).toBe("no-cache");
      expect(r.text).toBe(readFileSync(join(consoleDistDir(), "index.html"), "utf8"));
    },
  );

  test("the hashed script and stylesheet are served with a year's immutable cache", async () => {
    const { js, css } = builtAssets();
    const script = await get(js);
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toMatch(/^(text|application)\/javascript/);
    expect(script.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expectPageHeaders(script.headers);
    const style = await get(css);
    expect(style.status).toBe(200);
    expect(style.headers.get("content-type")).toMatch(/^text\/css/);
    expect(style.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  });

  test("a missing file under /console/assets/ is a 404 not_found in the API's error shape, not the app's HTML", async () => {
    const r = await gateway.anon.get("/console/assets/index-gone123.js");
    expectGatewayError(r, 404, "not_found");
    expect(r.body.message).toContain("/console/assets/index-gone123.js");
  });

  test("the build's stamp (a dotfile) is not served: the path is a page like any other", async () => {
    const r = await get("/console/.build-hash");
    expect(r.status).toBe(200);
    expect(r.text).toContain('<div id="root">');
  });

  test("other methods under /console are a 404 without asking for a key", async () => {
    expectGatewayError(await gateway.anon.post("/console/templates", {}), 404, "not_found");
  });
});

describe("the API docs", () => {
  test("/docs leads to /docs/ (302)", async () => {
    const r = await get("/docs");
    expect(r.status).toBe(302);
    expect(r.headers.get("location")).toBe("/docs/");
  });

  test("/docs/ is Swagger UI from this gateway, rendering /openapi.json, with its stylesheet and script", async () => {
    const page = await get("/docs/");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expectPageHeaders(page.headers);
    expect(page.text).not.toMatch(/(src|href)="(https?:)?\/\//);
    for (const file of ["./swagger-ui.css", "./swagger-ui-bundle.js", "./initializer.js"]) expect(page.text).toContain(file);

    const init = await get("/docs/initializer.js");
    expect(init.status).toBe(200);
    expect(init.headers.get("content-type")).toMatch(/javascript/);
    expect(init.text).toContain('url: "/openapi.json"');
    expect(init.text).toContain('preauthorizeApiKey("ApiKeyAuth"');

    const css = await get("/docs/swagger-ui.css");
    expect(css.status).toBe(200);
    expect(css.headers.get("content-type")).toMatch(/^text\/css/);
    expect(css.text).toContain(".swagger-ui");
    const js = await get("/docs/swagger-ui-bundle.js");
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toMatch(/javascript/);
    expect(js.text).toContain("SwaggerUIBundle");
  });

  test("only the files the page loads are served from the package: its sample page's initializer and its manifest are 404", async () => {
    expectGatewayError(await gateway.anon.get("/docs/swagger-initializer.js"), 404, "not_found");
    expectGatewayError(await gateway.anon.get("/docs/package.json"), 404, "not_found");
  });

  test("the description the page renders is open too", async () => {
    const r = await gateway.anon.get("/openapi.json");
    expect(r.status).toBe(200);
    expect(r.body.components.securitySchemes.ApiKeyAuth).toEqual({ type: "apiKey", in: "header", name: "X-API-Key" });
  });
});

test("the API behind the pages still wants a key: 401 without one", async () => {
  expectGatewayError(await gateway.anon.get("/templates"), 401, "unauthorized");
  expectGatewayError(await gateway.anon.get("/api-keys"), 401, "unauthorized");
  expectGatewayError(await gateway.anon.get("/consoles"), 401, "unauthorized");
});

test("a console that was not built answers 503 service_unavailable saying how to build it", async () => {
  const empty = mkdtempSync(join(tmpdir(), "console-unbuilt-"));
  const app = createBaseApp();
  app.use(requestContext(createLogger("silent", "test")));
  consoleRoutes(app, { dir: empty });
  app.use(errorHandler());
  const server = createServer(app);
  try {
    const url = await listenLocally(server);
    const r = await fetch(`${url}/console/templates`);
    const body = (await r.json()) as { message: string };
    expect(r.status).toBe(503);
    expect(body).toMatchObject({ code: 503, error_code: "service_unavailable" });
    expect(body.message).toMatch(/not built.*pnpm build/);
  } finally {
    await closeServer(server);
    rmSync(empty, { recursive: true, force: true });
  }
});
