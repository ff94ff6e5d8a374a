import { Ajv, type ErrorObject, type SchemaObject } from "ajv";
import { fullFormats } from "ajv-formats/dist/formats.js";
import { CubicleError } from "./errors.js";
import { echo } from "./echo.js";
import { findUnstorable } from "./storable.js";

/** One ajv instance for the whole process: schemas compile once, at module load. */
const ajv = new Ajv({ allErrors: false, useDefaults: true, strict: true, allowUnionTypes: true, verbose: true });
const rfc3339 = fullFormats["date-time"] as { validate: (s: string) => boolean };
/**
 * A time the services can compute with and PostgreSQL can store: RFC 3339 (ajv-formats'
 * check), and one JavaScript reads (it has no leap seconds: `23:59:60` is refused), in year 1
 * or later (PostgreSQL has no year 0, which RFC 3339 allows).
 */
ajv.addFormat("date-time", {
  type: "string",
  validate: (s: string) => {
    const ms = Date.parse(s);
    return rfc3339.validate(s) && Number.isFinite(ms) && new Date(ms).getUTCFullYear() >= 1;
  },
});

export type Where = "body" | "query" | "params";

export type Validator<T> = (data: unknown) => T;

/**
 * Compiles a JSON schema into a function that returns the data typed as `T` or throws
 * `invalid_request` with a message naming the offending field. Every string and key is
 * first checked for what the database cannot store (storable.ts), whatever the schema says.
 */
export function createValidator<T>(schema: SchemaObject, where: Where): Validator<T> {
  const validate = ajv.compile(schema);
  return (data: unknown): T => {
    const unstorable = findUnstorable(data, where);
    if (unstorable) throw new CubicleError("invalid_request", unstorable, { in: where });
    if (validate(data)) return data as T;
    const error = validate.errors?.[0];
    throw new CubicleError("invalid_request", describe(error, where), { in: where });
  };
}

function describe(error: ErrorObject | undefined, where: Where): string {
  if (!error) return `${where} is invalid`;
  const path = echo(where + error.instancePath.replace(/\//g, "."), 120);
  // A rule on an object's keys (propertyNames) fails on the key, not on the object.
  if (error.propertyName !== undefined) return `${path} has a key that ${error.message ?? "is invalid"}`;
  switch (error.keyword) {
    case "additionalProperties":
      return `${path} has an unknown field '${echo(String(error.params.additionalProperty), 40)}'`;
    case "required":
      return `${path} is missing the required field '${String(error.params.missingProperty)}'`;
    case "type":
      return `${path} must be of type ${String(error.params.type).replace(",", " or ")}`;
    case "enum":
      return `${path} must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    case "format":
      return `${path} must be a date and time in RFC 3339 form, e.g. 2026-01-31T12:00:00Z`;
    case "pattern": {
      const description = (error.parentSchema as { description?: string } | undefined)?.description;
      return description ? `${path} must be ${description}` : `${path} is not in the expected format`;
    }
    default:
      return `${path} ${error.message ?? "is invalid"}`;
  }
}
