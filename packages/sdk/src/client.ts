// The client: one transport (key, retries, errors) shared by the API's parts.
import { createTransport, type TransportOptions } from "./transport.js";
import { templatesApi } from "./resources/templates.js";
import { sandboxesApi } from "./resources/sandboxes.js";
import { keysApi, teamsApi } from "./resources/keys.js";

export interface CubicleOptions extends Omit<TransportOptions, "apiUrl"> {
  /** The gateway's address (default: the page's origin in a browser, else http://127.0.0.1:3000). */
  apiUrl?: string;
}

const defaultApiUrl = (): string => (typeof location !== "undefined" && location.origin !== "null" ? location.origin : "http://127.0.0.1:3000");

/**
 * ```ts
 * const cubicle = new Cubicle({ apiUrl: "http://127.0.0.1:3000", apiKey: process.env.CUBICLE_API_KEY });
 * const { templateID, buildID } = await cubicle.templates.create({ name: "my-app", image: "alpine:3.20" });
 * await cubicle.templates.waitForBuild(templateID, buildID);
 * const sandbox = await cubicle.sandboxes.create({ templateID: "my-app" });
 * ```
 */
export class Cubicle {
  readonly apiUrl: string;
  readonly templates;
  readonly sandboxes;
  readonly keys;
  readonly teams;

  constructor(options: CubicleOptions = {}) {
    this.apiUrl = (options.apiUrl ?? defaultApiUrl()).replace(/\/+$/, "");
    const request = createTransport({ ...options, apiUrl: this.apiUrl });
    this.templates = templatesApi(request);
    this.sandboxes = sandboxesApi(request);
    this.keys = keysApi(request);
    this.teams = teamsApi(request);
  }
}
