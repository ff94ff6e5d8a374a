import { describe, expect, test } from "@jest/globals";
import { loadConfig } from "./config.js";

const DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/cubicle";

describe("master configuration", () => {
  test("defaults follow the documented values", () => {
    const c = loadConfig({ DATABASE_URL });
    expect(c).toMatchObject({ MASTER_PORT: 3100, MASTER_HOST: "127.0.0.1", NAME_CACHE_TTL_MS: 300_000, NAME_CACHE_MAX: 4096, NAME_CACHE_NEGATIVE_TTL_MS: 30_000, NAME_CACHE_NEGATIVE_MAX: 1024 });
    expect(c.MASTER_TOKEN).toBeUndefined();
  });

  test("template builds: the documented defaults for uploads, a spec's wait and how long a request may take to arrive", () => {
    expect(loadConfig({ DATABASE_URL })).toMatchObject({
      BUILD_SPEC_WAIT_MS: 3_600_000,
      UPLOAD_MAX_BYTES: 1_073_741_824,
      UPLOAD_LINK_TTL_MS: 1_800_000,
      UPLOAD_RETENTION_MS: 604_800_000,
      REQUEST_TIMEOUT_MS: 3_600_000,
    });
    expect(() => loadConfig({ DATABASE_URL, UPLOAD_MAX_BYTES: "0" })).toThrow(/UPLOAD_MAX_BYTES/);
  });

  test("a missing DATABASE_URL says what to do", () => {
    expect(() => loadConfig({})).toThrow(/DATABASE_URL is not set[\s\S]*npm start/);
  });

  test("every bad value is reported at once, by name", () => {
    let message = "";
    try {
      loadConfig({ DATABASE_URL: "mysql://x", MASTER_PORT: "70000", LOG_LEVEL: "loud", MASTER_TOKEN: "short" });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/DATABASE_URL/);
    expect(message).toMatch(/MASTER_PORT must be <= 65535/);
    expect(message).toMatch(/LOG_LEVEL/);
    expect(message).toMatch(/MASTER_TOKEN/);
    expect(message).not.toMatch(/short/);
  });

  test("DB_PREPARED_STATEMENTS: on unless 'false'; anything but a boolean is refused", () => {
    expect(loadConfig({ DATABASE_URL }).DB_PREPARED_STATEMENTS).toBe(true);
    expect(loadConfig({ DATABASE_URL, DB_PREPARED_STATEMENTS: "false" }).DB_PREPARED_STATEMENTS).toBe(false);
    expect(() => loadConfig({ DATABASE_URL, DB_PREPARED_STATEMENTS: "sometimes" })).toThrow(/DB_PREPARED_STATEMENTS/);
  });

  test("numbers are read from strings; empty values count as unset", () => {
    expect(loadConfig({ DATABASE_URL, MASTER_PORT: "0", BUILD_PHASE_DELAY_MS: "" })).toMatchObject({ MASTER_PORT: 0, BUILD_PHASE_DELAY_MS: 500 });
  });
});
