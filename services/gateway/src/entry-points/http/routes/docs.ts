// `/docs/`: a reference of the API to read and try, Swagger UI rendering `/openapi.json`.
// Swagger UI's files come from the swagger-ui-dist package (no CDN), our own page and
// initializer from here; only the files the page loads are served from the package (not its
// sample page, which points at another API). "Authorize" takes an API key (X-API-Key); in a tab
// signed in to the console, the console's key is filled in. Open to all, registered before the
// key check; its files never reach master.
import { createRequire } from "node:module";
import { dirname } from "node:path";
import type { IRouter } from "express";
import { CubicleError, echo } from "@cubicle/contracts";
import { pageSecurity } from "../middleware/page-security.js";
import { readsOnly, slashRedirect } from "./console.js";

/** swagger-ui-dist's files the page loads. */
const PACKAGE_FILES = new Set(["swagger-ui.css", "swagger-ui-bundle.js", "index.css", "favicon-32x32.png", "favicon-16x16.png"]);

/** The swagger-ui-dist package's folder, wherever it is installed. */
export function swaggerUiDir(): string {
  return dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
}

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Cubicle API reference</title>
    <link rel="icon" type="image/png" href="./favicon-32x32.png" sizes="32x32" />
    <link rel="stylesheet" href="./swagger-ui.css" />
    <link rel="stylesheet" href="./index.css" />
    <link rel="stylesheet" href="./docs.css" />
  </head>
  <body>
    <header class="cubicle-bar"><a href="/console/">Cubicle console</a><span>API reference</span></header>
    <div id="swagger-ui"></div>
    <script src="./swagger-ui-bundle.js" charset="utf-8"></script>
    <script src="./initializer.js" charset="utf-8"></script>
  </body>
</html>
`;

// The console keeps its session's key in sessionStorage under "cubicle.apiKey" (packages/console/src/api.ts).
const INITIALIZER = `"use strict";
window.addEventListener("load", function () {
  var ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    onComplete: function () {
      var key = null;
      try {
        key = window.sessionStorage.getItem("cubicle.apiKey");
      } catch (e) {
        key = null;
      }
      if (key) ui.preauthorizeApiKey("ApiKeyAuth", key);
    },
  });
  window.ui = ui;
});
`;

const STYLE = `.cubicle-bar { display: flex; gap: 16px; align-items: center; padding: 10px 20px; background: #1c7ed6; color: #fff; font: 14px/1.4 system-ui, sans-serif; }
.cubicle-bar a { color: #fff; font-weight: 600; text-decoration: none; }
.cubicle-bar a:hover { text-decoration: underline; }
.cubicle-bar span { opacity: 0.85; }
`;

/** Our own files of the page: type and body. */
const OWN_FILES = new Map([
  ["/", { type: "html", body: PAGE }],
  ["/index.html", { type: "html", body: PAGE }],
  ["/initializer.js", { type: "js", body: INITIALIZER }],
  ["/docs.css", { type: "css", body: STYLE }],
]);

export function docsRoutes(r: IRouter, options: { dir?: string } = {}): void {
  const dir = options.dir ?? swaggerUiDir();
  r.use("/docs", pageSecurity, (req, res, next) => {
    if (!readsOnly(req)) return next();
    if (slashRedirect(req, res, "/docs/")) return;
    const own = OWN_FILES.get(req.path);
    if (own) {
      res.setHeader("Cache-Control", "no-cache");
      res.type(own.type).send(own.body);
      return;
    }
    const name = req.path.slice(1);
    if (!PACKAGE_FILES.has(name)) return next(new CubicleError("not_found", `no such file: ${echo(req.originalUrl.split("?", 1)[0] ?? "")}`));
    // `root`: send checks for dotfiles only below it, and the package is under node_modules/.pnpm.
    res.sendFile(name, { root: dir, headers: { "Cache-Control": "no-cache" } }, (err) => {
      if (err && !res.headersSent) next(err);
    });
  });
}
