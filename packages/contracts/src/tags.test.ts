import { describe, expect, test } from "@jest/globals";
import { CubicleError } from "./errors.js";
import { checkTag, isTag, splitReference, withTag } from "./tags.js";

describe("tags", () => {
  test.each(["v1", "V1-RC", "1.2.3", "_x", "default", "a".repeat(128)])("'%s' is a tag", (tag) => {
    expect(isTag(tag)).toBe(true);
  });

  test.each(["", ".v1", "-v1", "v 1", "v1/x", "v:1", "é", "a".repeat(129)])("'%s' is not a tag", (tag) => {
    expect(isTag(tag)).toBe(false);
    expect(() => checkTag(tag)).toThrow(CubicleError);
  });

  test("tags are case-sensitive: the tag is kept as written", () => {
    expect(splitReference("my-app:V1").tag).toBe("V1");
  });
});

describe("splitReference", () => {
  test.each([
    ["my-app", { name: "my-app", tag: null }],
    ["my-app:v1", { name: "my-app", tag: "v1" }],
    [" my-app:v1 ", { name: "my-app", tag: "v1" }],
    ["acme/my-app:v1", { name: "acme/my-app", tag: "v1" }],
    ["tpl-0123456789abcdef01234567:prod", { name: "tpl-0123456789abcdef01234567", tag: "prod" }],
  ])("'%s' splits into %j", (ref, expected) => {
    expect(splitReference(ref)).toEqual(expected);
  });

  test("an empty tag is refused with 400", () => {
    expect(() => splitReference("my-app:")).toThrow(/invalid tag/);
  });

  test("withTag writes the reference back", () => {
    expect(withTag("my-app", "v1")).toBe("my-app:v1");
    expect(withTag("my-app", null)).toBe("my-app");
  });
});
