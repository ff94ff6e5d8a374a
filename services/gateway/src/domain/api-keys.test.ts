import { describe, expect, it } from "@jest/globals";
import { apiKeyDigest, maskApiKey, type VerifyApiKeyRequest } from "@cubicle/contracts";
import { MasterRejectedError } from "@cubicle/master-client";
import { createKeyResolver, parseApiKeys } from "./api-keys.js";

const OWNER = { keyId: "k-1", teamId: "t-1", teamSlug: "acme" };

function fakeMaster(known: Map<string, typeof OWNER>) {
  const calls: VerifyApiKeyRequest[] = [];
  return {
    calls,
    async verifyApiKey(req: VerifyApiKeyRequest) {
      calls.push(req);
      await new Promise((r) => setTimeout(r, 5));
      const owner = known.get(req.digest) ?? (req.register ? OWNER : undefined);
      if (!owner) throw new MasterRejectedError("api_key_not_found", "no such API key", undefined, undefined);
      return owner;
    },
  };
}

describe("API keys", () => {
  it("parses a comma-separated list, trimming blanks and dropping repeats", () => {
    expect(parseApiKeys(" key-one-0123456789 ,key-two-0123456789,, key-one-0123456789")).toEqual(["key-one-0123456789", "key-two-0123456789"]);
  });

  it("asks master once for concurrent requests with one key, then answers from the cache", async () => {
    const digest = apiKeyDigest("cubicle_abc");
    const master = fakeMaster(new Map([[digest, OWNER]]));
    const keys = createKeyResolver({ master, configured: [], ttlMs: 60_000, negativeTtlMs: 60_000, max: 10 });
    expect(keys.peek(digest)).toBeUndefined();
    const answers = await Promise.all([keys.resolve(digest), keys.resolve(digest), keys.resolve(digest)]);
    expect(answers).toEqual([OWNER, OWNER, OWNER]);
    expect(keys.peek(digest)).toEqual(OWNER);
    expect(master.calls).toHaveLength(1);
  });

  it("caches an unknown key as nobody's, and forgets a revoked key at once", async () => {
    const known = fakeMaster(new Map([[apiKeyDigest("good"), OWNER]]));
    const keys = createKeyResolver({ master: known, configured: [], ttlMs: 60_000, negativeTtlMs: 60_000, max: 10 });
    expect(await keys.resolve(apiKeyDigest("wrong"))).toBeNull();
    expect(keys.peek(apiKeyDigest("wrong"))).toBeNull();
    await keys.resolve(apiKeyDigest("good"));
    keys.forget(OWNER.keyId);
    expect(keys.peek(apiKeyDigest("good"))).toBeUndefined();
  });

  it("asks master to register a configured key, with its name and mask but never its value", async () => {
    const master = fakeMaster(new Map());
    const keys = createKeyResolver({ master, configured: [{ key: "configured-key-0123456789", name: "API_KEYS" }], ttlMs: 1_000, negativeTtlMs: 1_000, max: 10 });
    expect(await keys.resolve(apiKeyDigest("configured-key-0123456789"))).toEqual(OWNER);
    expect(master.calls[0]).toEqual({ digest: apiKeyDigest("configured-key-0123456789"), register: { name: "API_KEYS", mask: maskApiKey("configured-key-0123456789") } });
    expect(JSON.stringify(master.calls)).not.toContain("configured-key-0123456789");
  });
});
