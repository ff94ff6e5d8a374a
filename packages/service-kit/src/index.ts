export * from "./logger.js";
export * from "./request-context.js";
export * from "./errors.js";
export * from "./app.js";
export * from "./process.js";
export * from "./http-server.js";
export * from "./memo-cache.js";
export * from "./secrets.js";
