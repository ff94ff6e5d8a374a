// Relative times as the console's pages say them, in both languages.
import { describe, expect, test } from "@jest/globals";
import { relativeTime } from "./time.js";

const now = new Date("2026-11-30T12:00:00Z");
const from = (ms: number) => new Date(now.getTime() + ms);

describe("relativeTime", () => {
  test("the largest whole unit, before and after now, in English and Chinese", () => {
    expect(relativeTime(from(4 * 60_000), "en", now)).toBe("in 4 minutes");
    expect(relativeTime(from(-3 * 3_600_000), "en", now)).toBe("3 hours ago");
    expect(relativeTime(from(-86_400_000), "en", now)).toBe("yesterday");
    expect(relativeTime(from(-14 * 86_400_000), "en", now)).toBe("2 weeks ago");
    expect(relativeTime(from(4 * 60_000), "zh", now)).toBe("4分钟后");
  });

  test("within five seconds either way is 'now'; beyond, seconds count", () => {
    expect(relativeTime(from(-4_000), "en", now)).toBe("now");
    expect(relativeTime(from(4_000), "zh", now)).toBe("现在");
    expect(relativeTime(from(30_000), "en", now)).toBe("in 30 seconds");
  });
});
