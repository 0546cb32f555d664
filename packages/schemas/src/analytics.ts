import { z } from "zod";

/*
 * Acceptance analytics (issue 15): how the invitations sent in a period fared. The period is
 * bounded so one question costs one bounded scan (bench/analytics.ts).
 */

/** The longest period one summary covers: a year and a day (a leap year's 366 days, plus slack for time zones). */
export const ANALYTICS_MAX_DAYS = 367;
/** Periods up to this long also get a point per day (`byDay`); longer ones only per week. */
export const ANALYTICS_DAILY_MAX_DAYS = 92;
/** The most inviters `byInviter` lists (those who sent the most); the totals count every one. */
export const ANALYTICS_INVITERS_MAX = 100;

const DAY_MS = 86_400_000;
// Dates before the project existed or far ahead are mistakes, not questions.
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);

const instant = (what: string, words: string) =>
  z
    .date({ error: `Give the period's ${what} as a date.` })
    .refine((date) => !Number.isNaN(date.getTime()) && date.getTime() >= EARLIEST && date.getTime() <= LATEST, `The period's ${what} must be between 2000 and 2100.`)
    // docs/CONTRACT.md's input limits, in words (JSON Schema cannot say a Date or a refinement).
    .meta({ description: words });

/** `from` inclusive, `to` exclusive; invitations created in between are the ones counted. */
export const analyticsSummaryInput = z
  .object({
    from: instant("start", "a Date, in 2000 to 2100"),
    to: instant("end", `a Date, in 2000 to 2100, after \`from\` and at most ${ANALYTICS_MAX_DAYS} days after it`),
  })
  .refine(({ from, to }) => from < to, { message: "The period must end after it starts.", path: ["to"] })
  .refine(({ from, to }) => to.getTime() - from.getTime() <= ANALYTICS_MAX_DAYS * DAY_MS, {
    message: `A period is at most ${ANALYTICS_MAX_DAYS} days.`,
    path: ["to"],
  });
export type AnalyticsSummaryInput = z.input<typeof analyticsSummaryInput>;
