/*
 * Distances in both directions: "in 47 hours", "in 7 days", "3 hours ago". `formatRelative`
 * in time.ts is for the past only (it reads future times as "just now"); expiry dates need
 * the future. Small on purpose: the accept-invite page (entry chunk) uses it.
 */

const format = new Intl.RelativeTimeFormat("en", { numeric: "always" });

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Rounded to the unit a person would use: minutes under 1½ hours, hours up to 48 (so a
 * fresh 48-hour invitation reads "in 48 hours" beside one a minute older), then days; "47
 * hours" is never shown as "1 day".
 */
export function formatDistance(date: Date, nowMs: number): string {
  const ms = date.getTime() - nowMs;
  const abs = Math.abs(ms);
  const sign = ms < 0 ? -1 : 1;
  if (abs < MINUTE) return ms < 0 ? "just now" : "in less than a minute";
  if (abs < 90 * MINUTE) return format.format(sign * Math.round(abs / MINUTE), "minute");
  if (abs < 2 * DAY + 30 * MINUTE) return format.format(sign * Math.round(abs / HOUR), "hour");
  return format.format(sign * Math.round(abs / DAY), "day");
}

const dateTime = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });

/** "Mar 3, 2026, 10:15 AM", as `formatDateTime` in time.ts (which the entry chunk can do without). */
export function formatWhen(date: Date): string {
  return dateTime.format(date);
}
