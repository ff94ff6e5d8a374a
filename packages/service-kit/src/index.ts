export * from "./logger.js";
export * from "./request-context.js";
export * from "./errors.js";
export * from "./app.js";
// Re-exported so that every user of the kit sees pino-http's `req.log` and `req.id` on requests.
export type { HttpLogger } from "pino-http";
export * from "./process.js";
