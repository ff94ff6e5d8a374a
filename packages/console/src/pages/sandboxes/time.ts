// Times in the sandboxes list: local time in the console's language (the time alone for today,
// with the date otherwise), how long ago or from now, and the full date for a tooltip.

/** The locale Intl formats with for a console language ("zh" → Simplified Chinese). */
export const intlLocale = (language: string) => (language.startsWith("zh") ? "zh-CN" : "en");

const sameDay = (a: Date, b: Date) => a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();

/** "15:58" today, "Nov 29, 15:58" another day (each language's own order and words). */
export function shortTime(date: Date, language: string, now = new Date()): string {
  const options: Intl.DateTimeFormatOptions = sameDay(date, now) ? { hour: "numeric", minute: "2-digit" } : { month: "short", day: "numeric", hour: "numeric", minute: "2-digit" };
  return new Intl.DateTimeFormat(intlLocale(language), options).format(date);
}

/** The full local date and time, with seconds and the time zone. */
export function fullTime(date: Date, language: string): string {
  return new Intl.DateTimeFormat(intlLocale(language), { dateStyle: "medium", timeStyle: "long" }).format(date);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
  ["second", 1000],
];

/** "3 minutes ago", "in 5 minutes", "now": in the largest whole unit. */
export function relativeTime(date: Date, language: string, now = new Date()): string {
  const diff = date.getTime() - now.getTime();
  const format = new Intl.RelativeTimeFormat(intlLocale(language), { numeric: "auto" });
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms || unit === "second") return format.format(Math.trunc(diff / ms), unit);
  }
  return format.format(0, "second");
}

/** "15:58:20": when the list was last loaded. */
export const shortTimeWithSeconds = (date: Date, language: string) => new Intl.DateTimeFormat(intlLocale(language), { timeStyle: "medium" }).format(date);
