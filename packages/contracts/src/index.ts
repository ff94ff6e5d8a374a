export * from "./names.js";
export * from "./ids.js";
export * from "./errors.js";
export * from "./validation.js";
export * from "./master-api.js";
export * from "./config.js";
export * from "./schemas/master.js";
