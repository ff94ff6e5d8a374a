// Times in the sandboxes list: local time in the console's language (the time alone for today,
// with the date otherwise), how long ago or from now, and the full date for a tooltip.

import { intlLocale } from "../../i18n/time";

export { relativeTime } from "../../i18n/time";

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

/** "15:58:20": when the list was last loaded. */
export const shortTimeWithSeconds = (date: Date, language: string) => new Intl.DateTimeFormat(intlLocale(language), { timeStyle: "medium" }).format(date);
