import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { findUnstorable } from "./storable.js";
import { createValidator } from "./validation.js";
import { CubicleError } from "./errors.js";
import { createSandboxBodySchema } from "./schemas/sandboxes.js";

/** What PostgreSQL would store for `s` (text goes over the wire as UTF-8), or null when it refuses it. */
function storedAs(s: string): string | null {
  if (s.includes("\0")) return null;
  return Buffer.from(s, "utf8").toString("utf8");
}

/** True when every string and key in `v` is stored exactly as sent and no key names a prototype. */
function roundTrips(v: unknown): boolean {
  if (typeof v === "string") return storedAs(v) === v;
  if (v === null || typeof v !== "object") return true;
  if (Array.isArray(v)) return v.every(roundTrips);
  return Object.keys(v).every((k) => storedAs(k) === k && !["__proto__", "constructor", "prototype"].includes(k) && roundTrips((v as Record<string, unknown>)[k]));
}

describe("findUnstorable", () => {
  test.each([
    ["a NUL in a value", { metadata: { a: "x\u0000y" } }, "body.metadata.a holds a NUL character (\\u0000), which cannot be stored"],
    ["a NUL in a key", { metadata: { "a\u0000": "x" } }, "body.metadata has a key that holds a NUL character (\\u0000), which cannot be stored"],
    ["a lone high surrogate", { name: "ab\uD800" }, "body.name is not well-formed Unicode (it holds a lone surrogate)"],
    ["a lone low surrogate", { name: "\uDC00ab" }, "body.name is not well-formed Unicode (it holds a lone surrogate)"],
    ["a pair in the wrong order", { name: "\uDE00\uD83D" }, "body.name is not well-formed Unicode (it holds a lone surrogate)"],
    ["a NUL deep in an array", { a: [[{ b: ["ok", "\u0000"] }]] }, "body.a[0][0].b[1] holds a NUL character (\\u0000), which cannot be stored"],
  ])("%s is found, with where it is", (_what, value, message) => {
    expect(findUnstorable(value, "body")).toBe(message);
  });

  test.each(["__proto__", "constructor", "prototype"])("a '%s' key (as JSON.parse makes it) is refused", (key) => {
    const value = JSON.parse(`{"metadata": {"${key}": "x"}}`);
    expect(findUnstorable(value, "body")).toBe(`body.metadata has the key '${key}', which is not allowed (it names an object's prototype)`);
  });

  test.each([["emoji (a valid pair)", "🙂 ok"], ["accents and CJK", "été 中文"], ["control characters other than NUL", "a\tb\u0001c\u007f"], ["an empty string", ""]])(
    "%s can be stored",
    (_what, s) => {
      expect(findUnstorable({ metadata: { [s || "k"]: s } }, "body")).toBeUndefined();
    },
  );

  test("a body nested 100,000 levels deep is walked without exhausting the stack", () => {
    let deep: unknown = "\u0000";
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnstorable(deep, "body")).toMatch(/holds a NUL character/);
  });

  test("a long key is shown capped in the path", () => {
    const key = "k".repeat(500);
    const message = findUnstorable({ metadata: { [key]: "\u0000" } }, "body")!;
    expect(message.length).toBeLessThan(200);
  });

  test("property: a JSON value is refused exactly when one of its strings or keys would not be stored as sent", () => {
    const anyString = fc.oneof(fc.string({ unit: "binary" }), fc.string({ unit: "grapheme" }), fc.string(), fc.constantFrom("\u0000", "\uD800", "__proto__", "constructor"));
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: "small" }, anyString, fc.integer(), fc.boolean(), fc.constant(null), tie("array"), tie("object")),
      array: fc.array(tie("value"), { maxLength: 4 }),
      object: fc.dictionary(anyString, tie("value"), { maxKeys: 4 }),
    })).value;
    fc.assert(
      fc.property(json, (v) => {
        expect(findUnstorable(v, "body") === undefined).toBe(roundTrips(v));
      }),
      { numRuns: 2_000 },
    );
  });
});

describe("every validator checks storability first", () => {
  const validate = createValidator(createSandboxBodySchema, "body");
  test("a NUL in metadata is a 400 invalid_request naming the field, whatever the schema allows", () => {
    let caught: unknown;
    try {
      validate({ templateId: `tpl-${"a".repeat(24)}`, metadata: { user: "a\u0000" } });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(CubicleError);
    expect(caught).toMatchObject({ code: "invalid_request", status: 400, message: "body.metadata.user holds a NUL character (\\u0000), which cannot be stored", details: { in: "body" } });
  });

  test("an unknown field's name is echoed capped", () => {
    expect(() => validate({ templateId: `tpl-${"a".repeat(24)}`, ["x".repeat(1000)]: 1 })).toThrow(new RegExp(`^body has an unknown field '${"x".repeat(40)}…'$`));
  });

  test("a key over the length limit is reported as a key's problem", () => {
    expect(() => validate({ templateId: `tpl-${"a".repeat(24)}`, metadata: { ["k".repeat(129)]: "v" } })).toThrow("body.metadata has a key that must NOT have more than 128 characters");
  });
});

describe("date-times", () => {
  const validate = createValidator({ type: "object", properties: { at: { type: "string", format: "date-time" } } }, "query");
  test.each(["2026-11-30T10:00:00Z", "2026-11-30T10:00:00.123+05:30", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z"])("%s is taken", (at) => {
    expect(validate({ at })).toEqual({ at });
  });

  test.each([
    ["year 0 (PostgreSQL has none)", "0000-01-01T00:00:00Z"],
    ["year 1 in a zone east of UTC (year 0 in UTC)", "0001-01-01T00:30:00+01:00"],
    ["a leap second (JavaScript has none)", "2026-12-31T23:59:60Z"],
    ["February 30", "2026-02-30T10:00:00Z"],
    ["no zone", "2026-11-30T10:00:00"],
  ])("%s is refused with a message saying the form", (_what, at) => {
    expect(() => validate({ at })).toThrow("query.at must be a date and time in RFC 3339 form, e.g. 2026-01-31T12:00:00Z");
  });
});
