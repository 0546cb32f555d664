import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "../src/auth/tokens.ts";
import { runMaintenance } from "../src/maintenance.ts";
import { RATE_LIMITS } from "../src/rate-limits.ts";
import { CookieJar, setupApi, STRONG_PASSWORD, type TestApi } from "./support/api.ts";
import { failure } from "./support/failure.ts";

let t: TestApi;
let admin: Awaited<ReturnType<TestApi["signedIn"]>>;
beforeAll(async () => {
  t = await setupApi();
  admin = await t.signedIn("admin@example.com", "ADMIN");
});
afterAll(() => t?.close());

const HOUR = 3_600_000;
const tokenOf = (inviteUrl: string) => inviteUrl.split("/invite/")[1]!;
let counter = 0;
const freshEmail = () => `person${++counter}@example.com`;

async function invite(email = freshEmail(), extra: Record<string, unknown> = {}) {
  const result = await admin.api.invitation.create({ email, ...extra });
  return { ...result, token: tokenOf(result.inviteUrl) };
}

async function accept(token: string, password = STRONG_PASSWORD, jar = new CookieJar()) {
  const api = await t.caller(jar);
  return { result: await api.invitation.accept({ token, password, name: "New Person" }), jar };
}

describe("invitation.create", () => {
  it("makes a 160-bit token, stores only its SHA-256 and builds the link from APP_URL (SECURITY 1, 2, 9)", async () => {
    const { invitation, inviteUrl, token } = await invite("New.Person@Example.com ");
    expect(invitation).toMatchObject({ email: "new.person@example.com", role: "MEMBER", status: "PENDING" });
    expect(inviteUrl).toBe(`https://app.example.com/invite/${token}`);
    expect(token).toMatch(/^[a-z2-7]{32}$/); // 32 base32 chars = 160 bits
    const row = await t.prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(Buffer.from(row.tokenHash!)).toEqual(Buffer.from(hashToken(token)));
    const everything = JSON.stringify(
      await Promise.all([t.prisma.invitation.findMany(), t.prisma.emailMessage.findMany(), t.prisma.auditEvent.findMany()]),
    );
    expect(everything).not.toContain(token);
    expect(JSON.stringify(invitation)).not.toMatch(/tokenHash|token/);
  });

  it("defaults to 48 hours and bounds the lifetime to 1 hour .. 30 days (SECURITY 4)", async () => {
    const { invitation } = await invite();
    expect(invitation.expiresAt.getTime() - t.clock.now().getTime()).toBe(48 * HOUR);
    expect(await failure(admin.api.invitation.create({ email: freshEmail(), expiresInHours: 0 }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await failure(admin.api.invitation.create({ email: freshEmail(), expiresInHours: 721 }))).toMatchObject({ code: "BAD_REQUEST" });
    const { invitation: week } = await invite(freshEmail(), { expiresInHours: 168 });
    expect(week.expiresAt.getTime() - t.clock.now().getTime()).toBe(168 * HOUR);
  });

  it("queues the email in the same transaction (outbox) with the token sealed, never in clear (SECURITY 31)", async () => {
    const { invitation, token } = await invite(freshEmail(), { message: "Welcome aboard!" });
    const emails = await t.prisma.emailMessage.findMany({ where: { invitationId: invitation.id } });
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({ to: invitation.email, template: "invitation", status: "QUEUED" });
    expect(t.services.sealer.unseal(emails[0]!.sealedSecret!)).toBe(token);
    expect(invitation.delivery).toMatchObject({ status: "QUEUED", attempts: 0 });
  });

  it("answers with the invitation exactly as the database now holds it", async () => {
    const email = freshEmail();
    const created = await invite(email, { message: "Hello" });
    expect(created.invitation).toEqual(await admin.api.invitation.get({ id: created.invitation.id }));
    // Refreshed by another admin: the answer names the new inviter and the new email.
    const other = await t.signedIn(`admin-${freshEmail()}`, "ADMIN");
    const refreshed = await other.api.invitation.create({ email, role: "ADMIN" });
    expect(refreshed.refreshed).toBe(true);
    expect(refreshed.invitation).toEqual(await admin.api.invitation.get({ id: created.invitation.id }));
    expect(refreshed.invitation.invitedBy?.email).toBe(other.user.email);
  });

  it("refuses an email that already has an account with ALREADY_MEMBER", async () => {
    await t.createUser("member@example.com");
    expect(await failure(admin.api.invitation.create({ email: "MEMBER@example.com" }))).toMatchObject({
      code: "CONFLICT",
      reason: "ALREADY_MEMBER",
    });
  });

  it("returns the pending invitation refreshed rather than a second one; the old link dies", async () => {
    const email = freshEmail();
    const first = await invite(email);
    const second = await invite(email);
    expect(second.invitation.id).toBe(first.invitation.id);
    expect(second.invitation.sendCount).toBe(2);
    expect(await t.prisma.invitation.count({ where: { email } })).toBe(1);
    expect(await failure((await t.caller()).invitation.preview({ token: first.token }))).toMatchObject({
      reason: "INVITATION_NOT_FOUND",
    });
  });

  it("only admins create, list, resend or revoke (SECURITY 12)", async () => {
    const member = await t.signedIn(freshEmail(), "MEMBER");
    const anonymous = await t.caller();
    const { invitation } = await invite();
    for (const call of [
      member.api.invitation.create({ email: freshEmail() }),
      member.api.invitation.list({}),
      member.api.invitation.resend({ id: invitation.id }),
      member.api.invitation.revoke({ id: invitation.id }),
      member.api.settings.update({ registration: "OPEN", defaultInviteHours: 48 }),
    ]) {
      expect(await failure(call)).toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await failure(anonymous.invitation.create({ email: freshEmail() }))).toMatchObject({ code: "UNAUTHORIZED" });
  });
});

describe("invitation.preview", () => {
  it("says who invited whom, as what, until when, and consumes nothing (SECURITY 7)", async () => {
    const { invitation, token } = await invite(freshEmail(), { role: "ADMIN", message: "Join us" });
    const anonymous = await t.caller();
    for (let i = 0; i < 3; i++) {
      expect(await anonymous.invitation.preview({ token })).toMatchObject({
        email: invitation.email,
        role: "ADMIN",
        inviterName: "admin",
        status: "PENDING",
        message: "Join us",
        methods: ["password"],
      });
    }
    expect((await t.prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).status).toBe("PENDING");
  });

  it.each([
    ["missing", undefined],
    ["empty", ""],
    ["a number", 42],
    ["truncated", "abc"],
    ["10 KB", "a".repeat(10 * 1024)],
    ["unknown", "a".repeat(32)],
  ])("answers a %s token with INVITATION_NOT_FOUND, a 404, never a 5xx (SECURITY 6)", async (_label, token) => {
    const api = await t.caller(new CookieJar(), "198.51.100.66");
    const notFound = { code: "NOT_FOUND", reason: "INVITATION_NOT_FOUND" };
    expect(await failure(api.invitation.preview({ token } as { token: string }))).toMatchObject(notFound);
    expect(await failure(api.invitation.accept({ token, password: STRONG_PASSWORD } as { token: string; password: string }))).toMatchObject(
      notFound,
    );
  });

  it("answers a token holding a NUL character with INVITATION_NOT_FOUND, like any malformed one", async () => {
    const api = await t.caller(new CookieJar(), "198.51.100.67");
    expect(await failure(api.invitation.preview({ token: "abc\u0000def" }))).toMatchObject({ reason: "INVITATION_NOT_FOUND" });
  });

  it("malformed tokens from everywhere never fill a shared bucket: the eleventh is still not found", async () => {
    for (let i = 0; i < 11; i++) {
      const api = await t.caller(new CookieJar(), `198.51.100.${100 + i}`);
      const result = await failure(api.invitation.accept({ token: "", password: STRONG_PASSWORD }));
      expect(result, `attempt ${i + 1}`).toMatchObject({ reason: "INVITATION_NOT_FOUND" });
    }
  });

  it("resending while the same email is invited again never deadlocks", async () => {
    for (let round = 0; round < 10; round++) {
      const email = freshEmail();
      const { invitation } = await invite(email);
      const results = await Promise.allSettled([
        admin.api.invitation.resend({ id: invitation.id }),
        admin.api.invitation.create({ email }),
      ]);
      expect(results.map((r) => r.status), `round ${round}`).toEqual(["fulfilled", "fulfilled"]);
    }
  });

  it("answers an altered token with INVITATION_NOT_FOUND", async () => {
    const { token } = await invite();
    const altered = token.slice(0, -1) + (token.endsWith("a") ? "b" : "a");
    expect(await failure((await t.caller()).invitation.preview({ token: altered }))).toMatchObject({
      code: "NOT_FOUND",
      reason: "INVITATION_NOT_FOUND",
    });
  });
});

describe("invitation.accept", () => {
  it("creates the user with the invited email and role, signs them in and uses the link up (SECURITY 3)", async () => {
    const { invitation, token } = await invite(freshEmail(), { role: "ADMIN" });
    const { result, jar } = await accept(token);
    expect(result.user).toMatchObject({ email: invitation.email, role: "ADMIN", name: "New Person", providers: ["password"] });
    expect(result.redirectTo).toBe("/");
    expect((await (await t.caller(jar)).auth.me())?.email).toBe(invitation.email);
    const view = await admin.api.invitation.get({ id: invitation.id });
    expect(view.status).toBe("ACCEPTED");
    expect(view.acceptedAt).toEqual(t.clock.now());
    expect(await failure(accept(token))).toMatchObject({ code: "CONFLICT", reason: "INVITATION_USED" });
    expect((await (await t.caller()).invitation.preview({ token })).status).toBe("ACCEPTED");
  });

  it("checks expiry on the server at accept time (SECURITY 4)", async () => {
    const { invitation, token } = await invite(freshEmail(), { expiresInHours: 1 });
    t.clock.advance(HOUR + 1);
    try {
      expect(await failure(accept(token))).toMatchObject({ reason: "INVITATION_EXPIRED" });
      expect((await admin.api.invitation.get({ id: invitation.id })).status).toBe("EXPIRED");
      expect(await t.prisma.user.findUnique({ where: { email: invitation.email } })).toBeNull();
    } finally {
      t.clock.advance(-(HOUR + 1));
    }
  });

  it("refuses a revoked invitation at once (SECURITY 5)", async () => {
    const { invitation, token } = await invite();
    const revoked = await admin.api.invitation.revoke({ id: invitation.id });
    expect(revoked.status).toBe("REVOKED");
    expect(await failure(accept(token))).toMatchObject({ reason: "INVITATION_REVOKED" });
    expect((await t.prisma.emailMessage.findFirstOrThrow({ where: { invitationId: invitation.id } })).status).toBe("FAILED");
  });

  it("resend issues a new token; the old one stops working (SECURITY 5)", async () => {
    const { invitation, token: oldToken } = await invite();
    const resent = await admin.api.invitation.resend({ id: invitation.id });
    const newToken = tokenOf(resent.inviteUrl);
    expect(newToken).not.toBe(oldToken);
    expect(resent.invitation.sendCount).toBe(2);
    expect(await t.prisma.emailMessage.count({ where: { invitationId: invitation.id } })).toBe(2);
    expect(await failure(accept(oldToken))).toMatchObject({ reason: "INVITATION_NOT_FOUND" });
    expect((await accept(newToken)).result.user.email).toBe(invitation.email);
  });

  it("a resent link lasts as long as the inviter chose, counted from the resend", async () => {
    const { invitation } = await invite(freshEmail(), { expiresInHours: 168 });
    t.clock.advance(200 * HOUR); // expired
    try {
      const resent = await admin.api.invitation.resend({ id: invitation.id });
      expect(resent.invitation.status).toBe("PENDING");
      expect(resent.invitation.expiresAt.getTime() - t.clock.now().getTime()).toBe(168 * HOUR);
    } finally {
      t.clock.advance(-200 * HOUR);
    }
  });

  it("refuses a weak password with the reason and keeps the invitation pending", async () => {
    const { invitation, token } = await invite();
    const weak = await failure(accept(token, "password1234"));
    expect(weak).toMatchObject({ code: "BAD_REQUEST", reason: "WEAK_PASSWORD" });
    expect(weak.message).toMatch(/too easy to guess/);
    expect(await failure(accept(token, "short"))).toMatchObject({ reason: "WEAK_PASSWORD" });
    expect((await admin.api.invitation.get({ id: invitation.id })).status).toBe("PENDING");
  });

  it("two concurrent accepts of one token give exactly one user (SECURITY 3)", async () => {
    const { invitation, token } = await invite();
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => accept(token)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await t.prisma.user.count({ where: { email: invitation.email } })).toBe(1);
    for (const r of results) {
      if (r.status === "rejected") expect((r.reason as { code?: string }).code).not.toBe("INTERNAL_SERVER_ERROR");
    }
  });

  it("rolls the claim back if an account appeared meanwhile: nothing is half-created", async () => {
    const { invitation, token } = await invite();
    await t.createUser(invitation.email);
    expect(await failure(accept(token))).toMatchObject({ reason: "ALREADY_MEMBER" });
    expect((await admin.api.invitation.get({ id: invitation.id })).status).toBe("PENDING");
  });
});

describe("invitation.list", () => {
  it("filters by status, searches by email and pages with a cursor", async () => {
    const fresh = await setupApi();
    try {
      const boss = await fresh.signedIn("boss@example.com", "ADMIN");
      for (let i = 0; i < 7; i++) await boss.api.invitation.create({ email: `team${i}@acme.test` });
      await boss.api.invitation.create({ email: "other@elsewhere.test", expiresInHours: 1 });
      const page1 = await boss.api.invitation.list({ limit: 3, search: "ACME" });
      expect(page1.items.map((i) => i.email)).toEqual(["team6@acme.test", "team5@acme.test", "team4@acme.test"]);
      const page2 = await boss.api.invitation.list({ limit: 3, search: "acme", cursor: page1.nextCursor! });
      expect(page2.items.map((i) => i.email)).toEqual(["team3@acme.test", "team2@acme.test", "team1@acme.test"]);
      const page3 = await boss.api.invitation.list({ limit: 3, search: "acme", cursor: page2.nextCursor! });
      expect(page3.items).toHaveLength(1);
      expect(page3.nextCursor).toBeNull();

      fresh.clock.advance(2 * HOUR);
      expect((await boss.api.invitation.list({ status: "EXPIRED" })).items.map((i) => i.email)).toEqual(["other@elsewhere.test"]);
      expect((await boss.api.invitation.list({ status: "PENDING" })).items).toHaveLength(7);
    } finally {
      await fresh.close();
    }
  });

  it("takes %, _ and \\ in a search literally, not as wildcards", async () => {
    const snake = await invite(`snake_${freshEmail()}`);
    const found = async (search: string) => (await admin.api.invitation.list({ search, limit: 100 })).items;
    const underscored = await found("_");
    expect(underscored.map((i) => i.id)).toContain(snake.invitation.id);
    for (const item of underscored) expect(item.email).toContain("_");
    // No address can hold % or \\: these find nothing, where as wildcards they matched every row.
    expect(await found("%")).toEqual([]);
    expect(await found("\\e")).toEqual([]);
    expect(await found("e_a")).toEqual([]);
  });
});

describe("settings", () => {
  it("a new install is INVITE_ONLY with 48 hours; admins change it and new invitations follow", async () => {
    expect(await admin.api.settings.get()).toMatchObject({ registration: "INVITE_ONLY", defaultInviteHours: 48, invitesPerAdminPerHour: 500, signUpDomains: [] });
    await admin.api.settings.update({ registration: "INVITE_ONLY", defaultInviteHours: 72 });
    const { invitation } = await invite();
    expect(invitation.expiresAt.getTime() - t.clock.now().getTime()).toBe(72 * HOUR);
    await admin.api.settings.update({ registration: "INVITE_ONLY", defaultInviteHours: 48 });
  });
});

describe("maintenance", () => {
  it("writes EXPIRED and forgets long-dead token hashes", async () => {
    const { invitation, token } = await invite(freshEmail(), { expiresInHours: 1 });
    t.clock.advance(2 * HOUR);
    try {
      await runMaintenance(t.services);
      expect((await t.prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).status).toBe("EXPIRED");
      expect((await (await t.caller()).invitation.preview({ token })).status).toBe("EXPIRED");
      t.clock.advance(31 * 24 * HOUR);
      await runMaintenance(t.services);
      expect((await t.prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).tokenHash).toBeNull();
    } finally {
      t.clock.advance(-(2 * HOUR + 31 * 24 * HOUR));
    }
  });
});

describe("limits sized for people (SECURITY 21)", () => {
  it("an admin inviting 50 people in a morning, and 20 of them accepting from one office address, are never throttled", async () => {
    const morning = await t.signedIn("morning-admin@example.com", "ADMIN");
    const invited = [];
    for (let i = 0; i < 50; i++) invited.push(await morning.api.invitation.create({ email: `office-${i}@example.com` }));
    for (const { inviteUrl } of invited.slice(0, 20)) {
      const api = await t.caller(new CookieJar(), "198.51.100.200");
      await api.invitation.accept({ token: tokenOf(inviteUrl), password: STRONG_PASSWORD });
    }
    expect(await t.prisma.user.count({ where: { email: { startsWith: "office-" } } })).toBe(20);
  });

  it("a password refused as too weak never uses up the invitee's tries", async () => {
    const { token } = await invite();
    const api = await t.caller(new CookieJar(), "198.51.100.31");
    for (let i = 0; i < RATE_LIMITS.acceptPerEmail.points + 5; i++) {
      expect(await failure(api.invitation.accept({ token, password: "too weak" }))).toMatchObject({ reason: "WEAK_PASSWORD" });
    }
    expect((await api.invitation.accept({ token, password: STRONG_PASSWORD })).user.role).toBe("MEMBER");
  });

  it("accepting is limited per link and per invited email: a resend's new link starts no new count", async () => {
    const { invitation, token } = await invite();
    const attempt = async (link: string) =>
      failure((await t.caller(new CookieJar(), "198.51.100.32")).invitation.accept({ token: link, password: STRONG_PASSWORD }));
    const limited = { code: "TOO_MANY_REQUESTS", reason: "RATE_LIMITED" };
    await t.services.limits.acceptPerToken.penalty(Buffer.from(hashToken(token)).toString("hex"), RATE_LIMITS.acceptPerToken.points);
    expect(await attempt(token)).toMatchObject(limited);
    await t.services.limits.acceptPerEmail.penalty(invitation.email, RATE_LIMITS.acceptPerEmail.points);
    const fresh = tokenOf((await admin.api.invitation.resend({ id: invitation.id })).inviteUrl);
    expect(await attempt(fresh)).toMatchObject(limited);
    expect(await t.prisma.user.count({ where: { email: invitation.email } })).toBe(0);
  });

  it("accepting is limited per address after 100 attempts, and inviting per admin after 500 an hour", async () => {
    const limited = { code: "TOO_MANY_REQUESTS", reason: "RATE_LIMITED" };
    // The README's figures, written out: the 100th attempt goes through and the 101st is refused.
    const address = "198.51.100.150";
    await t.services.limits.acceptPerIp.penalty(address, 100 - 1);
    const fromBusyAddress = async (token: string) =>
      failure((await t.caller(new CookieJar(), address)).invitation.accept({ token, password: STRONG_PASSWORD }));
    expect(await fromBusyAddress("no-such-invitation")).toMatchObject({ reason: "INVITATION_NOT_FOUND" });
    const { token } = await invite();
    expect(await fromBusyAddress(token)).toMatchObject(limited);
    expect((await (await t.caller()).invitation.preview({ token })).status).toBe("PENDING");

    const busy = await t.signedIn("busy-admin@example.com", "ADMIN");
    await t.services.limits.invitesPerAdmin.penalty(busy.user.id, 500 - 1);
    expect((await busy.api.invitation.create({ email: freshEmail() })).invitation.status).toBe("PENDING");
    const refused = await failure(busy.api.invitation.create({ email: freshEmail() }));
    expect(refused).toMatchObject(limited);
    expect(refused.details).toMatchObject({ retryAfterSeconds: expect.any(Number) });
  });
});

describe("invitation email limits", () => {
  it("a sixth email to one recipient within the hour is refused before anything changes (SECURITY 21)", async () => {
    const { invitation, token } = await invite();
    let latest = token;
    for (let i = 0; i < 4; i++) latest = tokenOf((await admin.api.invitation.resend({ id: invitation.id })).inviteUrl);
    const refused = await failure(admin.api.invitation.resend({ id: invitation.id }));
    expect(refused).toMatchObject({ code: "TOO_MANY_REQUESTS", reason: "RATE_LIMITED" });
    // The last link sent still works: the refused resend changed nothing.
    expect((await (await t.caller()).invitation.preview({ token: latest })).status).toBe("PENDING");
  });
});

describe("maintenance", () => {
  it("deletes rate-limit buckets whose window has passed and keeps the others", async () => {
    const now = t.clock.now().getTime();
    await t.prisma.rateLimit.createMany({
      data: [
        { key: "test:ended", points: 3, expire: BigInt(now - 1) },
        { key: "test:running", points: 3, expire: BigInt(now + HOUR) },
      ],
    });
    await runMaintenance(t.services);
    const left = await t.prisma.rateLimit.findMany({ where: { key: { startsWith: "test:" } }, select: { key: true } });
    expect(left).toEqual([{ key: "test:running" }]);
  });
});
