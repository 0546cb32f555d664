import { useSyncExternalStore } from "react";

/*
 * Relative times ("5 minutes ago") that stay current: `useNow()` re-renders its
 * users every 30 seconds from one shared timer, and only while something uses it.
 */

const TICK_MS = 30_000;
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;
const listeners = new Set<() => void>();

function tick() {
  now = Date.now();
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (!timer) {
    // The clock may have been idle since the last subscriber: catch up first.
    now = Date.now();
    timer = setInterval(tick, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The current time in ms, refreshed every 30 s. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}

const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

/** "just now", "5 minutes ago", "yesterday", "3 weeks ago". Future times (clock skew) read as "just now". */
export function formatRelative(date: Date, nowMs: number): string {
  const seconds = Math.round((nowMs - date.getTime()) / 1000);
  if (seconds < 45) return "just now";
  for (const [unit, size] of units) {
    if (seconds >= size) return relative.format(-Math.floor(seconds / size), unit);
  }
  return relative.format(-Math.max(1, Math.round(seconds / 60)), "minute");
}

const dateTime = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });
const dateOnly = new Intl.DateTimeFormat("en", { dateStyle: "medium" });

/** "Mar 3, 2026, 10:15 AM" */
export function formatDateTime(date: Date): string {
  return dateTime.format(date);
}

/** "Mar 3, 2026" */
export function formatDate(date: Date): string {
  return dateOnly.format(date);
}
