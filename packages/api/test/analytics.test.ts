import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CookieJar, setupApi, type TestApi } from "./support/api.ts";
import { failure } from "./support/failure.ts";

const HOUR = 3_600_000;
let t: TestApi;
let root: Awaited<ReturnType<TestApi["signedIn"]>>;
let other: Awaited<ReturnType<TestApi["signedIn"]>>;
beforeAll(async () => {
  t = await setupApi(); // the clock reads 2026-01-05T10:00Z
  root = await t.signedIn("root@example.com", "ADMIN");
  other = await t.signedIn("other@example.com", "ADMIN");
});
afterAll(() => t?.close());

let n = 0;
/** An invitation as it stands after its life so far, with its emails; times are exact. */
async function invitation(options: {
  by: string | null;
  createdAt: string;
  role?: "ADMIN" | "MEMBER";
  status?: "PENDING" | "ACCEPTED" | "REVOKED" | "EXPIRED";
  acceptedAfterHours?: number;
  expiresAt?: string;
  viewed?: boolean;
  emails?: ("SENT" | "QUEUED" | "FAILED")[];
}) {
  const createdAt = new Date(options.createdAt);
  return t.prisma.invitation.create({
    data: {
      email: `person-${++n}@example.com`,
      role: options.role ?? "MEMBER",
      status: options.status ?? (options.acceptedAfterHours === undefined ? "PENDING" : "ACCEPTED"),
      createdAt,
      expiresAt: new Date(options.expiresAt ?? createdAt.getTime() + 30 * 24 * HOUR),
      lifetimeHours: 720,
      invitedById: options.by,
      acceptedAt: options.acceptedAfterHours === undefined ? null : new Date(createdAt.getTime() + options.acceptedAfterHours * HOUR),
      firstViewedAt: options.viewed ? new Date(createdAt.getTime() + HOUR / 2) : null,
      emails: {
        create: (options.emails ?? ["SENT"]).map((status) => ({
          to: `person-${n}@example.com`,
          template: "invitation",
          payload: {},
          status,
          sentAt: status === "SENT" ? createdAt : null,
        })),
      },
    },
  });
}

/** Hours to accept as the analytics give them: within 1% of the exact figure (the rollup's buckets). */
function expectHours(actual: number | null, exact: number) {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - exact)).toBeLessThanOrEqual(exact * 0.01 + 0.005);
}

/** A breakdown's figures, the hours apart (checked with expectHours). */
const counts = <T extends { medianHoursToAccept: number | null; p90HoursToAccept: number | null }>({ medianHoursToAccept: _median, p90HoursToAccept: _p90, ...rest }: T) => rest;

const period = { from: new Date("2025-12-20T00:00:00Z"), to: new Date("2026-01-03T00:00:00Z") };

describe("analytics.summary", () => {
  beforeAll(async () => {
    const [a, b] = [root.user.id, other.user.id];
    // Ten in the period. Accepted after 1, 2, 3, 4 and 10 hours: median 3, p90 4 + 0.6 × 6 = 7.6.
    await invitation({ by: a, createdAt: "2025-12-20T00:00:00Z", acceptedAfterHours: 1, viewed: true }); // the period's first instant counts
    await invitation({ by: a, createdAt: "2025-12-22T09:00:00Z", acceptedAfterHours: 2, viewed: true });
    await invitation({ by: a, createdAt: "2025-12-23T09:00:00Z", acceptedAfterHours: 3, viewed: true });
    await invitation({ by: b, createdAt: "2025-12-24T09:00:00Z", acceptedAfterHours: 4, viewed: true, role: "ADMIN" });
    await invitation({ by: b, createdAt: "2025-12-30T20:00:00Z", acceptedAfterHours: 10, viewed: true, role: "ADMIN" }); // accepted the next day
    await invitation({ by: a, createdAt: "2025-12-29T09:00:00Z", status: "EXPIRED", expiresAt: "2025-12-31T09:00:00Z", emails: ["FAILED"] });
    await invitation({ by: a, createdAt: "2025-12-29T10:00:00Z", status: "EXPIRED", expiresAt: "2025-12-31T10:00:00Z", viewed: true });
    // Still PENDING in the table, but past its expiry: expired by the clock.
    await invitation({ by: b, createdAt: "2025-12-30T09:00:00Z", expiresAt: "2026-01-02T09:00:00Z", emails: ["QUEUED"] });
    await invitation({ by: null, createdAt: "2026-01-01T09:00:00Z", status: "REVOKED", emails: ["FAILED", "SENT"] });
    await invitation({ by: a, createdAt: "2026-01-02T23:59:59.999Z" }); // pending, the period's last millisecond
    // Outside: just before the start and at the end (exclusive), both accepted quickly.
    await invitation({ by: a, createdAt: "2025-12-19T23:59:59.999Z", acceptedAfterHours: 0.5, viewed: true });
    await invitation({ by: a, createdAt: "2026-01-03T00:00:00Z", acceptedAfterHours: 0.5, viewed: true });
  });

  it("counts the period's funnel, its acceptance rate and how long accepting took", async () => {
    const summary = await root.api.analytics.summary(period);
    expect(summary).toMatchObject({
      sent: 10,
      delivered: 8, // one only FAILED, one still QUEUED; a retried FAILED then SENT counts once
      opened: 6,
      accepted: 5,
      expired: 3,
      acceptanceRate: 0.5,
    });
    expectHours(summary.medianHoursToAccept, 3);
    expectHours(summary.p90HoursToAccept, 7.6);
  });

  it("breaks the figures down per role and per inviter, most invitations first", async () => {
    const summary = await root.api.analytics.summary(period);
    expect(summary.byRole.map(counts)).toEqual([
      { role: "ADMIN", sent: 2, delivered: 2, opened: 2, accepted: 2, expired: 0, acceptanceRate: 1 },
      { role: "MEMBER", sent: 8, delivered: 6, opened: 4, accepted: 3, expired: 3, acceptanceRate: 0.375 },
    ]);
    const [admin, member] = summary.byRole;
    expectHours(admin!.medianHoursToAccept, 7);
    expectHours(admin!.p90HoursToAccept, 9.4);
    expectHours(member!.medianHoursToAccept, 2);
    expectHours(member!.p90HoursToAccept, 2.8);
    expect(summary.byInviter.map(({ inviter, sent, accepted, expired }) => [inviter?.email ?? null, sent, accepted, expired])).toEqual([
      ["root@example.com", 6, 3, 2],
      ["other@example.com", 3, 2, 1],
      [null, 1, 0, 0], // the revoked one's inviter was removed
    ]);
    expectHours(summary.byInviter[0]!.medianHoursToAccept, 2);
    expectHours(summary.byInviter[1]!.medianHoursToAccept, 7);
    expect(summary.byInviter[2]!.medianHoursToAccept).toBeNull();
    expect(summary.byInviter[0]!.inviter).toEqual({ id: root.user.id, name: "root", email: "root@example.com" });
  });

  it("gives a point per week (from Monday, UTC) and per day: invitations sent, and acceptances", async () => {
    const summary = await root.api.analytics.summary(period);
    expect(summary.byWeek).toEqual([
      { start: "2025-12-15", sent: 1, accepted: 1 },
      { start: "2025-12-22", sent: 3, accepted: 3 },
      { start: "2025-12-29", sent: 6, accepted: 1 },
    ]);
    expect(summary.byDay).toHaveLength(14);
    expect(summary.byDay![0]).toEqual({ start: "2025-12-20", sent: 1, accepted: 1 });
    expect(summary.byDay!.find((d) => d.start === "2025-12-31")).toEqual({ start: "2025-12-31", sent: 0, accepted: 1 });
    expect(summary.byDay!.reduce((sum, d) => sum + d.sent, 0)).toBe(10);
  });

  it("answers zeros for an empty period, and only weeks for a long one", async () => {
    const empty = await root.api.analytics.summary({ from: new Date("2024-01-01T00:00:00Z"), to: new Date("2024-01-08T00:00:00Z") });
    expect(empty).toMatchObject({ sent: 0, delivered: 0, opened: 0, accepted: 0, expired: 0, acceptanceRate: null, medianHoursToAccept: null, p90HoursToAccept: null, byInviter: [], byRole: [] });
    expect(empty.byWeek).toEqual([{ start: "2024-01-01", sent: 0, accepted: 0 }]);
    const year = await root.api.analytics.summary({ from: new Date("2025-01-06T00:00:00Z"), to: new Date("2026-01-05T00:00:00Z") });
    expect(year.byDay).toBeNull();
    expect(year.byWeek).toHaveLength(52);
    expect(year.sent).toBe(12);
  });

  it("refuses members and strangers, and periods that are backwards, too long or absurd", async () => {
    expect(await failure((await t.signedIn("member@example.com")).api.analytics.summary(period))).toMatchObject({ code: "FORBIDDEN" });
    expect(await failure((await t.caller(new CookieJar())).analytics.summary(period))).toMatchObject({ code: "UNAUTHORIZED" });
    const refused = async (input: { from: Date; to: Date }) => (await failure(root.api.analytics.summary(input))).message;
    expect(await refused({ from: period.to, to: period.from })).toMatch(/end after it starts/);
    expect(await refused({ from: period.from, to: period.from })).toMatch(/end after it starts/);
    expect(await refused({ from: new Date("2024-01-01T00:00:00Z"), to: new Date("2025-01-03T00:00:00Z") })).toMatch(/at most 367 days/);
    expect(await refused({ from: new Date("1970-01-01T00:00:00Z"), to: new Date("1970-01-02T00:00:00Z") })).toMatch(/between 2000 and 2100/);
    expect(await refused({ from: new Date(Number.NaN), to: period.to })).toBeTruthy();
  });
});

describe("invitation.preview marks the invitation opened", () => {
  it("once, at the first preview, and changes nothing else", async () => {
    const created = await root.api.invitation.create({ email: "opened@example.com" });
    const token = created.inviteUrl.split("/invite/")[1]!;
    const before = await t.prisma.invitation.findUniqueOrThrow({ where: { id: created.invitation.id } });
    expect(before.firstViewedAt).toBeNull();

    const anonymous = await t.caller(new CookieJar());
    const firstSeen = t.clock.now();
    await anonymous.invitation.preview({ token });
    t.clock.advance(HOUR);
    await anonymous.invitation.preview({ token });

    const after = await t.prisma.invitation.findUniqueOrThrow({ where: { id: created.invitation.id } });
    expect(after.firstViewedAt).toEqual(firstSeen);
    const { firstViewedAt: _a, ...rest } = after;
    const { firstViewedAt: _b, ...was } = before;
    expect(rest).toEqual(was); // status, token, updatedAt, sendCount: as they were
    expect(await t.prisma.webhookDelivery.count()).toBe(0);

    // The link still works: a preview consumed nothing.
    const joined = await anonymous.invitation.accept({ token, password: "correct horse battery staple 42", name: "Opened" });
    expect(joined.user.email).toBe("opened@example.com");
    const day = { from: new Date(firstSeen.getTime() - HOUR), to: new Date(firstSeen.getTime() + 2 * HOUR) };
    expect(await root.api.analytics.summary(day)).toMatchObject({ sent: 1, opened: 1, accepted: 1 });
  });
});
