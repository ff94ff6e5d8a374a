// Names for the shapes of the API, read out of the generated `paths` (src/generated/openapi.ts,
// made from the gateway's /openapi.json). Nothing here is written by hand but the names: when
// the API changes and the file is generated again, every use that no longer fits fails `tsc`.
import type { paths } from "./generated/openapi.js";

type Json<T> = T extends { content: { "application/json": infer B } } ? B : never;
/** Query strings that carry numbers (`limit`, `cursor`) may be given as numbers. */
type Loose<Q> = { [K in keyof Q]: Q[K] extends string | undefined ? Q[K] | number : Q[K] };
type Op<P extends keyof paths, M extends string> = M extends keyof paths[P] ? paths[P][M] : never;

/** The JSON body of the answer `status` to `method path`. */
export type ResponseOf<P extends keyof paths, M extends string, S extends number> = Op<P, M> extends { responses: infer R } ? (S extends keyof R ? Json<R[S]> : never) : never;
/** The JSON body `method path` takes. */
export type BodyOf<P extends keyof paths, M extends string> = Op<P, M> extends { requestBody?: infer B } ? Json<NonNullable<B>> : never;
/** The query parameters of `method path`. */
export type QueryOf<P extends keyof paths, M extends string> = Op<P, M> extends { parameters: { query?: infer Q } } ? Loose<NonNullable<Q>> : never;

// ---- templates and names -------------------------------------------------------------------
export type Template = ResponseOf<"/templates", "get", 200>[number];
export type TemplateDetail = ResponseOf<"/templates/{ref}", "get", 200>;
export type TemplateBuild = TemplateDetail["builds"][number];
export type CreateTemplateInput = BodyOf<"/templates", "post">;
export type TemplateCreated = ResponseOf<"/templates", "post", 202>;
export type RebuildInput = BodyOf<"/templates/{ref}", "post">;
export type UpdateTemplateInput = BodyOf<"/templates/{ref}", "patch">;
export type TemplateUpdated = ResponseOf<"/templates/{ref}", "patch", 200>;
export type BuildStatus = ResponseOf<"/templates/{ref}/builds/{buildID}/status", "get", 200>;
export type BuildLogEntry = BuildStatus["logEntries"][number];
export type BuildLogs = ResponseOf<"/templates/{ref}/builds/{buildID}/logs", "get", 200>;
export type BuildLogsQuery = QueryOf<"/templates/{ref}/builds/{buildID}/logs", "get">;
export type TemplateTag = ResponseOf<"/templates/{ref}/tags", "get", 200>[number];
export type TagsAssigned = ResponseOf<"/templates/tags", "post", 201>;
export type Lookup = ResponseOf<"/templates/lookup", "get", 200>;
export type NameVerdict = ResponseOf<"/names/validate", "get", 200>;

// ---- sandboxes -----------------------------------------------------------------------------
export type CreateSandboxInput = BodyOf<"/v2/sandboxes", "post">;
export type Sandbox = ResponseOf<"/v2/sandboxes", "post", 201>;
export type ListedSandbox = ResponseOf<"/v2/sandboxes", "get", 200>[number];
export type SandboxDetail = ResponseOf<"/sandboxes/{sandboxID}", "get", 200>;
export type SandboxLogs = ResponseOf<"/v2/sandboxes/{sandboxID}/logs", "get", 200>;
export type SandboxLogsQuery = QueryOf<"/v2/sandboxes/{sandboxID}/logs", "get">;
export type SandboxMetric = ResponseOf<"/sandboxes/{sandboxID}/metrics", "get", 200>[number];
export type SandboxState = NonNullable<SandboxDetail["state"]>;

// ---- keys and teams ------------------------------------------------------------------------
export type ApiKey = ResponseOf<"/api-keys", "get", 200>[number];
export type CreatedApiKey = ResponseOf<"/api-keys", "post", 201>;
export type Team = ResponseOf<"/admin/teams", "post", 201>;
export type CreateTeamInput = BodyOf<"/admin/teams", "post">;

/** A page of a list: the items and the token of the next page (null on the last). */
export interface Page<T> {
  items: T[];
  nextToken: string | null;
}
