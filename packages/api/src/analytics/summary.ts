import { Prisma } from "@invite/db";
import { ANALYTICS_DAILY_MAX_DAYS, ANALYTICS_INVITERS_MAX, type Role } from "@invite/schemas";
import type { Services } from "../context.ts";
import { add, percentile, type Histogram } from "./histogram.ts";

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

/** Counts of one grouped key of the rollup: a role and inviter, a day sent, or a day accepted. */
interface CountRow {
  kind: "key" | "day" | "accepted-day";
  role: Role | null;
  inviterId: string | null;
  day: string | null;
  sent: number;
  delivered: number;
  opened: number;
  accepted: number;
  expired: number;
}

/** Accepted invitations of a role and inviter whose time to accept fell in a bucket. */
interface TimeRow {
  role: Role;
  inviterId: string | null;
  acceptBucket: number;
  accepted: number;
}

/** Counts and times to accept, summed over rows. */
class Tally {
  sent = 0;
  delivered = 0;
  opened = 0;
  accepted = 0;
  expired = 0;
  readonly times: Histogram = new Map();

  add(row: CountRow | TimeRow) {
    if ("acceptBucket" in row) {
      add(this.times, row.acceptBucket, row.accepted);
    } else {
      this.sent += row.sent;
      this.delivered += row.delivered;
      this.opened += row.opened;
      this.accepted += row.accepted;
      this.expired += row.expired;
    }
    return this;
  }

  figures(): Figures {
    return {
      sent: this.sent,
      delivered: this.delivered,
      opened: this.opened,
      accepted: this.accepted,
      expired: this.expired,
      acceptanceRate: this.sent ? this.accepted / this.sent : null,
      medianHoursToAccept: hours(percentile(this.times, 0.5)),
      p90HoursToAccept: hours(percentile(this.times, 0.9)),
    };
  }
}

/** Rows grouped by a key, each group's tally. */
function tallies<K>(rows: (CountRow | TimeRow)[], key: (row: CountRow | TimeRow) => K): Map<K, Tally> {
  const groups = new Map<K, Tally>();
  for (const row of rows) {
    const k = key(row);
    groups.set(k, (groups.get(k) ?? new Tally()).add(row));
  }
  return groups;
}

const hours = (seconds: number | null) => (seconds === null ? null : Math.round((seconds / 3600) * 100) / 100);

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

/** Sent and accepted per bucket, from counts per UTC day (a week's bucket is its Monday). */
function series(sentPerDay: CountRow[], acceptedPerDay: CountRow[], unit: "day" | "week", from: Date, to: Date): SeriesPoint[] {
  const points = new Map(buckets(from, to, unit).map((start) => [start, { start, sent: 0, accepted: 0 }]));
  const bucketOf = (dayText: string) => {
    if (unit === "day") return dayText;
    const date = new Date(`${dayText}T00:00:00Z`);
    return day(new Date(date.getTime() - ((date.getUTCDay() + 6) % 7) * DAY_MS));
  };
  // Acceptances after the period's end fall outside the chart; the totals still count them.
  for (const [rows, field] of [[sentPerDay, "sent"], [acceptedPerDay, "accepted"]] as const) {
    for (const row of rows) {
      const point = row.day ? points.get(bucketOf(row.day)) : undefined;
      if (point) point[field] += row[field];
    }
  }
  return [...points.values()];
}

/** The first instant of the UTC month holding `date`, or of the next one (`next`). */
const month = (date: Date, next = false) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + (next ? 1 : 0), 1));

/**
 * The invitations created in [from, to) and what became of them so far, in two statements run
 * side by side. Counts: the daily rollup (InvitationStat, kept by triggers) for the period's whole
 * UTC days, the invitations themselves for its partial first and last days, as the rollup would
 * count them, then pending invitations past their expiry (expired by the clock before the
 * maintenance job writes it), grouped per role and inviter, per day sent and per day accepted.
 * Times to accept: the monthly histograms for its whole months, the daily ones for its other
 * whole days, the rollup rows not yet moved there, and the partial days' invitations, per role,
 * inviter and bucket. The totals, breakdowns and percentiles are summed from those here; the work
 * grows with the months, days and keys, not with the invitations.
 */
export async function analyticsSummary(services: Services, input: { from: Date; to: Date }) {
  const { prisma } = services.db;
  const { from, to } = input;
  const now = services.clock.now();
  // The whole days [firstDay, lastDay) and the whole months [firstMonth, lastMonth) within them;
  // none when the period is within one day, or within one month.
  let firstDay = new Date(Math.ceil(from.getTime() / DAY_MS) * DAY_MS);
  let lastDay = new Date(Math.floor(to.getTime() / DAY_MS) * DAY_MS);
  if (firstDay >= lastDay) firstDay = lastDay = to;
  let firstMonth = firstDay.getTime() === month(firstDay).getTime() ? firstDay : month(firstDay, true);
  let lastMonth = month(lastDay);
  if (firstMonth >= lastMonth) firstMonth = lastMonth = lastDay;
  const at = (date: Date) => Prisma.sql`${date.toISOString()}::timestamp(3)`;
  const partialDays = Prisma.sql`(i."createdAt" >= ${at(from)} AND i."createdAt" < ${at(firstDay)})
         OR (i."createdAt" >= ${at(lastDay)} AND i."createdAt" < ${at(to)})`;
  // Each a transaction of its own, so both run at once (on PostgreSQL) and neither is planned
  // for parallel workers, whose start costs more than these small scans (30 ms on 2 cores). Two
  // snapshots a moment apart: an acceptance landing between them may count before its time does.
  const serial = Prisma.sql`SET LOCAL max_parallel_workers_per_gather = 0`;
  const [[, rows], [, times]] = await Promise.all([
    prisma.$transaction([prisma.$executeRaw(serial), prisma.$queryRaw<CountRow[]>`
      WITH r AS (
        SELECT "day", "role", "inviterId", "acceptedDay", "sent", "delivered", "opened", "accepted", "expired"
        FROM "InvitationStat"
        WHERE "day" >= ${at(firstDay)}::date AND "day" < ${at(lastDay)}::date
        UNION ALL
        SELECT s."day", s."role", s."inviterId", s."acceptedDay", 1, s."delivered", s."opened", s."accepted", s."expired"
        FROM "Invitation" AS i CROSS JOIN LATERAL invitation_stat_of(i) AS s
        WHERE ${partialDays}
        UNION ALL
        SELECT i."createdAt"::date, i."role", i."invitedById", NULL, 0, 0, 0, 0, 1
        FROM "Invitation" AS i
        WHERE i."status" = 'PENDING' AND i."expiresAt" <= ${at(now)}
          AND i."createdAt" >= ${at(from)} AND i."createdAt" < ${at(to)}
      )
      SELECT CASE WHEN GROUPING("day") = 0 THEN 'day' WHEN GROUPING("acceptedDay") = 0 THEN 'accepted-day' ELSE 'key' END AS kind,
             "role", "inviterId", to_char(COALESCE("day", "acceptedDay"), 'YYYY-MM-DD') AS day,
             sum("sent")::int AS sent, sum("delivered")::int AS delivered, sum("opened")::int AS opened,
             sum("accepted")::int AS accepted, sum("expired")::int AS expired
      FROM r
      GROUP BY GROUPING SETS (("role", "inviterId"), ("day"), ("acceptedDay"))`]),
    prisma.$transaction([prisma.$executeRaw(serial), prisma.$queryRaw<TimeRow[]>`
      WITH t AS (
        SELECT "role", "inviterId", "acceptBucket", "accepted"
        FROM "InvitationAcceptTime"
        WHERE "monthly" AND "day" >= ${at(firstMonth)}::date AND "day" < ${at(lastMonth)}::date
        UNION ALL
        SELECT "role", "inviterId", "acceptBucket", "accepted"
        FROM "InvitationAcceptTime"
        WHERE NOT "monthly" AND (("day" >= ${at(firstDay)}::date AND "day" < ${at(firstMonth)}::date)
                              OR ("day" >= ${at(lastMonth)}::date AND "day" < ${at(lastDay)}::date))
        UNION ALL
        SELECT "role", "inviterId", "acceptBucket", "accepted"
        FROM "InvitationStat"
        WHERE "acceptBucket" IS NOT NULL AND "day" >= ${at(firstDay)}::date AND "day" < ${at(lastDay)}::date
        UNION ALL
        SELECT s."role", s."inviterId", s."acceptBucket", s."accepted"
        FROM "Invitation" AS i CROSS JOIN LATERAL invitation_stat_of(i) AS s
        WHERE s."acceptBucket" IS NOT NULL AND (${partialDays})
      )
      SELECT "role", "inviterId", "acceptBucket"::int AS "acceptBucket", sum("accepted")::int AS accepted
      FROM t GROUP BY 1, 2, 3 HAVING sum("accepted") <> 0`]),
  ]);

  const keyed = [...rows.filter((row) => row.kind === "key"), ...times];
  const byInviter = [...tallies(keyed, (row) => row.inviterId)]
    .filter(([, tally]) => tally.sent > 0)
    .sort(([a, x], [b, y]) => y.sent - x.sent || String(a).localeCompare(String(b)))
    .slice(0, ANALYTICS_INVITERS_MAX);
  const ids = byInviter.flatMap(([id]) => (id ? [id] : []));
  const users = new Map(
    (await prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, email: true } })).map((user) => [user.id, user]),
  );
  const sentPerDay = rows.filter((row) => row.kind === "day");
  const acceptedPerDay = rows.filter((row) => row.kind === "accepted-day");
  const daily = to.getTime() - from.getTime() <= ANALYTICS_DAILY_MAX_DAYS * DAY_MS;
  return {
    from,
    to,
    ...keyed.reduce((total, row) => total.add(row), new Tally()).figures(),
    /** Most invitations first; `inviter` is null for those whose inviter's account was removed. */
    byInviter: byInviter.map(([id, tally]) => ({ inviter: (id && users.get(id)) || null, ...tally.figures() })),
    byRole: [...tallies(keyed, (row) => row.role!)]
      .filter(([, tally]) => tally.sent > 0)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([role, tally]) => ({ role, ...tally.figures() })),
    byWeek: series(sentPerDay, acceptedPerDay, "week", from, to),
    /** Null for periods longer than ANALYTICS_DAILY_MAX_DAYS. */
    byDay: daily ? series(sentPerDay, acceptedPerDay, "day", from, to) : null,
  };
}
