// @cubicle/sdk: a typed client for Cubicle's public API, on fetch (Node and browsers).
export { Cubicle, type CubicleOptions } from "./client.js";
export * from "./errors.js";
export type * from "./api-types.js";
export type { RetryOptions, TransportOptions } from "./transport.js";
export type { ListTemplatesOptions, WriteOptions } from "./resources/templates.js";
export type { ListSandboxesOptions, CreateSandboxOptions } from "./resources/sandboxes.js";
export type { WatchOptions } from "./resources/build-watch.js";
export type { paths, components } from "./generated/openapi.js";
