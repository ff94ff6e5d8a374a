// Templates, their builds, tags and display names: the calls E2B's SDK has and those it has
// not (rename, clear a name, search, lookup, validate a name before creating).
import type {
  BuildLogs,
  BuildLogsQuery,
  BuildStatus,
  CreateTemplateInput,
  Lookup,
  NameVerdict,
  Page,
  RebuildInput,
  TagsAssigned,
  Template,
  TemplateCreated,
  TemplateDetail,
  TemplateTag,
  TemplateUpdated,
  UpdateTemplateInput,
} from "../api-types.js";
import { pathSegment, type Query, type Transport } from "../transport.js";
import { watchBuild, type WatchOptions } from "./build-watch.js";

const enc = pathSegment;

export interface ListTemplatesOptions {
  /** Only templates whose display name contains this (any letter case). */
  name?: string;
  /** At most this many (1–1000). */
  limit?: number;
  /** The `nextToken` of the previous page. */
  nextToken?: string;
  signal?: AbortSignal;
}

export interface WriteOptions {
  /** Your own `Idempotency-Key` (default: one made for this call, kept across its retries). */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

export function templatesApi(request: Transport) {
  const api = {
    /** A page of the team's templates, newest first. */
    async list(options: ListTemplatesOptions = {}): Promise<Page<Template>> {
      const { data, headers } = await request<Template[]>({ method: "GET", path: "/templates", query: { name: options.name, limit: options.limit, nextToken: options.nextToken }, signal: options.signal });
      return { items: data, nextToken: headers.get("x-next-token") };
    },

    /** Every template of the team (or matching `name`), page after page. */
    async *listAll(options: Omit<ListTemplatesOptions, "nextToken"> = {}): AsyncGenerator<Template> {
      let nextToken: string | undefined;
      do {
        const page = await api.list({ ...options, ...(nextToken && { nextToken }) });
        yield* page.items;
        nextToken = page.nextToken ?? undefined;
      } while (nextToken);
    },

    /** A template with its builds (newest first); `ref` is a display name, `name:tag` or `tpl-…` id. */
    async get(ref: string, signal?: AbortSignal): Promise<TemplateDetail> {
      return (await request<TemplateDetail>({ method: "GET", path: `/templates/${enc(ref)}`, signal })).data;
    },

    /** Creates a template (optionally named) and starts its first build. Retried safely (Idempotency-Key). */
    async create(input: CreateTemplateInput, options: WriteOptions = {}): Promise<TemplateCreated> {
      return (await request<TemplateCreated>({ method: "POST", path: "/templates", body: input, idempotent: true, headers: { "idempotency-key": options.idempotencyKey }, signal: options.signal })).data;
    },

    /** Starts a new build, optionally from another image or with another size. Retried safely (Idempotency-Key). */
    async rebuild(ref: string, input: RebuildInput = {}, options: WriteOptions = {}): Promise<TemplateCreated> {
      return (await request<TemplateCreated>({ method: "POST", path: `/templates/${enc(ref)}`, body: input, idempotent: true, headers: { "idempotency-key": options.idempotencyKey }, signal: options.signal })).data;
    },

    /** Renames and/or publishes a template (`name: null` clears its name). */
    async update(ref: string, input: UpdateTemplateInput, signal?: AbortSignal): Promise<TemplateUpdated> {
      return (await request<TemplateUpdated>({ method: "PATCH", path: `/templates/${enc(ref)}`, body: input, signal })).data;
    },
    /** Gives a template a new display name (409 `name_taken` when the team holds it). */
    rename: (ref: string, name: string, signal?: AbortSignal) => api.update(ref, { name }, signal),
    /** Removes a template's display name; it keeps its id. */
    clearName: (ref: string, signal?: AbortSignal) => api.update(ref, { name: null }, signal),
    /** Makes a template public (other teams may start sandboxes from it) or private again. */
    setPublic: (ref: string, isPublic: boolean, signal?: AbortSignal) => api.update(ref, { public: isPublic }, signal),

    /** Deletes a template and its builds. */
    async delete(ref: string, signal?: AbortSignal): Promise<void> {
      await request({ method: "DELETE", path: `/templates/${enc(ref)}`, signal });
    },

    /** The template holding a display name (or `name:tag`). */
    async lookup(name: string, signal?: AbortSignal): Promise<Lookup> {
      return (await request<Lookup>({ method: "GET", path: "/templates/lookup", query: { name }, signal })).data;
    },

    /** Whether `name` can name a new template: the normalized form, or why not (including `taken`). */
    async validateName(name: string, signal?: AbortSignal): Promise<NameVerdict> {
      return (await request<NameVerdict>({ method: "GET", path: "/names/validate", query: { name }, signal })).data;
    },

    /** A build's status and its log from `logsOffset` on. */
    async buildStatus(ref: string, buildID: string, query: { logsOffset?: number; limit?: number; level?: string } = {}, signal?: AbortSignal): Promise<BuildStatus> {
      return (await request<BuildStatus>({ method: "GET", path: `/templates/${enc(ref)}/builds/${enc(buildID)}/status`, query, signal })).data;
    },

    /** A window of a build's log (by time, either direction, by level). */
    async buildLogs(ref: string, buildID: string, query: BuildLogsQuery = {}, signal?: AbortSignal): Promise<BuildLogs> {
      return (await request<BuildLogs>({ method: "GET", path: `/templates/${enc(ref)}/builds/${enc(buildID)}/logs`, query: query as Query, signal })).data;
    },

    /** Follows a build until it is ready or failed, reporting each new log entry and status; resolves with the last status. */
    waitForBuild: (ref: string, buildID: string, options: WatchOptions = {}): Promise<BuildStatus> => watchBuild(api.buildStatus, ref, buildID, options),

    /** The template's tags, each naming one ready build. */
    async tags(ref: string, signal?: AbortSignal): Promise<TemplateTag[]> {
      return (await request<TemplateTag[]>({ method: "GET", path: `/templates/${enc(ref)}/tags`, signal })).data;
    },
    /** Points `tags` at the build `target` names (`name` for the ready build, or `name:tag`). */
    async assignTags(target: string, tags: string[], signal?: AbortSignal): Promise<TagsAssigned> {
      return (await request<TagsAssigned>({ method: "POST", path: "/templates/tags", body: { target, tags }, signal })).data;
    },
    /** Removes tags from a template (all or none; `default` cannot be removed). */
    async removeTags(name: string, tags: string[], signal?: AbortSignal): Promise<void> {
      await request({ method: "DELETE", path: "/templates/tags", body: { name, tags }, signal });
    },
  };
  return api;
}
