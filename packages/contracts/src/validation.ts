import { Ajv, type ErrorObject, type SchemaObject } from "ajv";
import formats from "ajv-formats";
import { CubicleError } from "./errors.js";

/** One ajv instance for the whole process: schemas compile once, at module load. */
const ajv = new Ajv({ allErrors: false, useDefaults: true, strict: true, allowUnionTypes: true, verbose: true });
formats.default(ajv, ["date-time"]);

export type Where = "body" | "query" | "params";

export type Validator<T> = (data: unknown) => T;

/**
 * Compiles a JSON schema into a function that returns the data typed as `T` or throws
 * `invalid_request` with a message naming the offending field.
 */
export function createValidator<T>(schema: SchemaObject, where: Where): Validator<T> {
  const validate = ajv.compile(schema);
  return (data: unknown): T => {
    if (validate(data)) return data as T;
    const error = validate.errors?.[0];
    throw new CubicleError("invalid_request", describe(error, where), { in: where });
  };
}

function describe(error: ErrorObject | undefined, where: Where): string {
  if (!error) return `${where} is invalid`;
  const path = where + error.instancePath.replace(/\//g, ".");
  switch (error.keyword) {
    case "additionalProperties":
      return `${path} has an unknown field '${String(error.params.additionalProperty)}'`;
    case "required":
      return `${path} is missing the required field '${String(error.params.missingProperty)}'`;
    case "type":
      return `${path} must be of type ${String(error.params.type).replace(",", " or ")}`;
    case "enum":
      return `${path} must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    case "pattern": {
      const description = (error.parentSchema as { description?: string } | undefined)?.description;
      return description ? `${path} must be ${description}` : `${path} is not in the expected format`;
    }
    default:
      return `${path} ${error.message ?? "is invalid"}`;
  }
}
