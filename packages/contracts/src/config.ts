import { Ajv, type SchemaObject } from "ajv";

/**
 * Parses process environment against a JSON schema (strings coerced to numbers/booleans,
 * defaults applied). Every problem is reported at once, so a misconfigured service fails
 * at start with one clear message instead of misbehaving later.
 */
const ajv = new Ajv({ allErrors: true, coerceTypes: true, useDefaults: true, strict: true, verbose: true });

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** `postgresql://user:pw@host/db` → `postgresql://user:***@host/db`. */
function hideCredentials(value: string): string {
  return value.replace(/\/\/([^/:@]*):[^/@]*@/, "//$1:***@");
}

export function parseEnv<T>(schema: SchemaObject, env: Record<string, string | undefined>): T {
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  // Empty strings mean "unset", as they do in most shells and compose files.
  const data: Record<string, unknown> = {};
  for (const key of Object.keys(properties)) {
    const value = env[key];
    if (value !== undefined && value !== "") data[key] = value;
  }
  const validate = ajv.compile(schema);
  if (!validate(data)) {
    const problems = (validate.errors ?? []).map((e) => {
      const name = e.instancePath.slice(1) || String(e.params.missingProperty ?? "");
      const given = env[name];
      const shown = given === undefined || /TOKEN|PASSWORD|SECRET|KEY/i.test(name) ? "" : ` (got '${hideCredentials(given)}')`;
      if (e.keyword === "required") return `${name} is required`;
      const description = (e.parentSchema as { description?: string } | undefined)?.description;
      const problem = e.keyword === "pattern" && description ? `must be ${description}` : (e.message ?? "is invalid");
      return `${name} ${problem}${shown}`;
    });
    throw new ConfigError(problems);
  }
  return data as T;
}
