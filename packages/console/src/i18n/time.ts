// Times as every page of the console says them, in the console's language: the locale Intl
// formats with, and "3 minutes ago" / "in 4 minutes" / "now" in the largest whole unit.

/** The locale Intl formats with for a console language ("zh" → Simplified Chinese). */
export const intlLocale = (language: string) => (language.startsWith("zh") ? "zh-CN" : "en");

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 86_400_000],
  ["month", 30 * 86_400_000],
  ["week", 7 * 86_400_000],
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
  ["second", 1000],
];

/** How long before or after `now` `date` is: "5 minutes ago", "in 4 minutes", "5分钟前"; "now" within 5 s. */
export function relativeTime(date: Date, language: string, now = new Date()): string {
  const diff = date.getTime() - now.getTime();
  const format = new Intl.RelativeTimeFormat(intlLocale(language), { numeric: "auto" });
  if (Math.abs(diff) < 5000) return format.format(0, "second");
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return format.format(Math.round(diff / ms), unit);
  }
  return format.format(0, "second");
}
