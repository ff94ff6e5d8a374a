import { apiKeyDigest, maskApiKey, type VerifiedApiKey } from "@cubicle/contracts";
import { MasterRejectedError, type MasterClient } from "@cubicle/master-client";
import { createMemoCache } from "@cubicle/service-kit";

/**
 * Whose an `X-API-Key` is. Master owns keys and teams; the gateway asks it once per key and
 * keeps the answer for `ttlMs` (and "no such key" for `negativeTtlMs`), so a warm request
 * costs a digest and a map lookup. A key revoked through this gateway stops working at
 * once; through another gateway or master, within `ttlMs`.
 *
 * Keys given in `API_KEYS` (and the key made at start without it) belong to the default
 * team: the first verification of one makes it there (master's `register`), so they work as
 * soon as master answers, whatever was started first.
 */

/** The caller an API key stands for. */
export type Caller = VerifiedApiKey;

export interface KeyResolverOptions {
  master: Pick<MasterClient, "verifyApiKey">;
  /** Keys configured for this gateway, with the name each gets in the default team. */
  configured: { key: string; name: string }[];
  ttlMs: number;
  negativeTtlMs: number;
  max: number;
}

export interface KeyResolver {
  /** The caller of a key's digest when cached (null: cached as nobody's), else undefined. */
  peek(digest: string): Caller | null | undefined;
  /** Asks master (once for every concurrent request with the key). Master unreachable: throws. */
  resolve(digest: string): Promise<Caller | null>;
  /** Forgets a key at once (it was just revoked through this gateway). */
  forget(keyId: string): void;
}

export function parseApiKeys(list: string): string[] {
  return [...new Set(list.split(",").map((k) => k.trim()).filter(Boolean))];
}

export function createKeyResolver(o: KeyResolverOptions): KeyResolver {
  const configured = new Map(o.configured.map(({ key, name }) => [apiKeyDigest(key), { name, mask: maskApiKey(key) }]));
  const cache = createMemoCache<Caller>({
    async load(digest) {
      const register = configured.get(digest);
      try {
        return await o.master.verifyApiKey({ digest, ...(register && { register }) });
      } catch (err) {
        if (err instanceof MasterRejectedError && err.code === "api_key_not_found") return null;
        throw err;
      }
    },
    max: o.max,
    ttlMs: o.ttlMs,
    negativeMax: o.max,
    negativeTtlMs: o.negativeTtlMs,
  });
  return {
    peek: (digest) => cache.peek(digest),
    resolve: (digest) => cache.get(digest),
    forget: (keyId) => cache.deleteWhere((c) => c.keyId === keyId),
  };
}
