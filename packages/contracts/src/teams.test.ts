import { describe, expect, it } from "@jest/globals";
import { API_KEY_PREFIX, apiKeyDigest, generateApiKey, isTeamSlug, maskApiKey, parseTeamSlug } from "./teams.js";

describe("team slugs", () => {
  it.each(["a", "acme", "acme-2", "0team", "a".repeat(63)])("accepts %s", (slug) => {
    expect(parseTeamSlug(slug)).toBe(slug);
    expect(isTeamSlug(slug)).toBe(true);
  });

  it.each(["", "-acme", "acme-", "Acme", "ac_me", "ac me", "a/b", "a".repeat(64), "é"])("refuses %j with a 400 that says the rules", (slug) => {
    expect(() => parseTeamSlug(slug)).toThrow(/lower-case letters, digits and '-'/);
    expect(isTeamSlug(slug)).toBe(false);
  });
});

describe("API keys", () => {
  it("are the prefix and 40 hex characters, different every time", () => {
    const a = generateApiKey();
    expect(a).toMatch(/^cubicle_[0-9a-f]{40}$/);
    expect(generateApiKey()).not.toBe(a);
  });

  it("are stored as a SHA-256 digest that does not contain them", () => {
    const key = generateApiKey();
    expect(apiKeyDigest(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(apiKeyDigest(key)).toBe(apiKeyDigest(key));
    expect(apiKeyDigest(key)).not.toContain(key.slice(API_KEY_PREFIX.length));
  });

  it("are masked as E2B does: prefix, length of the rest, its first two and last four characters", () => {
    expect(maskApiKey("cubicle_0123456789abcdef0123456789abcdef01234567")).toEqual({
      prefix: "cubicle_",
      valueLength: 40,
      maskedValuePrefix: "01",
      maskedValueSuffix: "4567",
    });
    expect(maskApiKey("my-own-configured-key")).toEqual({ prefix: "", valueLength: 21, maskedValuePrefix: "my", maskedValueSuffix: "-key" });
  });
});
