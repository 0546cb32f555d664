import { Prisma } from "@invite/db";
import { ANALYTICS_DAILY_MAX_DAYS, ANALYTICS_INVITERS_MAX, type Role } from "@invite/schemas";
import type { Services } from "../context.ts";

const DAY_MS = 86_400_000;

/** What became of a set of invitations: the funnel, the rate and how long accepting took. */
export interface Figures {
  sent: number;
  /** At least one of its emails was handed to the mail server (the outbox's SENT). */
  delivered: number;
  /** Its link was previewed at least once (`firstViewedAt`). */
  opened: number;
  accepted: number;
  /** Expired unaccepted, by the stored status or by the clock. */
  expired: number;
  /** accepted / sent, 0 to 1; null when none was sent. */
  acceptanceRate: number | null;
  /** From sending (createdAt) to accepting, over the accepted ones; null when none was. */
  medianHoursToAccept: number | null;
  p90HoursToAccept: number | null;
}

/** One bucket of the time series: invitations sent in it, and acceptances (of the period's invitations) in it. */
export interface SeriesPoint {
  /** The bucket's first day, `YYYY-MM-DD` (UTC; weeks start on Monday). */
  start: string;
  sent: number;
  accepted: number;
}

interface Row {
  kind: "total" | "role" | "inviter" | "week" | "week-accepted" | "day" | "day-accepted";
  key: string | null;
  sent: number;
  delivered: number;
  opened: number;
  accepted: number;
  expired: number;
  median: number | null;
  p90: number | null;
}

const hours = (seconds: number | null) => (seconds === null ? null : Math.round((seconds / 3600) * 100) / 100);

function figures(row: Row | undefined): Figures {
  if (!row) return { sent: 0, delivered: 0, opened: 0, accepted: 0, expired: 0, acceptanceRate: null, medianHoursToAccept: null, p90HoursToAccept: null };
  return {
    sent: row.sent,
    delivered: row.delivered,
    opened: row.opened,
    accepted: row.accepted,
    expired: row.expired,
    acceptanceRate: row.sent ? row.accepted / row.sent : null,
    medianHoursToAccept: hours(row.median),
    p90HoursToAccept: hours(row.p90),
  };
}

const day = (date: Date) => date.toISOString().slice(0, 10);

/** Every bucket's start from the one holding `from` to the one holding the last instant before `to`. */
function buckets(from: Date, to: Date, unit: "day" | "week"): string[] {
  const first = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  if (unit === "week") first.setUTCDate(first.getUTCDate() - ((first.getUTCDay() + 6) % 7)); // back to Monday
  const step = unit === "week" ? 7 * DAY_MS : DAY_MS;
  const starts: string[] = [];
  for (let at = first.getTime(); at < to.getTime(); at += step) starts.push(day(new Date(at)));
  return starts;
}

function series(rows: Row[], unit: "day" | "week", from: Date, to: Date): SeriesPoint[] {
  const points = new Map(buckets(from, to, unit).map((start) => [start, { start, sent: 0, accepted: 0 }]));
  for (const row of rows) {
    // Acceptances after the period's end fall outside the chart; the totals still count them.
    const point = row.key ? points.get(row.key) : undefined;
    if (!point) continue;
    if (row.kind === unit) point.sent = row.sent;
    if (row.kind === `${unit}-accepted`) point.accepted = row.sent;
  }
  return [...points.values()];
}

/**
 * The invitations created in [from, to) and what became of them so far, in one statement: the
 * period's rows are read once (by the createdAt index) into a materialized CTE, then grouped for
 * the totals, per role and per inviter (GROUPING SETS), and per week (and day) of sending and of
 * accepting. Times are UTC; timestamps go in as ISO text cast to the columns' type, as Prisma
 * writes them.
 */
export async function analyticsSummary(services: Services, input: { from: Date; to: Date }) {
  const { prisma } = services.db;
  const { from, to } = input;
  const now = services.clock.now();
  const daily = to.getTime() - from.getTime() <= ANALYTICS_DAILY_MAX_DAYS * DAY_MS;
  const grouped = (unit: "day" | "week") => Prisma.sql`
    UNION ALL
    SELECT ${unit}, to_char(date_trunc(${unit}, created), 'YYYY-MM-DD'), count(*)::int, 0, 0, 0, 0, NULL, NULL
    FROM cohort GROUP BY 2
    UNION ALL
    SELECT ${`${unit}-accepted`}, to_char(date_trunc(${unit}, accepted_at), 'YYYY-MM-DD'), count(*)::int, 0, 0, 0, 0, NULL, NULL
    FROM cohort WHERE accepted GROUP BY 2`;
  const rows = await prisma.$queryRaw<Row[]>`
    WITH cohort AS MATERIALIZED (
      SELECT i."invitedById" AS inviter, i."role" AS role, i."createdAt" AS created, i."acceptedAt" AS accepted_at,
             (i."status" = 'ACCEPTED' AND i."acceptedAt" IS NOT NULL) AS accepted,
             (i."firstViewedAt" IS NOT NULL) AS opened,
             (i."status" = 'EXPIRED' OR (i."status" = 'PENDING' AND i."expiresAt" <= ${now.toISOString()}::timestamp(3))) AS expired,
             (d."id" IS NOT NULL) AS delivered
      FROM "Invitation" i
      -- A hash join, not an EXISTS per row: that one's cost estimate is so high PostgreSQL would JIT-compile
      -- the query (a second of compiling). An invitation's emails are never older than it.
      LEFT JOIN (
        SELECT DISTINCT "invitationId" AS "id" FROM "EmailMessage"
        WHERE "status" = 'SENT' AND "createdAt" >= ${from.toISOString()}::timestamp(3)
      ) d ON d."id" = i."id"
      WHERE i."createdAt" >= ${from.toISOString()}::timestamp(3) AND i."createdAt" < ${to.toISOString()}::timestamp(3)
    )
    SELECT CASE WHEN GROUPING(role) = 0 THEN 'role' WHEN GROUPING(inviter) = 0 THEN 'inviter' ELSE 'total' END AS kind,
           CASE WHEN GROUPING(role) = 0 THEN role::text ELSE inviter END AS key,
           count(*)::int AS sent,
           (count(*) FILTER (WHERE delivered))::int AS delivered,
           (count(*) FILTER (WHERE opened))::int AS opened,
           (count(*) FILTER (WHERE accepted))::int AS accepted,
           (count(*) FILTER (WHERE expired))::int AS expired,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM accepted_at - created)::float8) FILTER (WHERE accepted) AS median,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM accepted_at - created)::float8) FILTER (WHERE accepted) AS p90
    FROM cohort
    GROUP BY GROUPING SETS ((), (role), (inviter))
    ${grouped("week")}
    ${daily ? grouped("day") : Prisma.empty}`;

  const of = (kind: Row["kind"]) => rows.filter((row) => row.kind === kind);
  const inviterRows = of("inviter").sort((a, b) => b.sent - a.sent || String(a.key).localeCompare(String(b.key))).slice(0, ANALYTICS_INVITERS_MAX);
  const ids = inviterRows.flatMap((row) => (row.key ? [row.key] : []));
  const users = new Map(
    (await prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, email: true } })).map((user) => [user.id, user]),
  );
  return {
    from,
    to,
    ...figures(of("total")[0]),
    /** Most invitations first; `inviter` is null for those whose inviter's account was removed. */
    byInviter: inviterRows.map((row) => ({ inviter: (row.key && users.get(row.key)) || null, ...figures(row) })),
    byRole: of("role")
      .sort((a, b) => String(a.key).localeCompare(String(b.key)))
      .map((row) => ({ role: row.key as Role, ...figures(row) })),
    byWeek: series(rows, "week", from, to),
    /** Null for periods longer than ANALYTICS_DAILY_MAX_DAYS. */
    byDay: daily ? series(rows, "day", from, to) : null,
  };
}
