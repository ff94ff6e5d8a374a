import { describe, expect, test } from "@jest/globals";
import { generateTemplateId, isTemplateId, looksLikeTemplateId, TEMPLATE_ID_PATTERN, TEMPLATE_ID_PREFIX } from "./ids.js";

describe("generateTemplateId", () => {
  test("a generated id is 'tpl-' followed by 24 lower-case hex characters", () => {
    expect(generateTemplateId()).toMatch(/^tpl-[0-9a-f]{24}$/);
  });

  test("1000 generated ids all have the right format and are distinct", () => {
    const ids = Array.from({ length: 1000 }, () => generateTemplateId());
    for (const id of ids) expect(id).toMatch(/^tpl-[0-9a-f]{24}$/);
    expect(new Set(ids).size).toBe(1000);
  });

  test("a generated id passes isTemplateId and looksLikeTemplateId", () => {
    const id = generateTemplateId();
    expect(isTemplateId(id)).toBe(true);
    expect(looksLikeTemplateId(id)).toBe(true);
  });

  test("the prefix and pattern constants describe the generated ids", () => {
    expect(TEMPLATE_ID_PREFIX).toBe("tpl-");
    expect(new RegExp(TEMPLATE_ID_PATTERN).test(generateTemplateId())).toBe(true);
  });
});

describe("isTemplateId", () => {
  const valid = "tpl-0123456789abcdef01234567";

  test("a well-formed id is a template id", () => {
    expect(isTemplateId(valid)).toBe(true);
  });

  test.each([
    ["upper-case hex", "tpl-0123456789ABCDEF01234567"],
    ["an upper-case prefix", "TPL-0123456789abcdef01234567"],
    ["23 hex characters", "tpl-0123456789abcdef0123456"],
    ["25 hex characters", "tpl-0123456789abcdef012345678"],
    ["a non-hex character", "tpl-0123456789abcdef0123456g"],
    ["no prefix", "0123456789abcdef01234567"],
    ["the snap- prefix", "snap-0123456789abcdef01234567"],
    ["surrounding spaces", ` ${"tpl-0123456789abcdef01234567"} `],
    ["a trailing newline", "tpl-0123456789abcdef01234567\n"],
    ["the prefix alone", "tpl-"],
    ["the empty string", ""],
  ])("a value with %s is not a template id", (_label, value) => {
    expect(isTemplateId(value)).toBe(false);
  });
});

describe("looksLikeTemplateId", () => {
  test.each(["tpl-abc", "TPL-abc", "Tpl-x", "tPl-", "  tpl-abc  ", "\tTPL-1\n", "tpl-0123456789abcdef01234567"])(
    "'%s' looks like a template id",
    (ref) => {
      expect(looksLikeTemplateId(ref)).toBe(true);
    },
  );

  test.each(["", "   ", "tpl", "tplx", "tpl_x", "my-tpl-x", "snap-abc", "template", "t pl-x"])(
    "'%s' does not look like a template id",
    (ref) => {
      expect(looksLikeTemplateId(ref)).toBe(false);
    },
  );
});
