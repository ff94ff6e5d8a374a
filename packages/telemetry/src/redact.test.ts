import { describe, expect, test } from "@jest/globals";
import { redactedPath } from "./redact.js";

describe("redactedPath", () => {
  test("an upload link's token is masked, with or without a query", () => {
    expect(redactedPath("/uploads/abcDEF123_-xyz")).toBe("/uploads/{token}");
    expect(redactedPath("/uploads/abcDEF123_-xyz?x=1")).toBe("/uploads/{token}?x=1");
  });

  test.each(["/templates/lookup?name=uploads", "/templates/my-app", "/uploads", "/v2/uploads/abc"])("'%s' carries no credential and is kept as it is", (path) => {
    expect(redactedPath(path)).toBe(path);
  });
});
