import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "../src/auth/tokens.ts";
import { createManyInvitations } from "../src/invitations/service.ts";
import { CookieJar, setupApi, STRONG_PASSWORD, type TestApi } from "./support/api.ts";
import { failure } from "./support/failure.ts";

/*
 * invitation.createMany: create's rules for every person of a list, answered in order, in
 * chunks of set-based SQL; the admin's hourly allowance (a setting) spent up front.
 */

let t: TestApi;
beforeAll(async () => {
  t = await setupApi();
});
afterAll(() => t?.close());

const tokenOf = (inviteUrl: string) => inviteUrl.split("/invite/")[1]!;
let admins = 0;
/** Each test its own admin, so their hourly allowances don't mix. */
const newAdmin = () => t.signedIn(`bulk-admin-${++admins}@example.com`, "ADMIN");
const people = (...emails: string[]) => emails.map((email) => ({ email }));
const limited = { code: "TOO_MANY_REQUESTS", reason: "RATE_LIMITED" };

/** Every row createMany writes for these addresses, to show that a refused call wrote none. */
async function rowsFor(emails: string[]) {
  const invitations = await t.prisma.invitation.findMany({ where: { email: { in: emails } }, select: { id: true } });
  const ids = invitations.map((i) => i.id);
  return {
    invitations: invitations.length,
    emails: await t.prisma.emailMessage.count({ where: { to: { in: emails } } }),
    audit: await t.prisma.auditEvent.count({ where: { targetId: { in: ids } } }),
  };
}

describe("invitation.createMany", () => {
  it("answers a mixed list in input order: invited, already a member, invalid, a repeat, renewed", async () => {
    const admin = await newAdmin();
    await t.createUser("mixed-member@example.com");
    const earlier = await admin.api.invitation.create({ email: "mixed-pending@example.com" });
    const { results } = await admin.api.invitation.createMany({
      people: [
        { email: "  Mixed-New@Example.com ", name: "Ada Lovelace" },
        { email: "MIXED-MEMBER@example.com" },
        { email: "not-an-address" },
        { email: "mixed-new@example.com" },
        { email: "mixed-pending@example.com" },
        { email: "mixed-other@example.com" },
      ],
      message: "Welcome!",
    });
    expect(results.map(({ email, outcome, reason }) => ({ email, outcome, reason }))).toEqual([
      { email: "mixed-new@example.com", outcome: "invited", reason: undefined },
      { email: "mixed-member@example.com", outcome: "already_member", reason: undefined },
      { email: "not-an-address", outcome: "invalid", reason: "INVALID_EMAIL" },
      { email: "mixed-new@example.com", outcome: "invalid", reason: "DUPLICATE" },
      { email: "mixed-pending@example.com", outcome: "renewed", reason: undefined },
      { email: "mixed-other@example.com", outcome: "invited", reason: undefined },
    ]);

    // Each invitation reads back exactly as answered, with its sealed email and its audit event.
    for (const index of [0, 4, 5]) {
      const { invitation, inviteUrl } = results[index]!;
      expect(invitation).toEqual(await admin.api.invitation.get({ id: invitation!.id }));
      expect(invitation).toMatchObject({ status: "PENDING", role: "MEMBER", message: "Welcome!", delivery: { status: "QUEUED" } });
      const token = tokenOf(inviteUrl!);
      expect(inviteUrl).toBe(`https://app.example.com/invite/${token}`);
      const row = await t.prisma.invitation.findUniqueOrThrow({ where: { id: invitation!.id } });
      expect(Buffer.from(row.tokenHash!)).toEqual(Buffer.from(hashToken(token)));
      const queued = await t.prisma.emailMessage.findMany({ where: { invitationId: invitation!.id, status: "QUEUED" } });
      expect(queued).toHaveLength(1);
      expect(queued[0]).toMatchObject({ to: invitation!.email, template: "invitation", payload: { message: "Welcome!", role: "MEMBER" } });
      expect(t.services.sealer.unseal(queued[0]!.sealedSecret!)).toBe(token);
      expect((await (await t.caller()).invitation.preview({ token })).email).toBe(invitation!.email);
    }
    expect(results[4]!.invitation!.id).toBe(earlier.invitation.id);
    const audit = await t.prisma.auditEvent.findMany({
      where: { targetId: { in: [0, 4, 5].map((i) => results[i]!.invitation!.id) } },
      orderBy: { id: "asc" },
    });
    expect(audit.map((e) => [e.action, e.data])).toEqual([
      ["invitation.create", { email: "mixed-pending@example.com", role: "MEMBER" }], // the earlier create
      ["invitation.create", { email: "mixed-new@example.com", role: "MEMBER", name: "Ada Lovelace" }], // the name the list gave
      ["invitation.refresh", { email: "mixed-pending@example.com", role: "MEMBER" }],
      ["invitation.create", { email: "mixed-other@example.com", role: "MEMBER" }],
    ]);
    expect(audit.every((e) => e.actorId === admin.user.id && e.ip === "203.0.113.7")).toBe(true);
    // Nothing for the member, the invalid entry or the repeat.
    expect(await t.prisma.invitation.count({ where: { email: { in: ["mixed-member@example.com", "mixed-new@example.com"] } } })).toBe(1);
  });

  it("renewing kills the old link and its waiting email; the new one works, and the list's name is offered at accept", async () => {
    const admin = await newAdmin();
    const first = await admin.api.invitation.create({ email: "renew@example.com" });
    const { results } = await admin.api.invitation.createMany({ people: [{ email: "renew@example.com", name: "Grace Hopper" }] });
    expect(results[0]).toMatchObject({ outcome: "renewed", invitation: { id: first.invitation.id, sendCount: 2 } });
    const anonymous = await t.caller();
    expect(await failure(anonymous.invitation.preview({ token: tokenOf(first.inviteUrl) }))).toMatchObject({ reason: "INVITATION_NOT_FOUND" });
    const emails = await t.prisma.emailMessage.findMany({ where: { invitationId: first.invitation.id }, orderBy: { id: "asc" } });
    expect(emails.map((e) => [e.status, e.lastError, e.sealedSecret === null])).toEqual([
      ["FAILED", "Superseded by a newer link.", true],
      ["QUEUED", null, false],
    ]);
    expect(await t.prisma.invitation.count({ where: { email: "renew@example.com" } })).toBe(1);

    const accepted = await (await t.caller(new CookieJar())).invitation.accept({ token: tokenOf(results[0]!.inviteUrl!), password: STRONG_PASSWORD });
    expect(accepted.user).toMatchObject({ email: "renew@example.com", name: "Grace Hopper" });
  });

  it("never grants more than the inviter has: a role above theirs is refused whole, and only admins may call", async () => {
    const member = await t.signedIn("bulk-member@example.com", "MEMBER");
    expect(await failure(member.api.invitation.createMany({ people: people("x1@example.com") }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await failure((await t.caller()).invitation.createMany({ people: people("x1@example.com") }))).toMatchObject({ code: "UNAUTHORIZED" });
    // The API's callers are all admins; the domain function itself refuses a member's ADMIN list.
    const refused = createManyInvitations(t.services, { user: member.user, ip: null }, { people: people("x2@example.com"), role: "ADMIN" });
    await expect(refused).rejects.toMatchObject({ reason: "ROLE_NOT_ALLOWED" });
    expect(await rowsFor(["x1@example.com", "x2@example.com"])).toEqual({ invitations: 0, emails: 0, audit: 0 });
  });

  it("a list larger than what is left of the hour's allowance is refused up front, saying how many may go, with nothing written", async () => {
    const admin = await newAdmin();
    await t.services.limits.invitesPerAdmin.penalty(admin.user.id, 500 - 6);
    const emails = Array.from({ length: 8 }, (_, i) => `over-${i}@example.com`);
    const bucket = () => t.prisma.rateLimit.findUniqueOrThrow({ where: { key: `invitesPerAdmin:${admin.user.id}` } });
    const before = await bucket();

    const refused = await failure(admin.api.invitation.createMany({ people: people(...emails) }));
    expect(refused).toMatchObject(limited);
    expect(refused.message).toMatch(/only 6 more this hour/);
    expect(refused.details).toMatchObject({ remaining: 6, allowance: 500, requested: 8, retryAfterSeconds: expect.any(Number) });
    expect(await rowsFor(emails)).toEqual({ invitations: 0, emails: 0, audit: 0 });
    expect(await t.prisma.rateLimit.count({ where: { key: { in: emails.map((e) => `invitesPerRecipient:${e}`) } } })).toBe(0);
    expect(await bucket()).toEqual(before);

    // Six fit, and then nothing is left, not even for create.
    expect((await admin.api.invitation.createMany({ people: people(...emails.slice(0, 6)) })).results.every((r) => r.outcome === "invited")).toBe(true);
    expect((await bucket()).points).toBe(500);
    expect(await failure(admin.api.invitation.create({ email: "one-more@example.com" }))).toMatchObject(limited);
  });

  it("settings.update({ invitesPerAdminPerHour }) sets the allowance that create, resend and createMany share", async () => {
    const admin = await newAdmin();
    expect(await admin.api.settings.get()).toMatchObject({ invitesPerAdminPerHour: 500 });
    try {
      await admin.api.settings.update({ registration: "INVITE_ONLY", defaultInviteHours: 48, invitesPerAdminPerHour: 3 });
      expect(await admin.api.settings.get()).toMatchObject({ registration: "INVITE_ONLY", defaultInviteHours: 48, invitesPerAdminPerHour: 3 });
      // Saving without the field keeps it (the settings page sends only what it shows).
      await admin.api.settings.update({ registration: "INVITE_ONLY", defaultInviteHours: 48 });
      expect((await admin.api.settings.get()).invitesPerAdminPerHour).toBe(3);

      const { invitation } = await admin.api.invitation.create({ email: "setting-1@example.com" });
      await admin.api.invitation.resend({ id: invitation.id });
      const tooMany = await failure(admin.api.invitation.createMany({ people: people("setting-2@example.com", "setting-3@example.com") }));
      expect(tooMany).toMatchObject(limited);
      expect(tooMany.details).toMatchObject({ remaining: 1, allowance: 3 });
      expect((await admin.api.invitation.createMany({ people: people("setting-2@example.com") })).results[0]!.outcome).toBe("invited");
      expect(await failure(admin.api.invitation.create({ email: "setting-3@example.com" }))).toMatchObject(limited);

      await admin.api.settings.update({ registration: "INVITE_ONLY", defaultInviteHours: 48, invitesPerAdminPerHour: 5 });
      expect((await admin.api.invitation.create({ email: "setting-3@example.com" })).invitation.status).toBe("PENDING");
      expect(await failure(admin.api.settings.update({ registration: "INVITE_ONLY", defaultInviteHours: 48, invitesPerAdminPerHour: 0 }))).toMatchObject({
        code: "BAD_REQUEST",
      });
    } finally {
      await admin.api.settings.update({ registration: "INVITE_ONLY", defaultInviteHours: 48, invitesPerAdminPerHour: 500 });
    }
  });

  it("counts only the emails it sends: members and recipients past their 5 an hour give their share back", async () => {
    const admin = await newAdmin();
    await t.createUser("refund-member@example.com");
    await t.services.limits.invitesPerRecipient.penalty("refund-busy@example.com", 5);
    const { results } = await admin.api.invitation.createMany({
      people: people("refund-member@example.com", "refund-busy@example.com", "refund-new@example.com"),
    });
    expect(results.map((r) => [r.outcome, r.reason])).toEqual([
      ["already_member", undefined],
      ["invalid", "RATE_LIMITED"],
      ["invited", undefined],
    ]);
    expect(await rowsFor(["refund-busy@example.com"])).toEqual({ invitations: 0, emails: 0, audit: 0 });
    const bucket = await t.prisma.rateLimit.findUniqueOrThrow({ where: { key: `invitesPerAdmin:${admin.user.id}` } });
    expect(bucket.points).toBe(1);
  });

  it("lists and single invitations at once never give one address two invitations", async () => {
    const admin = await newAdmin();
    const emails = Array.from({ length: 30 }, (_, i) => `race-${i}@example.com`);
    const calls = await Promise.allSettled([
      admin.api.invitation.createMany({ people: people(...emails) }),
      admin.api.invitation.createMany({ people: people(...[...emails].reverse()) }),
      ...emails.slice(0, 5).map((email) => admin.api.invitation.create({ email })),
    ]);
    expect(calls.map((c) => c.status)).toEqual(calls.map(() => "fulfilled"));
    const counts = await t.prisma.invitation.groupBy({ by: ["email"], where: { email: { in: emails } }, _count: true });
    expect(counts).toHaveLength(30);
    expect(counts.every((c) => c._count === 1)).toBe(true);
    // One live link each: every earlier queued email was superseded.
    expect(await t.prisma.emailMessage.count({ where: { to: { in: emails }, status: "QUEUED" } })).toBe(30);
  });

  it("a list and a single invitation for one address at the same moment make one invitation", async () => {
    const admin = await newAdmin();
    for (let round = 0; round < 15; round++) {
      const email = `same-moment-${round}@example.com`;
      const [list, single] = await Promise.all([
        admin.api.invitation.createMany({ people: people(`other-${round}@example.com`, email) }),
        admin.api.invitation.create({ email }),
      ]);
      expect(list.results[1]!.invitation!.id, `round ${round}`).toBe(single.invitation.id);
      expect(await t.prisma.invitation.count({ where: { email } })).toBe(1);
    }
  });

  it("invites 2,000 people in one call, in order, each with its email and audit event", async () => {
    const admin = await newAdmin();
    const emails = Array.from({ length: 2_000 }, (_, i) => `crowd-${String(i).padStart(4, "0")}@example.com`);
    await t.prisma.settings.upsert({ where: { id: 1 }, create: { id: 1, invitesPerAdminPerHour: 2_000 }, update: { invitesPerAdminPerHour: 2_000 } });
    try {
      const { results } = await admin.api.invitation.createMany({ people: people(...emails), expiresInHours: 168 });
      expect(results.map((r) => r.email)).toEqual(emails);
      expect(results.every((r) => r.outcome === "invited")).toBe(true);
      expect(new Set(results.map((r) => r.inviteUrl)).size).toBe(2_000);
      expect(await rowsFor(emails)).toEqual({ invitations: 2_000, emails: 2_000, audit: 2_000 });
      const last = await t.prisma.invitation.findFirstOrThrow({ where: { email: emails[1_999] } });
      expect(last.expiresAt.getTime() - t.clock.now().getTime()).toBe(168 * 3_600_000);
      // Newest first, as the admin's list shows: the list's last address on top.
      expect((await admin.api.invitation.list({ limit: 1, search: "crowd-" })).items[0]!.email).toBe(emails[1_999]);
    } finally {
      await t.prisma.settings.update({ where: { id: 1 }, data: { invitesPerAdminPerHour: 500 } });
    }
  });

  it("refuses an empty list, more than 10,000 people and an over-long entry before anything runs", async () => {
    const admin = await newAdmin();
    for (const list of [[], Array.from({ length: 10_001 }, (_, i) => ({ email: `n${i}@example.com` })), [{ email: "a".repeat(513) }]]) {
      expect(await failure(admin.api.invitation.createMany({ people: list }))).toMatchObject({ code: "BAD_REQUEST" });
    }
    expect(await t.prisma.rateLimit.count({ where: { key: `invitesPerAdmin:${admin.user.id}` } })).toBe(0);
  });
});
