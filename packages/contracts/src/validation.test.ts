import { describe, expect, test } from "@jest/globals";
import { ConfigError, parseEnv } from "./config.js";
import { CubicleError } from "./errors.js";
import {
  createTemplateBodySchema,
  listTemplatesQuerySchema,
  lookupQuerySchema,
  setDisplayNameBodySchema,
  templateParamsSchema,
} from "./schemas/master.js";
import { createValidator } from "./validation.js";

interface CreateBody {
  displayName?: string | null;
  image: string;
  cpuCount?: number;
  memoryMB?: number;
}

const createBody = createValidator<CreateBody>(createTemplateBodySchema, "body");

/** Runs `fn`, expects it to throw a CubicleError and returns that error. */
function rejection(fn: () => unknown): CubicleError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CubicleError);
    return err as CubicleError;
  }
  throw new Error("expected the validator to throw");
}

describe("createValidator with the create-template body schema", () => {
  test("a full valid create body passes and is returned", () => {
    const body = { displayName: "my-box", image: "alpine:3.20", cpuCount: 2, memoryMB: 512 };
    expect(createBody(body)).toEqual(body);
  });

  test("a body with only an image passes", () => {
    expect(createBody({ image: "alpine" })).toEqual({ image: "alpine" });
  });

  test("a null displayName passes", () => {
    expect(createBody({ image: "alpine", displayName: null })).toEqual({ image: "alpine", displayName: null });
  });

  test.each([
    "alpine",
    "alpine:3.20",
    "library/alpine:latest",
    "ghcr.io/org/app:1.0",
    "localhost:5000/app",
    "localhost:5000/my_org/my-app:v1",
    `ghcr.io/org/app:1.0@sha256:${"a".repeat(64)}`,
    `app@sha256:${"0123456789abcdef".repeat(4)}`,
  ])("the image reference '%s' passes", (image) => {
    expect(createBody({ image })).toEqual({ image });
  });

  test("a body without image is rejected with a message naming the field 'image'", () => {
    const err = rejection(() => createBody({ cpuCount: 2 }));
    expect(err.message).toContain("'image'");
    expect(err.message).toMatch(/missing the required field/);
  });

  test("a body with an unknown field is rejected with a message naming that field", () => {
    const err = rejection(() => createBody({ image: "alpine", colour: "blue" }));
    expect(err.message).toContain("colour");
    expect(err.message).toMatch(/unknown field/);
  });

  test("a string cpuCount is rejected as the wrong type, naming the field path", () => {
    const err = rejection(() => createBody({ image: "alpine", cpuCount: "2" }));
    expect(err.message).toBe("body.cpuCount must be of type integer");
  });

  test("a fractional cpuCount is rejected as not an integer", () => {
    const err = rejection(() => createBody({ image: "alpine", cpuCount: 1.5 }));
    expect(err.message).toContain("body.cpuCount");
    expect(err.message).toContain("integer");
  });

  test("a displayName of the wrong type lists both allowed types", () => {
    const err = rejection(() => createBody({ image: "alpine", displayName: 5 }));
    expect(err.message).toBe("body.displayName must be of type string or null");
  });

  test("a body that is not an object is rejected", () => {
    const err = rejection(() => createBody("alpine"));
    expect(err.message).toBe("body must be of type object");
  });

  test.each([0, 65, -1])("cpuCount %d is out of range and rejected naming cpuCount", (cpuCount) => {
    const err = rejection(() => createBody({ image: "alpine", cpuCount }));
    expect(err.message).toContain("body.cpuCount");
    expect(err.message).toMatch(/must be [<>]=/);
  });

  test.each([1, 64])("cpuCount %d is at the edge of the range and passes", (cpuCount) => {
    expect(createBody({ image: "alpine", cpuCount })).toEqual({ image: "alpine", cpuCount });
  });

  test.each([127, 262_145])("memoryMB %d is out of range and rejected", (memoryMB) => {
    const err = rejection(() => createBody({ image: "alpine", memoryMB }));
    expect(err.message).toContain("body.memoryMB");
  });

  test.each(["Alpine", "alpine:", "ALPINE:3.20", "alpine@sha256:short", "my image", "-alpine"])(
    "the bad image '%s' is rejected with the schema's description",
    (image) => {
      const err = rejection(() => createBody({ image }));
      expect(err.message).toMatch(/^body\.image must be a container image reference/);
      expect(err.message).toContain(createTemplateBodySchema.properties.image.description);
    },
  );

  test("an empty image is rejected naming the image field", () => {
    const err = rejection(() => createBody({ image: "" }));
    expect(err.message).toContain("body.image");
  });

  test("the thrown error is a CubicleError with code invalid_request, status 400 and where it was found", () => {
    const err = rejection(() => createBody({}));
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe("CubicleError");
    expect(err.code).toBe("invalid_request");
    expect(err.status).toBe(400);
    expect(err.details).toEqual({ in: "body" });
    expect(err.toBody("req-1")).toEqual({
      code: 400,
      error_code: "invalid_request",
      message: err.message,
      requestId: "req-1",
      details: { in: "body" },
    });
  });
});

describe("createValidator with other master schemas", () => {
  test("a query validator names the query in its messages and uses the schema description", () => {
    const listQuery = createValidator<{ limit?: string }>(listTemplatesQuerySchema, "query");
    expect(listQuery({ limit: "1000" })).toEqual({ limit: "1000" });
    const err = rejection(() => listQuery({ limit: "1001" }));
    expect(err.message).toBe("query.limit must be a whole number from 1 to 1000");
    expect(err.details).toEqual({ in: "query" });
  });

  test("an enum violation lists the allowed values", () => {
    const lookup = createValidator<{ name: string; fresh?: string }>(lookupQuerySchema, "query");
    const err = rejection(() => lookup({ name: "box", fresh: "yes" }));
    expect(err.message).toBe('query.fresh must be one of "true", "false", "1", "0"');
  });

  test("a params validator rejects a malformed template id with the template-id description", () => {
    const params = createValidator<{ templateId: string }>(templateParamsSchema, "params");
    expect(params({ templateId: "tpl-0123456789abcdef01234567" })).toEqual({ templateId: "tpl-0123456789abcdef01234567" });
    const err = rejection(() => params({ templateId: "TPL-0123456789ABCDEF01234567" }));
    expect(err.message).toMatch(/^params\.templateId must be a template id/);
    expect(err.details).toEqual({ in: "params" });
  });

  test("the set-name body requires both templateId and displayName", () => {
    const setName = createValidator<{ templateId: string; displayName: string | null }>(setDisplayNameBodySchema, "body");
    const err = rejection(() => setName({ templateId: "tpl-0123456789abcdef01234567" }));
    expect(err.message).toContain("'displayName'");
  });
});

describe("parseEnv", () => {
  const schema = {
    type: "object",
    required: ["DATABASE_URL"],
    properties: {
      DATABASE_URL: { type: "string", pattern: "^postgres(ql)?://" },
      PORT: { type: "integer", minimum: 0, maximum: 65535, default: 3100 },
      POOL_MAX: { type: "integer", minimum: 1, maximum: 200, default: 10 },
      VERBOSE: { type: "boolean", default: false },
      LOG_LEVEL: { type: "string", enum: ["info", "debug"], default: "info" },
      API_TOKEN: { type: "string", minLength: 16 },
    },
  } as const;

  interface Env {
    DATABASE_URL: string;
    PORT: number;
    POOL_MAX: number;
    VERBOSE: boolean;
    LOG_LEVEL: string;
    API_TOKEN?: string;
  }

  function configError(env: Record<string, string | undefined>): ConfigError {
    try {
      parseEnv<Env>(schema, env);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return err as ConfigError;
    }
    throw new Error("expected parseEnv to throw");
  }

  test("numbers and booleans given as strings are coerced", () => {
    const config = parseEnv<Env>(schema, { DATABASE_URL: "postgresql://db/x", PORT: "8080", POOL_MAX: "5", VERBOSE: "true" });
    expect(config.PORT).toBe(8080);
    expect(config.POOL_MAX).toBe(5);
    expect(config.VERBOSE).toBe(true);
  });

  test("defaults are applied to unset keys", () => {
    const config = parseEnv<Env>(schema, { DATABASE_URL: "postgres://db/x" });
    expect(config).toEqual({ DATABASE_URL: "postgres://db/x", PORT: 3100, POOL_MAX: 10, VERBOSE: false, LOG_LEVEL: "info" });
  });

  test("an empty string counts as unset, so the default is applied", () => {
    const config = parseEnv<Env>(schema, { DATABASE_URL: "postgres://db/x", PORT: "" });
    expect(config.PORT).toBe(3100);
  });

  test("keys outside the schema are not copied into the result", () => {
    const config = parseEnv<Env>(schema, { DATABASE_URL: "postgres://db/x", HOME: "/root" });
    expect(config).not.toHaveProperty("HOME");
  });

  test("a missing required key is reported as required", () => {
    const err = configError({});
    expect(err.problems).toEqual(["DATABASE_URL is required"]);
    expect(err.name).toBe("ConfigError");
    expect(err.message).toContain("DATABASE_URL is required");
  });

  test("an empty required key is reported as required", () => {
    expect(configError({ DATABASE_URL: "" }).problems).toEqual(["DATABASE_URL is required"]);
  });

  test("every problem is reported at once in one ConfigError", () => {
    const err = configError({ PORT: "70000", POOL_MAX: "many", LOG_LEVEL: "loud" });
    expect(err.problems).toHaveLength(4);
    expect(err.problems).toContain("DATABASE_URL is required");
    for (const key of ["DATABASE_URL", "PORT", "POOL_MAX", "LOG_LEVEL"]) {
      expect(err.problems.some((p) => p.startsWith(key))).toBe(true);
      expect(err.message).toContain(key);
    }
    expect(err.message.split("\n")).toHaveLength(5);
    expect(err.message.startsWith("invalid configuration:")).toBe(true);
  });

  test("a rejected ordinary value is echoed in its problem", () => {
    const err = configError({ DATABASE_URL: "postgres://db/x", PORT: "70000" });
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toMatch(/^PORT /);
    expect(err.problems[0]).toContain("(got '70000')");
  });

  test("the value of a key containing TOKEN is not echoed in the message", () => {
    const secret = "short-secret";
    const err = configError({ DATABASE_URL: "postgres://db/x", API_TOKEN: secret });
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toMatch(/^API_TOKEN /);
    expect(err.message).toContain("API_TOKEN");
    expect(err.message).not.toContain(secret);
    expect(err.problems.join("\n")).not.toContain(secret);
  });
});
