import { ERROR_STATUS } from "@cubicle/contracts";

/** The pieces the gateway's OpenAPI document is built from (openapi-document.ts, openapi-teams.ts). */

type Schema = { properties?: Record<string, unknown>; required?: readonly string[] };

/** A params or query schema, as OpenAPI's list of parameters. */
function parameters(where: "path" | "query", schema: Schema) {
  return Object.entries(schema.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === "path" || (schema.required ?? []).includes(name),
    schema: s,
    ...((s as { description?: string }).description && { description: (s as { description: string }).description }),
  }));
}

export const json = (schema: unknown) => ({ content: { "application/json": { schema } } });
export const ok = (description: string, schema: unknown) => ({ description, ...json(schema) });
export const errorRef = { $ref: "#/components/schemas/Error" };

export type Code = keyof typeof ERROR_STATUS;

/** Every error a route that reaches master can answer, by code: status and the shared error body. */
export function errors(...codes: Code[]) {
  return errorResponses(["unauthorized", "rate_limited", "upstream_unavailable", "upstream_error", ...codes]);
}

/** The same for a route that changes something: its body may be of the wrong type, and its outcome unknown. */
export function writeErrors(...codes: Code[]) {
  return errors("unsupported_media_type", "upstream_timeout", ...codes);
}

export function errorResponses(codes: Code[]) {
  const byStatus = new Map<number, string[]>();
  for (const code of new Set(codes)) {
    const status = ERROR_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries([...byStatus].map(([status, list]) => [String(status), { description: list.join(", "), ...json(errorRef) }]));
}

export type HeaderParam = { name: string; in: "header"; required: false; schema: unknown; description: string };

export function operation(summary: string, spec: { params?: Schema; query?: Schema; headers?: HeaderParam[]; body?: unknown; responses: Record<string, unknown> }) {
  const params = [...(spec.params ? parameters("path", spec.params) : []), ...(spec.query ? parameters("query", spec.query) : []), ...(spec.headers ?? [])];
  return {
    summary,
    ...(params.length > 0 && { parameters: params }),
    ...(spec.body !== undefined && { requestBody: { required: true, ...json(spec.body) } }),
    responses: spec.responses,
  };
}
