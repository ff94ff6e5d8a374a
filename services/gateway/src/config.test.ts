import { describe, expect, test } from "@jest/globals";
import { loadConfig } from "./config.js";

function problems(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error("expected the configuration to be refused");
}

describe("gateway configuration", () => {
  test("defaults: every route that reaches master has a rate limit, and failed keys are throttled per address", () => {
    expect(loadConfig({})).toMatchObject({
      RATE_LIMIT_LOOKUPS: 6_000,
      RATE_LIMIT_CREATES: 120,
      RATE_LIMIT_SANDBOXES: 600,
      RATE_LIMIT_READS: 6_000,
      RATE_LIMIT_WRITES: 600,
      RATE_LIMIT_AUTH_FAILURES: 60,
    });
  });

  test.each(["short1,short2", "0123456789abcdef,short", "short,0123456789abcdef", "0123456789abcdef,,0123456789abcdeX"])(
    "API_KEYS=%s: each key is checked on its own (the comma does not count towards a key's 16 characters)",
    (keys) => {
      const message = problems({ API_KEYS: keys });
      expect(message).toMatch(/API_KEYS must be comma-separated keys, each 16 to 256 printable characters/);
      expect(message).not.toContain(keys);
    },
  );

  test("keys of 16 characters or more, with blanks around them, are accepted", () => {
    expect(loadConfig({ API_KEYS: " 0123456789abcdef , fedcba9876543210" }).API_KEYS).toBe(" 0123456789abcdef , fedcba9876543210");
  });
});
