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

  test("PUBLIC_URL: unset by default (links at each request's origin); an origin, its trailing slash dropped; a path refused. REQUEST_TIMEOUT_MS allows an hour", () => {
    expect(loadConfig({}).PUBLIC_URL).toBeUndefined();
    expect(loadConfig({}).REQUEST_TIMEOUT_MS).toBe(3_600_000);
    expect(loadConfig({ PUBLIC_URL: "https://api.example.com/" }).PUBLIC_URL).toBe("https://api.example.com");
    expect(() => loadConfig({ PUBLIC_URL: "https://api.example.com/v1" })).toThrow(/PUBLIC_URL/);
  });

  test("ADMIN_TOKEN: unset by default (no /admin paths); shorter than 32 characters or with blanks → refused, without echoing it", () => {
    expect(loadConfig({}).ADMIN_TOKEN).toBeUndefined();
    expect(loadConfig({}).AUTH_CACHE_TTL_MS).toBe(5_000);
    for (const token of ["too-short-admin-token", "an admin token with blanks in it, long enough"]) {
      const message = problems({ ADMIN_TOKEN: token });
      expect(message).toMatch(/ADMIN_TOKEN/);
      expect(message).not.toContain(token);
    }
    expect(loadConfig({ ADMIN_TOKEN: "x".repeat(32) }).ADMIN_TOKEN).toBe("x".repeat(32));
  });

  test("REDIS_URL: unset by default (limits in memory); a redis:// or rediss:// URL, else refused without showing its password", () => {
    expect(loadConfig({})).toMatchObject({ RATE_LIMIT_REDIS_PREFIX: "cubicle:rl:" });
    expect(loadConfig({}).REDIS_URL).toBeUndefined();
    for (const url of ["redis://127.0.0.1:6379", "rediss://:secret@redis.internal:6380/2"]) expect(loadConfig({ REDIS_URL: url }).REDIS_URL).toBe(url);
    const message = problems({ REDIS_URL: "http://user:hunter2-secret@redis.internal:6379" });
    expect(message).toMatch(/REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/);
    expect(message).not.toContain("hunter2-secret");
    for (const url of ["redis://:hunter2-secret@redis.internal:99999", "redis://:hunter2-secret@redis.internal/cache", "rediss://:hunter2-secret@[::1"]) {
      const refused = problems({ REDIS_URL: url });
      expect(refused).toMatch(/REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/);
      expect(refused).not.toContain("hunter2-secret");
    }
    expect(problems({ RATE_LIMIT_REDIS_PREFIX: "with blanks:" })).toMatch(/RATE_LIMIT_REDIS_PREFIX must be 1 to 200 printable characters without blanks/);
  });

  test("SANDBOX_DOMAIN: cubicle.localhost by default (never one of E2B's hosts); a host name, trimmed and lower-cased; anything else refused", () => {
    expect(loadConfig({}).SANDBOX_DOMAIN).toBe("cubicle.localhost");
    expect(loadConfig({ SANDBOX_DOMAIN: " Sandboxes.Example.Internal " }).SANDBOX_DOMAIN).toBe("sandboxes.example.internal");
    expect(loadConfig({ SANDBOX_DOMAIN: "localhost" }).SANDBOX_DOMAIN).toBe("localhost");
    expect(loadConfig({ SANDBOX_DOMAIN: "" }).SANDBOX_DOMAIN).toBe("cubicle.localhost");
    for (const domain of ["https://sandboxes.example", "a..b", "-a.example", "a-.example", "under_score.example", "sandboxes.example.", `${"a".repeat(64)}.example`, "a b.example"]) {
      expect(problems({ SANDBOX_DOMAIN: domain })).toMatch(/SANDBOX_DOMAIN must be a host name/);
    }
    expect(problems({ SANDBOX_DOMAIN: "127.0.0.1" })).toMatch(/SANDBOX_DOMAIN must be a host name, not an IP address/);
    expect(problems({ SANDBOX_DOMAIN: `${"a.".repeat(127)}ab` })).toMatch(/SANDBOX_DOMAIN/);
  });
});
