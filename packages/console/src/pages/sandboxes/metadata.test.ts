// The console's "key=value, key2=value2" metadata syntax: what the filter and start form accept.
import { describe, expect, test } from "@jest/globals";
import { formatMetadata, parseMetadata } from "./metadata.js";

describe("metadata typed as key=value pairs", () => {
  test("pairs separated by commas, spaces around them ignored, are read as a record", () => {
    expect(parseMetadata(" user = ana ,app=etl,, ")).toEqual({ ok: true, pairs: { user: "ana", app: "etl" } });
  });

  test("empty text is no pairs, and a value may be empty or hold '='", () => {
    expect(parseMetadata("   ")).toEqual({ ok: true, pairs: {} });
    expect(parseMetadata("flag=, expr=a=b")).toEqual({ ok: true, pairs: { flag: "", expr: "a=b" } });
  });

  test("a part without '=' or without a key is refused, naming that part", () => {
    expect(parseMetadata("user=ana, oops")).toEqual({ ok: false, part: "oops" });
    expect(parseMetadata("=value")).toEqual({ ok: false, part: "=value" });
  });

  test("formatting sorts by key and reads back to the same pairs", () => {
    const text = formatMetadata({ user: "ana", app: "etl" });
    expect(text).toBe("app=etl, user=ana");
    expect(parseMetadata(text)).toEqual({ ok: true, pairs: { app: "etl", user: "ana" } });
  });
});
