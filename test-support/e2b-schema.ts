/**
 * E2B's API description as a test oracle: `expectE2bResponse(method, path, status, body)`
 * checks a response body against the schema E2B's description gives for that operation and
 * status, so a test can tell that what the gateway answers is what E2B's clients expect to read.
 *
 * It reads `fixtures/e2b-responses.json`: the responses and components of E2B's description,
 * extracted by `scripts/e2b-responses-fixture.js` and committed, so the tests need nothing
 * outside the repository. Where the description itself is beside the repository
 * (`../shared/e2b/openapi.yml`), a test checks that the fixture still matches it.
 *
 * The description is OpenAPI 3.0: its schemas are turned into JSON Schema for ajv (`$ref`s
 * to `#/components/schemas/…` resolved, `nullable: true` as "or null", OpenAPI-only and `x-`
 * keywords left out).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

/** Where E2B's description is kept beside the repository's folder (the fixture's source). */
export const E2B_OPENAPI_PATH = fileURLToPath(new URL("../../shared/e2b/openapi.yml", import.meta.url));
/** What the tests read: the description's responses and components, committed. */
export const E2B_RESPONSES_FIXTURE = fileURLToPath(new URL("./fixtures/e2b-responses.json", import.meta.url));

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface Spec {
  paths: Record<string, Record<string, JsonObject>>;
  components: { schemas: Record<string, Json>; responses: Record<string, JsonObject> };
}

/** OpenAPI 3.0 keywords that are not JSON Schema (or are only notes). */
const OPENAPI_ONLY = new Set(["nullable", "discriminator", "example", "examples", "xml", "externalDocs", "deprecated"]);
/** Keywords whose value is a map of names to schemas: the names are kept as they are. */
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "definitions", "$defs", "dependentSchemas"]);
/** Keywords whose value is data, not a schema. */
const DATA = new Set(["enum", "const", "default"]);

const SCHEMAS_ID = "e2b-components";

/** One OpenAPI 3.0 schema as JSON Schema (draft-07, as ajv reads it by default). */
export function toJsonSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== "object") return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith("x-") || OPENAPI_ONLY.has(key)) continue;
    if (key === "$ref" && typeof value === "string") {
      const name = /^#\/components\/schemas\/([^/]+)$/.exec(value)?.[1];
      if (name === undefined) throw new Error(`E2B's description: a schema refers to ${value}, which is not under #/components/schemas`);
      out.$ref = `${SCHEMAS_ID}#/definitions/${name}`;
    } else if (SCHEMA_MAPS.has(key) && value !== null && typeof value === "object" && !Array.isArray(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, toJsonSchema(schema)]));
    } else {
      out[key] = DATA.has(key) ? value : toJsonSchema(value);
    }
  }
  return node.nullable === true ? { anyOf: [out, { type: "null" }] } : out;
}

let loaded: { spec: Spec; ajv: Ajv } | undefined;

function load(): { spec: Spec; ajv: Ajv } {
  if (loaded) return loaded;
  const spec = JSON.parse(readFileSync(E2B_RESPONSES_FIXTURE, "utf8")) as Spec;
  if (!spec?.paths || !spec.components?.schemas) throw new Error(`${E2B_RESPONSES_FIXTURE} holds no paths or components.schemas: rewrite it with scripts/e2b-responses-fixture.js`);
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true });
  addFormats.default(ajv);
  const integerIn = (max: number) => ({ type: "number" as const, validate: (n: number) => Number.isInteger(n) && n >= 0 && n <= max });
  ajv.addFormat("uint32", integerIn(2 ** 32 - 1));
  ajv.addFormat("uint64", integerIn(Number.MAX_SAFE_INTEGER));
  ajv.addFormat("int", { type: "number", validate: (n: number) => Number.isInteger(n) });
  const definitions = Object.fromEntries(Object.entries(spec.components.schemas).map(([name, schema]) => [name, toJsonSchema(schema)]));
  ajv.addSchema({ $id: SCHEMAS_ID, definitions });
  loaded = { spec, ajv };
  return loaded;
}

const compiled = new Map<string, ValidateFunction | null>();

/** The response object, its `$ref` to `#/components/responses/…` followed. */
function responseOf(spec: Spec, method: string, pathTemplate: string, status: number | string): JsonObject {
  const operation = spec.paths[pathTemplate]?.[method.toLowerCase()];
  if (!operation) throw new Error(`E2B's description has no operation ${method.toUpperCase()} ${pathTemplate}`);
  const responses = (operation.responses ?? {}) as Record<string, JsonObject>;
  let response = responses[String(status)] ?? responses.default;
  if (!response) {
    throw new Error(`E2B's description gives no ${status} response for ${method.toUpperCase()} ${pathTemplate} (it gives ${Object.keys(responses).join(", ")})`);
  }
  const ref = response.$ref;
  if (typeof ref === "string") {
    const name = /^#\/components\/responses\/([^/]+)$/.exec(ref)?.[1];
    const target = name === undefined ? undefined : spec.components.responses?.[name];
    if (!target) throw new Error(`E2B's description: ${method.toUpperCase()} ${pathTemplate} → ${status} refers to ${ref}, which it does not hold`);
    response = target;
  }
  return response;
}

/**
 * The compiled JSON schema of the body E2B's description gives for `method pathTemplate` and
 * `status` (`{sandboxID}`-style path as the description writes it), or null when that
 * response has no body (e.g. a 204).
 */
export function e2bResponseValidator(method: string, pathTemplate: string, status: number | string): ValidateFunction | null {
  const key = `${method.toUpperCase()} ${pathTemplate} ${status}`;
  if (compiled.has(key)) return compiled.get(key)!;
  const { spec, ajv } = load();
  const content = responseOf(spec, method, pathTemplate, status).content as Record<string, { schema?: Json }> | undefined;
  const schema = content?.["application/json"]?.schema;
  const validate = schema === undefined ? null : ajv.compile(toJsonSchema(schema) as object);
  compiled.set(key, validate);
  return validate;
}

/**
 * Throws unless `body` matches the schema E2B's description names `name` under
 * `components/schemas` (e.g. "Error", for an error whose status the operation does not list).
 */
export function expectE2bSchema(name: string, body: unknown): void {
  const { spec, ajv } = load();
  if (!(name in spec.components.schemas)) throw new Error(`E2B's description has no schema ${name}`);
  const validate = ajv.getSchema(`${SCHEMAS_ID}#/definitions/${name}`)!;
  if (validate(body)) return;
  throw new Error(`the body does not match E2B's schema ${name}:\n${(validate.errors ?? []).map(describeError).join("\n")}\nbody: ${JSON.stringify(body, null, 2)}`);
}

const describeError = (e: ErrorObject) => `  ${e.instancePath || "(the body)"}: ${e.message ?? e.keyword}${Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ""}`;

/**
 * Throws unless `body` is what E2B's description says `method pathTemplate` answers with
 * `status`: valid against its schema, or empty when that response has none. The error lists
 * every mismatch ajv found, and the body.
 */
export function expectE2bResponse(method: string, pathTemplate: string, status: number, body: unknown): void {
  const validate = e2bResponseValidator(method, pathTemplate, status);
  const operation = `${method.toUpperCase()} ${pathTemplate} → ${status}`;
  if (validate === null) {
    if (body !== undefined && body !== "") throw new Error(`${operation} has no body in E2B's description, but one came: ${JSON.stringify(body)}`);
    return;
  }
  if (validate(body)) return;
  const shown = JSON.stringify(body, null, 2) ?? String(body);
  throw new Error(
    `${operation}: the body does not match E2B's schema:\n${(validate.errors ?? []).map(describeError).join("\n")}\nbody: ${shown.length > 4_000 ? `${shown.slice(0, 4_000)}…` : shown}`,
  );
}
