// The console's catalogues (en.json, zh.json) hold the same keys (the type check says so too),
// each with the same {{placeholders}} and none empty: a translation that drops a placeholder
// would show the sentence without its value.
import { describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";

const load = (language: string) => JSON.parse(readFileSync(new URL(`./${language}.json`, import.meta.url), "utf8")) as Record<string, unknown>;
const en = load("en");
const zh = load("zh");
const placeholders = (text: unknown) => [...String(text).matchAll(/\{\{\s*(\w+)[^}]*\}\}/g)].map((m) => m[1]).sort();

describe("the console's catalogues", () => {
  test("zh.json has exactly the keys of en.json", () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  });

  test("every key is group.name (a page or part, then the string), with a non-empty string", () => {
    for (const [key, value] of [...Object.entries(en), ...Object.entries(zh)]) {
      expect(key).toMatch(/^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9_]*)+$/);
      expect(typeof value === "string" && value.trim() !== "").toBe(true);
    }
  });

  test("each translation keeps the placeholders of the English string", () => {
    for (const key of Object.keys(en)) expect({ key, placeholders: placeholders(zh[key]) }).toEqual({ key, placeholders: placeholders(en[key]) });
  });
});
