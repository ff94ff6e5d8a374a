// The web console (packages/console: a single-page app Vite builds into its dist/) at
// /console/, served by the gateway whose API it calls: same origin, so no CORS and no server
// of its own. Open to all (the console asks for an API key and sends it with each call) and
// registered before the key check; its files never reach master. `/` leads to it.
//
// Vite's hashed files (/console/assets/…) are cached for a year; everything else is
// revalidated (no-cache, with Last-Modified). Any other path under /console that is not a file
// is a page of the app (a deep link such as /console/templates/tpl-abc): it answers index.html,
// and the app's router shows the page. A missing file under /console/assets/ is a 404: an old
// page asking for the files of a build that was replaced must not get HTML for its script.
import { createRequire } from "node:module";
import { dirname, join, sep } from "node:path";
import express, { type IRouter, type NextFunction, type Request, type Response } from "express";
import { CubicleError, echo } from "@cubicle/contracts";
import { pageSecurity } from "../middleware/page-security.js";

const ASSETS_CACHE = "public, max-age=31536000, immutable";
const NOT_BUILT = "the web console is not built: `pnpm build` (or `npm start`) builds packages/console into its dist/";

/** The console's build (packages/console/dist), found through the package wherever it is installed. */
export function consoleDistDir(): string {
  return join(dirname(createRequire(import.meta.url).resolve("@cubicle/console/package.json")), "dist");
}

/**
 * A request for the mount point itself (`/console`, `/docs`, with or without a query) → 302 to
 * `to` (`/console/`, `/docs/`), keeping the query: the pages' relative paths need the slash.
 * False (and nothing sent) when the path has it.
 */
export function slashRedirect(req: Request, res: Response, to: string): boolean {
  const rest = req.originalUrl.slice(req.baseUrl.length);
  if (rest.startsWith("/")) return false;
  res.redirect(302, to + rest);
  return true;
}

/** GET and HEAD: what static pages answer. */
export const readsOnly = (req: Request) => req.method === "GET" || req.method === "HEAD";

export function consoleRoutes(r: IRouter, options: { dir?: string } = {}): void {
  const dir = options.dir ?? consoleDistDir();
  const assetsDir = join(dir, "assets") + sep;
  const files = express.static(dir, {
    index: false,
    redirect: false,
    setHeaders: (res, path) => res.setHeader("Cache-Control", path.startsWith(assetsDir) ? ASSETS_CACHE : "no-cache"),
  });

  r.get("/", (req, res) => {
    const query = req.originalUrl.indexOf("?");
    res.redirect(302, `/console/${query < 0 ? "" : req.originalUrl.slice(query)}`);
  });

  r.use(
    "/console",
    pageSecurity,
    (req, res, next) => {
      // Other methods go on to the usual 404 (the path is open: no key is needed to learn that).
      if (!readsOnly(req)) return next();
      if (!slashRedirect(req, res, "/console/")) files(req, res, next);
    },
    (req: Request, res: Response, next: NextFunction) => {
      if (!readsOnly(req)) return next();
      if (/^\/assets\//i.test(req.path)) return next(new CubicleError("not_found", `no such file: ${echo(req.originalUrl.split("?", 1)[0] ?? "")}`));
      // `root`: send checks for dotfiles only below it (the package may be under node_modules/.pnpm).
      res.sendFile("index.html", { root: dir, headers: { "Cache-Control": "no-cache" } }, (err) => {
        if (!err || res.headersSent) return;
        const missing = (err as NodeJS.ErrnoException).code === "ENOENT" || (err as { status?: number }).status === 404;
        next(missing ? new CubicleError("service_unavailable", NOT_BUILT) : err);
      });
    },
  );
}
