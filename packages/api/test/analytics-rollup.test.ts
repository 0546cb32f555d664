import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Invitation } from "@invite/db";
import { compactInvitationStats } from "../src/analytics/compact.ts";
import { setupApi, type TestApi } from "./support/api.ts";

/**
 * The rollup the triggers keep against the invitations themselves: generated invitations go
 * through generated lives (opened, delivered through the outbox, accepted, expired, revoked,
 * deleted, some left pending past their expiry), with compactions in between or after, and for
 * generated periods, whole days or not, within a month or across whole ones (the monthly
 * histograms), analytics.summary must say what the rows say. Seeded: a failure replays.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SEED = Number(process.env.FUZZ_SEED ?? 20261206);

let t: TestApi;
let admin: Awaited<ReturnType<TestApi["signedIn"]>>;
let inviters: string[];
beforeAll(async () => {
  t = await setupApi(); // the clock reads 2026-01-05T10:00Z
  admin = await t.signedIn("root@example.com", "ADMIN");
  inviters = [admin.user.id, (await t.signedIn("other@example.com", "ADMIN")).user.id];
});
afterAll(() => t?.close());

const start = new Date("2025-10-27T00:00:00Z").getTime(); // ten weeks before the clock
const SPAN = 68 * DAY; // invitations sent over November and December, and days either side

const life = fc.record({
  createdAfter: fc.integer({ min: 0, max: SPAN }),
  role: fc.constantFrom("ADMIN" as const, "MEMBER" as const),
  inviter: fc.constantFrom(0, 1, null),
  opened: fc.boolean(),
  delivered: fc.boolean(),
  // Accepted after 1 s to 3 days (log-uniform), or one of the other ends, or none yet.
  end: fc.oneof(
    // noBias: fast-check otherwise favours the range's ends, and nearly every time was 1 s.
    fc.noBias(fc.double({ min: 0, max: Math.log(3 * 86_400), noNaN: true })).map((ln) => ({ accepted: Math.max(1, Math.round(Math.exp(ln))) })),
    fc.constantFrom({ status: "EXPIRED" as const }, { status: "REVOKED" as const }, { status: "PENDING" as const }, { deleted: true as const }),
  ),
  expiresAfterHours: fc.integer({ min: 1, max: 72 }),
  compactBefore: fc.boolean(),
});

// A few days, or up to the whole span.
const period = fc
  .tuple(fc.integer({ min: -DAY, max: SPAN }), fc.oneof(fc.integer({ min: 1, max: 9 * DAY }), fc.integer({ min: 1, max: SPAN + 2 * DAY })), fc.boolean())
  .map(([offset, length, wholeDays]) => {
    const from = wholeDays ? Math.floor((start + offset) / DAY) * DAY : start + offset;
    return { from: new Date(from), to: new Date(from + (wholeDays ? Math.ceil(length / DAY) * DAY : length)) };
  });

/** Every invitation the lives make, and whole months of them. */
const whole = { from: new Date(start - DAY), to: new Date(start + SPAN + 2 * DAY) };

/** percentile_cont over exact seconds. */
function exactPercentile(values: number[], p: number) {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const [low, high] = [sorted[Math.floor(rank)]!, sorted[Math.ceil(rank)]!];
  return (low + (rank - Math.floor(rank)) * (high - low)) / 3600;
}

/** What analytics.summary must say of `rows`, from the rows alone. */
function expected(rows: Invitation[], from: Date, to: Date, now: Date) {
  const cohort = rows.filter((row) => row.createdAt >= from && row.createdAt < to);
  const figures = (group: Invitation[]) => {
    const accepted = group.filter((row) => row.status === "ACCEPTED" && row.acceptedAt);
    const times = accepted.map((row) => (row.acceptedAt!.getTime() - row.createdAt.getTime()) / 1000);
    return {
      counts: {
        sent: group.length,
        delivered: group.filter((row) => row.deliveredAt).length,
        opened: group.filter((row) => row.firstViewedAt).length,
        accepted: accepted.length,
        expired: group.filter((row) => row.status === "EXPIRED" || (row.status === "PENDING" && row.expiresAt <= now)).length,
      },
      median: exactPercentile(times, 0.5),
      p90: exactPercentile(times, 0.9),
    };
  };
  const by = <K,>(key: (row: Invitation) => K) => {
    const groups = new Map<K, Invitation[]>();
    for (const row of cohort) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
    return groups;
  };
  return { total: figures(cohort), byRole: by((row) => row.role), byInviter: by((row) => row.invitedById), figures, cohort };
}

function expectClose(actual: number | null, exact: number | null) {
  if (exact === null) return expect(actual).toBeNull();
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - exact)).toBeLessThanOrEqual(exact * 0.01 + 0.005);
}

function expectFigures(actual: { medianHoursToAccept: number | null; p90HoursToAccept: number | null }, wanted: ReturnType<ReturnType<typeof expected>["figures"]>) {
  expect(actual).toMatchObject(wanted.counts);
  expectClose(actual.medianHoursToAccept, wanted.median);
  expectClose(actual.p90HoursToAccept, wanted.p90);
}

describe("the analytics rollup", () => {
  it("says what the invitations say, whatever happened to them and whenever it was compacted", { timeout: 240_000 }, async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(life, { minLength: 1, maxLength: 12 }), fc.array(period, { minLength: 1, maxLength: 3 }), fc.boolean(), async (lives, periods, compactAfter) => {
        await t.prisma.invitation.deleteMany(); // through the delete trigger: their rows net to nothing
        const created = await t.prisma.invitation.createManyAndReturn({
          data: lives.map((l) => {
            const createdAt = new Date(start + l.createdAfter);
            return {
              email: `person-${++n}@example.com`,
              role: l.role,
              createdAt,
              expiresAt: new Date(createdAt.getTime() + l.expiresAfterHours * HOUR),
              lifetimeHours: l.expiresAfterHours,
              invitedById: l.inviter === null ? null : inviters[l.inviter]!,
            };
          }),
        });
        for (const [i, l] of lives.entries()) {
          const row = created[i]!;
          if (l.compactBefore) await compactInvitationStats(t.prisma);
          if (l.opened) await t.prisma.invitation.update({ where: { id: row.id }, data: { firstViewedAt: new Date(row.createdAt.getTime() + 60_000) } });
          if (l.delivered) {
            // Queued, then recorded SENT: the database stamps the invitation delivered.
            const email = await t.prisma.emailMessage.create({ data: { invitationId: row.id, to: row.email, template: "invitation", payload: {} } });
            await t.prisma.emailMessage.update({ where: { id: email.id }, data: { status: "SENT", sentAt: new Date(row.createdAt.getTime() + 5_000) } });
          }
          const end = l.end;
          if ("accepted" in end) {
            await t.prisma.invitation.update({ where: { id: row.id }, data: { status: "ACCEPTED", acceptedAt: new Date(row.createdAt.getTime() + end.accepted * 1000) } });
          } else if ("deleted" in end) {
            await t.prisma.invitation.delete({ where: { id: row.id } });
          } else if (end.status !== "PENDING") {
            await t.prisma.invitation.update({ where: { id: row.id }, data: { status: end.status } });
          }
        }
        if (compactAfter) await compactInvitationStats(t.prisma);
        const rows = await t.prisma.invitation.findMany();
        for (const { from, to } of [...periods, whole]) {
          const summary = await admin.api.analytics.summary({ from, to });
          const want = expected(rows, from, to, t.clock.now());
          expectFigures(summary, want.total);
          expect(summary.byRole.map((r) => r.role)).toEqual([...want.byRole.keys()].sort());
          for (const r of summary.byRole) expectFigures(r, want.figures(want.byRole.get(r.role)!));
          expect(summary.byInviter).toHaveLength(want.byInviter.size);
          for (const r of summary.byInviter) expectFigures(r, want.figures(want.byInviter.get(r.inviter?.id ?? null)!));
          expect(summary.byWeek.reduce((sum, w) => sum + w.sent, 0)).toBe(want.cohort.length);
          const chartEnd = new Date(`${summary.byWeek.at(-1)!.start}T00:00:00Z`).getTime() + 7 * DAY;
          const acceptedInPeriod = want.cohort.filter((row) => row.status === "ACCEPTED" && row.acceptedAt!.getTime() < chartEnd);
          expect(summary.byWeek.reduce((sum, w) => sum + w.accepted, 0)).toBe(acceptedInPeriod.length);
        }
      }),
      { seed: SEED, numRuns: Number(process.env.FUZZ_RUNS ?? 25) },
    );
    // Compacted, the rollup holds a row per key and the same answers.
    const before = await admin.api.analytics.summary(whole);
    await compactInvitationStats(t.prisma);
    expect(await t.prisma.invitationStat.count({ where: { OR: [{ compacted: false }, { acceptBucket: { not: null } }] } })).toBe(0);
    expect(await t.prisma.invitationAcceptTime.count({ where: { compacted: false } })).toBe(0);
    expect(await admin.api.analytics.summary(whole)).toEqual(before);
  });
});
