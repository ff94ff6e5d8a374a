import { describe, expect, it } from "@jest/globals";
import { createApiKeys, generateApiKey, parseApiKeys } from "./api-keys.js";

describe("API keys", () => {
  it("parses a comma-separated list, trimming blanks and dropping repeats", () => {
    expect(parseApiKeys(" key-one-0123456789 ,key-two-0123456789,, key-one-0123456789")).toEqual(["key-one-0123456789", "key-two-0123456789"]);
  });

  it("finds a configured key by its position and refuses anything else", () => {
    const keys = createApiKeys(["key-one-0123456789", "key-two-0123456789"]);
    expect(keys.find("key-two-0123456789")).toBe(1);
    expect(keys.find("key-two-012345678")).toBe(-1);
    expect(keys.find("")).toBe(-1);
  });

  it("generates distinct, long, url-safe keys", () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a).not.toBe(b);
    expect(a).toMatch(/^cubicle_[A-Za-z0-9_-]{43}$/);
  });
});
