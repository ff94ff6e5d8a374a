// The headers of the gateway's own web pages (console.ts, docs.ts), which the API's JSON answers do not need.
import type { RequestHandler } from "express";

/**
 * What a browser may load on the gateway's own pages (the console, the API docs): scripts,
 * styles, images and API calls from this origin only; no plugins, no framing, forms and <base>
 * only to this origin. Styles may also be inline: Mantine (the console) and Swagger UI (the docs)
 * write <style> elements and style attributes. Images may be data: URIs (Swagger UI's icons).
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** The security headers of every answer under the console's and the docs' paths. */
export const pageSecurity: RequestHandler = (_req, res, next) => {
  res.setHeader("Content-Security-Policy", PAGE_CSP);
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "same-origin");
  next();
};
