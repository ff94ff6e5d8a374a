import type { ApiKeyView } from "@cubicle/contracts";

/** E2B's `TeamAPIKey`: a key as listings show it (never its value). Cubicle has no users, so `createdBy` is null. */
export function toE2bApiKey(k: ApiKeyView) {
  return { id: k.id, name: k.name, mask: k.mask, createdAt: k.createdAt, createdBy: null, lastUsed: k.lastUsed };
}
