// Sandbox metadata as people type it in the console: "key=value, key2=value2" (the filter and
// the start form), and back. Values cannot hold commas here; the API checks sizes and counts.

export type MetadataParse = { ok: true; pairs: Record<string, string> } | { ok: false; part: string };

/** `text` as metadata pairs, or the first part that is not `key=value` (empty text: no pairs). */
export function parseMetadata(text: string): MetadataParse {
  const pairs: Record<string, string> = {};
  for (const raw of text.split(",")) {
    const part = raw.trim();
    if (part === "") continue;
    const eq = part.indexOf("=");
    const key = eq < 0 ? "" : part.slice(0, eq).trim();
    if (key === "") return { ok: false, part };
    pairs[key] = part.slice(eq + 1).trim();
  }
  return { ok: true, pairs };
}

/** Metadata as the console shows and takes it: "key=value, key2=value2", by key. */
export function formatMetadata(pairs: Record<string, string>): string {
  return Object.keys(pairs)
    .sort()
    .map((key) => `${key}=${pairs[key]}`)
    .join(", ");
}
