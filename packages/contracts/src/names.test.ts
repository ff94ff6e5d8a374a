import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import {
  checkDisplayName,
  DISPLAY_NAME_MAX_LENGTH,
  nameKey,
  RESERVED_NAME_PREFIXES,
  RESERVED_NAMES,
  type NameCheck,
  type NameInvalidReason,
} from "./names.js";

const ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const ALLOWED_CHARS = ALNUM + "-_";

function expectValid(check: NameCheck, displayName: string): void {
  expect(check).toEqual({ valid: true, displayName, key: displayName.toLowerCase() });
}

function expectInvalid(check: NameCheck, reason: NameInvalidReason): void {
  expect(check.valid).toBe(false);
  if (check.valid) return;
  expect(check.reason).toBe(reason);
  expect(typeof check.message).toBe("string");
  expect(check.message.trim().length).toBeGreaterThan(0);
}

describe("constants", () => {
  test("the maximum display-name length is 256", () => {
    expect(DISPLAY_NAME_MAX_LENGTH).toBe(256);
  });

  test("the reserved prefixes are exactly 'tpl-' and 'snap-'", () => {
    expect([...RESERVED_NAME_PREFIXES]).toEqual(["tpl-", "snap-"]);
  });
});

describe("nameKey", () => {
  test("the key of a mixed-case name is its lower-case form", () => {
    expect(nameKey("My-Box_01")).toBe("my-box_01");
  });

  test("the key of an already lower-case name is the name itself", () => {
    expect(nameKey("abc-1")).toBe("abc-1");
  });
});

describe("checkDisplayName: valid names", () => {
  test.each(["a", "Z", "7", "abc", "my-box", "my_box", "A1-b2_C3", "0-_-_", "x--y__z"])(
    "'%s' is valid and keeps its case",
    (name) => {
      expectValid(checkDisplayName(name), name);
    },
  );

  test("the key of a valid name is its lower-case form while displayName keeps the user's case", () => {
    const check = checkDisplayName("MyBox-ABC_9");
    expect(check).toEqual({ valid: true, displayName: "MyBox-ABC_9", key: "mybox-abc_9" });
  });
});

describe("checkDisplayName: trimming", () => {
  test.each([
    ["leading spaces", "   box", "box"],
    ["trailing spaces", "box   ", "box"],
    ["both sides", "  Box  ", "Box"],
    ["tabs", "\tBox\t", "Box"],
    ["newlines", "\nBox\r\n", "Box"],
    ["mixed whitespace", " \t\n My-Box \n\t ", "My-Box"],
  ])("a name with %s is returned trimmed", (_label, input, trimmed) => {
    expectValid(checkDisplayName(input), trimmed);
  });
});

describe("checkDisplayName: empty", () => {
  test.each([
    ["the empty string", ""],
    ["a single space", " "],
    ["only spaces", "     "],
    ["only tabs and newlines", "\t\n\r\n\t"],
  ])("%s is empty", (_label, input) => {
    expectInvalid(checkDisplayName(input), "empty");
  });
});

describe("checkDisplayName: length", () => {
  test("a name of exactly 256 characters is valid", () => {
    const name = "a".repeat(256);
    expectValid(checkDisplayName(name), name);
  });

  test("a name of 257 characters is too_long", () => {
    expectInvalid(checkDisplayName("a".repeat(257)), "too_long");
  });

  test("a name of 256 characters surrounded by spaces is valid because trimming comes first", () => {
    const name = "b".repeat(256);
    expectValid(checkDisplayName(`   ${name}\t\n`), name);
  });

  test("the too_long message states the length and the limit", () => {
    const check = checkDisplayName("a".repeat(300));
    expect(check.valid).toBe(false);
    if (check.valid) return;
    expect(check.message).toContain("300");
    expect(check.message).toContain("256");
  });
});

describe("checkDisplayName: characters", () => {
  test.each([
    ["a leading '-'", "-abc"],
    ["a leading '_'", "_abc"],
    ["only a '-'", "-"],
    ["only a '_'", "_"],
    ["an accented letter", "café"],
    ["CJK characters", "名前"],
    ["a German sharp s", "straße"],
    ["an emoji", "box🚀"],
    ["a space inside", "my box"],
    ["a tab inside", "my\tbox"],
    ["a dot", "my.box"],
    ["a leading dot", ".box"],
    ["a slash", "my/box"],
    ["a backslash", "my\\box"],
    ["a colon", "alpine:3.20"],
    ["an at sign", "me@box"],
    ["a plus", "a+b"],
    ["a NUL character", "a\u0000b"],
    ["a full-width letter", "ａbc"],
  ])("a name with %s is invalid_chars", (_label, input) => {
    expectInvalid(checkDisplayName(input), "invalid_chars");
  });
});

describe("checkDisplayName: reserved names", () => {
  test.each(["tags", "aliases", "metrics", "files", "builds", "status", "logs", "TAGS", " Aliases ", "v2", "api-keys"])(
    "'%s' is reserved_name: it is a word of the API's paths (E2B's `DELETE /templates/tags` must never reach a template)",
    (input) => {
      expectInvalid(checkDisplayName(input), "reserved_name");
    },
  );

  test("every reserved word would otherwise be a valid name (each entry means something)", () => {
    for (const word of RESERVED_NAMES) {
      expect(word).toMatch(/^[a-z0-9][a-z0-9_-]*$/);
    }
  });

  test("the reserved_name message quotes the name, capped", () => {
    const check = checkDisplayName("Tags");
    expect(check.valid ? "" : check.message).toBe("name 'Tags' is reserved: it is a word of the API's paths");
  });

  test.each(["lookup", "LOOKUP", "  Lookup "])("'%s' is reserved_name: GET /templates/lookup is the lookup endpoint", (input) => {
    expectInvalid(checkDisplayName(input), "reserved_name");
  });

  test.each(["lookups", "lookup-1", "my-lookup"])("'%s' is valid: only the whole name is reserved", (input) => {
    expectValid(checkDisplayName(input), input);
  });
});

describe("checkDisplayName: reserved prefixes", () => {
  test.each(["tpl-x", "TPL-x", "Tpl-x", "tPl-x", "tpl-", "tpl-0123456789abcdef01234567", "snap-x", "SNAP-x", "Snap-x", "sNaP-x", "snap-"])(
    "'%s' is reserved_prefix",
    (input) => {
      expectInvalid(checkDisplayName(input), "reserved_prefix");
    },
  );

  test("a reserved prefix is detected after trimming", () => {
    expectInvalid(checkDisplayName("  TPL-box  "), "reserved_prefix");
  });

  test.each(["tpl", "TPL", "tplx", "tpl_x", "tpl0", "snap", "snapshot", "snap_x", "my-tpl-x", "x-snap-y"])(
    "'%s' is valid: it does not start with a reserved prefix",
    (input) => {
      expectValid(checkDisplayName(input), input);
    },
  );

  test("the reserved_prefix message names the prefix", () => {
    const check = checkDisplayName("SNAP-1");
    expect(check.valid).toBe(false);
    if (check.valid) return;
    expect(check.message).toContain("snap-");
  });
});

describe("checkDisplayName: properties", () => {
  const alnumChar = fc.constantFrom(...ALNUM.split(""));
  const allowedChar = fc.constantFrom(...ALLOWED_CHARS.split(""));
  const hasReservedPrefix = (s: string): boolean =>
    RESERVED_NAME_PREFIXES.some((p) => s.toLowerCase().startsWith(p)) || (RESERVED_NAMES as readonly string[]).includes(s.toLowerCase());

  const validName = fc
    .tuple(alnumChar, fc.array(allowedChar, { maxLength: DISPLAY_NAME_MAX_LENGTH - 1 }))
    .map(([first, rest]) => first + rest.join(""))
    .filter((s) => !hasReservedPrefix(s));

  test("any name of allowed characters, starting with a letter or digit, 1..256 long and not reserved, is valid with its lower-case key", () => {
    fc.assert(
      fc.property(validName, (name) => {
        const check = checkDisplayName(name);
        expect(check).toEqual({ valid: true, displayName: name, key: name.toLowerCase() });
      }),
    );
  });

  test("a valid name checked in a different letter case yields the same key", () => {
    fc.assert(
      fc.property(validName, fc.array(fc.boolean(), { maxLength: DISPLAY_NAME_MAX_LENGTH }), (name, flips) => {
        const recased = name
          .split("")
          .map((c, i) => (flips[i] ? (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) : c))
          .join("");
        const a = checkDisplayName(name);
        const b = checkDisplayName(recased);
        expect(a.valid && b.valid).toBe(true);
        if (!a.valid || !b.valid) return;
        expect(b.key).toBe(a.key);
        expect(b.displayName).toBe(recased);
      }),
    );
  });

  test("a valid name surrounded by whitespace is valid and returned trimmed", () => {
    const ws = fc.array(fc.constantFrom(" ", "\t", "\n", "\r"), { maxLength: 5 }).map((a) => a.join(""));
    fc.assert(
      fc.property(ws, validName, ws, (before, name, after) => {
        expect(checkDisplayName(before + name + after)).toEqual({ valid: true, displayName: name, key: name.toLowerCase() });
      }),
    );
  });

  test("any name containing a character outside the allowed set after trimming is invalid", () => {
    const isAllowed = (c: string): boolean => ALLOWED_CHARS.includes(c);
    const anyChar = fc.string({ unit: "binary", minLength: 1, maxLength: 1 });
    const badChar = anyChar.filter((c) => !isAllowed(c) && c.trim().length > 0);
    const part = fc.string({ unit: "binary", maxLength: 100 });
    fc.assert(
      fc.property(part, badChar, part, (before, bad, after) => {
        const input = before + bad + after;
        const check = checkDisplayName(input);
        expect(check.valid).toBe(false);
        if (check.valid) return;
        expect(["invalid_chars", "too_long"]).toContain(check.reason);
        if (input.trim().length <= DISPLAY_NAME_MAX_LENGTH) expect(check.reason).toBe("invalid_chars");
      }),
    );
  });

  test("any failure carries a non-empty message", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (input) => {
        const check = checkDisplayName(input);
        if (!check.valid) expect(check.message.length).toBeGreaterThan(0);
      }),
    );
  });
});
