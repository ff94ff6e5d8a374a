import { echo } from "./echo.js";

/**
 * What a request may not carry into the database, found at the boundary before anything is
 * placed or written:
 * - a NUL character (U+0000): PostgreSQL's text refuses it ("invalid byte sequence") and so
 *   does jsonb ("unsupported Unicode escape sequence");
 * - a lone surrogate (half of a UTF-16 pair): it has no UTF-8 form, so text would store
 *   U+FFFD instead of what was sent and jsonb refuses its escape;
 * - an object key naming a prototype (`__proto__`, `constructor`, `prototype`): copied into a
 *   plain object, `__proto__` replaces the prototype instead of adding a pair, and the pair is
 *   silently lost.
 * Strings and keys are checked at every depth, without recursion (a deeply nested body
 * cannot exhaust the stack).
 */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

// With the `u` flag a character class of surrogates matches only unpaired ones.
const UNSTORABLE = /[\0\uD800-\uDFFF]/u;

function stringProblem(s: string): string | undefined {
  const found = UNSTORABLE.exec(s);
  if (!found) return undefined;
  return found[0] === "\0" ? "holds a NUL character (\\u0000), which cannot be stored" : "is not well-formed Unicode (it holds a lone surrogate)";
}

/** The first value in `value` that cannot be stored, as `"<path> <problem>"`, or undefined. */
export function findUnstorable(value: unknown, root: string): string | undefined {
  const stack: { value: unknown; path: string }[] = [{ value, path: root }];
  while (stack.length > 0) {
    const { value: v, path } = stack.pop()!;
    if (typeof v === "string") {
      const problem = stringProblem(v);
      if (problem) return `${path} ${problem}`;
      continue;
    }
    if (v === null || typeof v !== "object") continue;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push({ value: v[i], path: `${path}[${i}]` });
      continue;
    }
    for (const key of Object.keys(v)) {
      const problem = stringProblem(key);
      if (problem) return `${path} has a key that ${problem}`;
      if (PROTOTYPE_KEYS.has(key)) return `${path} has the key '${key}', which is not allowed (it names an object's prototype)`;
      stack.push({ value: (v as Record<string, unknown>)[key], path: `${path}.${echo(key, 40)}` });
    }
  }
  return undefined;
}
