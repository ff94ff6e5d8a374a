import { describe, expect, test } from "@jest/globals";
import { echo } from "./echo.js";

describe("echo", () => {
  test("input of 80 characters or fewer is shown whole", () => {
    expect(echo("a".repeat(80))).toBe("a".repeat(80));
  });

  test("longer input is cut to 80 characters and marked with …", () => {
    expect(echo("b".repeat(81))).toBe(`${"b".repeat(80)}…`);
  });

  test("the cut counts code points, so it never splits a surrogate pair", () => {
    const shown = echo("🙂".repeat(100));
    expect(shown).toBe(`${"🙂".repeat(80)}…`);
    expect(/[\uD800-\uDFFF]/u.test(shown)).toBe(false);
  });

  test("a shorter limit can be given", () => {
    expect(echo("abcdef", 3)).toBe("abc…");
  });
});
