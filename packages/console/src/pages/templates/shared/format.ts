// Dates, durations and ids as the templates pages show them: local time in the console's
// language, "3 min ago", "1.2 s", and a build id cut to its first block.
import type { Language } from "../../../i18n";
import { intlLocale, relativeTime } from "../../../i18n/time";

/** A moment in local time, e.g. "Nov 30, 2026, 3:57 PM" / "2026年11月30日 15:57". */
export function formatDateTime(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(intlLocale(language), { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}

/** A log line's time of day, to the millisecond. */
export function formatTimeOfDay(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(intlLocale(language), { hour: "2-digit", minute: "2-digit", second: "2-digit", fractionalSecondDigits: 3, hour12: false }).format(new Date(iso));
}

/** How long ago (or from now) `iso` is from `now` (ms): "5 minutes ago", "5分钟前", "now". */
export function formatRelative(iso: string, now: number, language: Language): string {
  return relativeTime(new Date(iso), language, new Date(now));
}

/** A duration between two moments: "850 ms", "1.2 s", "3 min 5 s". */
export function formatDuration(fromIso: string, toIso: string): string {
  const ms = Math.max(0, new Date(toIso).getTime() - new Date(fromIso).getTime());
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
}

/** A build id (a UUID) as a row shows it: its first block. */
export const shortBuildId = (buildID: string) => buildID.split("-", 1)[0] ?? buildID;
