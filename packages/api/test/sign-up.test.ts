import { testDatabaseKind } from "@invite/db/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { RATE_LIMITS } from "../src/index.ts";
import { SIGN_UP_LINK_TTL_MS } from "../src/sign-up/proof.ts";
import { CookieJar, setupApi, STRONG_PASSWORD, type TestApi } from "./support/api.ts";
import { failure } from "./support/failure.ts";

/*
 * Open sign-up proves the email first (SECURITY 34): `auth.signUp({ email })` answers the same
 * whatever the address and only emails a single-use link; `auth.completeSignUp` spends it on a
 * name and a password. Sign-up never grants a pending invitation's role (SECURITY 35).
 */

let t: TestApi;
let admin: Awaited<ReturnType<TestApi["signedIn"]>>;
let ipCounter = 0;
/** Each test asks from its own address, so the per-address allowance never carries over. */
const nextIp = () => `198.51.100.${++ipCounter}`;

beforeAll(async () => {
  t = await setupApi();
  admin = await t.signedIn("boss@example.com", "ADMIN");
});
afterAll(() => t?.close());
beforeEach(async () => {
  await admin.api.settings.update({ registration: "OPEN", defaultInviteHours: 48, signUpDomains: [] });
});

/** Asks for a sign-up link as a stranger would, then lets the work behind the answer finish. */
async function signUp(email: string, ip = nextIp()) {
  const answer = await (await t.caller(new CookieJar(), ip)).auth.signUp({ email });
  await t.services.background.settled();
  return answer;
}

/** The newest email of `template` to `to`, and the token it carries, unsealed as the worker would. */
async function emailed(to: string, template: "signUp" | "invitation" | "accountExists") {
  // A superseded email (an invitation sent again) has lost its secret: the live one is the one that kept it.
  const live = template === "accountExists" ? {} : { sealedSecret: { not: null } };
  const message = await t.prisma.emailMessage.findFirst({ where: { to, template, ...live }, orderBy: { createdAt: "desc" } });
  return { message, token: message?.sealedSecret ? t.services.sealer.unseal(message.sealedSecret) : null };
}

async function complete(token: string, jar = new CookieJar(), name = "Walk In", password = STRONG_PASSWORD) {
  return (await t.caller(jar, nextIp())).auth.completeSignUp({ token, name, password });
}

describe("auth.signUp (SECURITY 34)", () => {
  it("SECURITY 34: answers the same for a new email, an account and an invitation, and makes nothing but a hashed link", async () => {
    await t.createUser("member-already@example.com");
    await admin.api.invitation.create({ email: "invited-already@example.com" });
    for (const email of ["New.Person@Example.com ", "member-already@example.com", "invited-already@example.com"]) {
      expect(await signUp(email)).toEqual({ ok: true });
    }

    // Only the new address gets a link; it is stored as SHA-256 only, and lives one hour.
    const { token } = await emailed("new.person@example.com", "signUp");
    expect(token).toMatch(/^[a-z2-7]{32}$/); // 160 bits
    const proofs = await t.prisma.emailProof.findMany({ where: { email: "new.person@example.com" } });
    expect(proofs).toHaveLength(1);
    expect(JSON.stringify(proofs)).not.toContain(token);
    expect(proofs[0]!.expiresAt.getTime() - t.clock.now().getTime()).toBe(SIGN_UP_LINK_TTL_MS);
    expect(await t.prisma.user.findUnique({ where: { email: "new.person@example.com" } })).toBeNull();

    // The account's owner hears that they have one, with no link that does anything.
    const exists = await emailed("member-already@example.com", "accountExists");
    expect(exists.message).not.toBeNull();
    expect(exists.token).toBeNull();
    expect(await t.prisma.emailProof.count({ where: { email: { in: ["member-already@example.com", "invited-already@example.com"] } } })).toBe(0);
  });

  it("SECURITY 34: a stranger's sign-up never blocks the owner: nothing in User until a link is used, and the owner's own link works", async () => {
    const email = "owner@example.com";
    await signUp(email, "203.0.113.66"); // a stranger who knows the address
    const strangers = (await emailed(email, "signUp")).token!;
    t.clock.advance(60_000);
    await signUp(email, "192.0.2.10"); // the owner, from home
    const owners = (await emailed(email, "signUp")).token!;
    expect(owners).not.toBe(strangers);
    expect(await t.prisma.user.count({ where: { email } })).toBe(0);
    expect(await t.prisma.session.count({ where: { user: { email } } })).toBe(0);

    const jar = new CookieJar();
    const done = await complete(owners, jar, "Owner");
    expect(done).toMatchObject({ user: { email, name: "Owner", role: "MEMBER", providers: ["password"] }, redirectTo: "/" });
    expect((await (await t.caller(jar)).auth.me())?.email).toBe(email);

    // The other link can make nothing now: the email has its account.
    expect((await (await t.caller()).auth.signUpPreview({ token: strangers })).status).toBe("ACCOUNT_EXISTS");
    expect(await failure(complete(strangers))).toMatchObject({ code: "CONFLICT", reason: "ALREADY_MEMBER" });
    expect(await t.prisma.user.count({ where: { email } })).toBe(1);
  });

  it("SECURITY 35: an address with a pending invitation gets that invitation again; nothing is created, and the invitation still grants its role", async () => {
    const email = "bob@example.com";
    const { invitation, inviteUrl } = await admin.api.invitation.create({ email, role: "ADMIN" });
    const firstLink = inviteUrl.split("/invite/")[1]!;

    expect(await signUp(email)).toEqual({ ok: true });
    expect(await t.prisma.emailProof.count({ where: { email } })).toBe(0);
    expect(await t.prisma.user.count({ where: { email } })).toBe(0);
    expect(await t.prisma.emailMessage.count({ where: { to: email, template: "invitation" } })).toBe(2);
    const row = await t.prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row).toMatchObject({ status: "PENDING", sendCount: 2, expiresAt: invitation.expiresAt });

    // The email carries a new link (a resend: the old one died); it still makes an admin.
    expect(await failure((await t.caller()).invitation.preview({ token: firstLink }))).toMatchObject({ reason: "INVITATION_NOT_FOUND" });
    const { token } = await emailed(email, "invitation");
    const accepted = await (await t.caller()).invitation.accept({ token: token!, password: STRONG_PASSWORD });
    expect(accepted.user.role).toBe("ADMIN");

    // The admin's activity page says what happened, with no actor.
    const events = await admin.api.activity.list({ kind: "invitations", limit: 10 });
    expect(events.items.find((event) => event.action === "invitation.sign_up_reminder")).toMatchObject({
      actor: null,
      summary: "tried to sign up as bob@example.com, so their pending invitation was sent again",
    });
  });

  it("SECURITY 35: an invitation made after the link was sent wins: completing is INVITATION_PENDING, creates nothing, and sends the invitation again", async () => {
    const email = "late-invite@example.com";
    await signUp(email);
    const { token } = await emailed(email, "signUp");
    await admin.api.invitation.create({ email, role: "ADMIN" });
    expect((await (await t.caller()).auth.signUpPreview({ token: token! })).status).toBe("INVITED");

    expect(await failure(complete(token!))).toMatchObject({ code: "CONFLICT", reason: "INVITATION_PENDING" });
    await t.services.background.settled();
    expect(await t.prisma.user.count({ where: { email } })).toBe(0);
    expect(await t.prisma.emailMessage.count({ where: { to: email, template: "invitation" } })).toBe(2);
    expect((await t.prisma.emailProof.findFirstOrThrow({ where: { email } })).usedAt).toBeNull();
  });

  it("a domain outside the sign-up list is refused with EMAIL_DOMAIN_NOT_ALLOWED, and nothing is sent", async () => {
    const saved = await admin.api.settings.update({
      registration: "OPEN",
      defaultInviteHours: 48,
      signUpDomains: [" @Example.COM", "example.org", "example.com"],
    });
    expect(saved.signUpDomains).toEqual(["example.com", "example.org"]);
    expect(await (await t.caller()).settings.public()).toMatchObject({ registration: "OPEN", signUpDomains: ["example.com", "example.org"] });

    const refused = await failure((await t.caller(new CookieJar(), nextIp())).auth.signUp({ email: "mallory@evil.example" }));
    expect(refused).toMatchObject({ code: "FORBIDDEN", reason: "EMAIL_DOMAIN_NOT_ALLOWED" });
    // Exact domains only: a subdomain is not the domain.
    const sub = await failure((await t.caller(new CookieJar(), nextIp())).auth.signUp({ email: "eve@eng.example.com" }));
    expect(sub.reason).toBe("EMAIL_DOMAIN_NOT_ALLOWED");
    await t.services.background.settled();
    expect(await t.prisma.emailMessage.count({ where: { to: { in: ["mallory@evil.example", "eve@eng.example.com"] } } })).toBe(0);
    expect(await signUp("ann@example.org")).toEqual({ ok: true });

    // A domain taken off the list after the link was sent: the link no longer makes an account.
    const { token } = await emailed("ann@example.org", "signUp");
    await admin.api.settings.update({ registration: "OPEN", defaultInviteHours: 48, signUpDomains: ["example.com"] });
    expect(await failure(complete(token!))).toMatchObject({ reason: "EMAIL_DOMAIN_NOT_ALLOWED" });
    expect(await t.prisma.user.count({ where: { email: "ann@example.org" } })).toBe(0);

    const bad = await failure(admin.api.settings.update({ registration: "OPEN", defaultInviteHours: 48, signUpDomains: ["not a domain"] }));
    expect(bad).toMatchObject({ code: "BAD_REQUEST" });
  });

  it("registration closed (INVITE_ONLY) refuses sign-up, and a link sent while it was open stops working", async () => {
    await signUp("before-close@example.com");
    const { token } = await emailed("before-close@example.com", "signUp");
    await admin.api.settings.update({ registration: "INVITE_ONLY", defaultInviteHours: 48 });

    const refused = await failure((await t.caller(new CookieJar(), nextIp())).auth.signUp({ email: "walk-in@example.com" }));
    expect(refused).toMatchObject({ code: "FORBIDDEN", reason: "REGISTRATION_CLOSED" });
    expect(await failure(complete(token!))).toMatchObject({ reason: "REGISTRATION_CLOSED" });
    await t.services.background.settled();
    expect(await t.prisma.emailMessage.count({ where: { to: "walk-in@example.com" } })).toBe(0);
    expect(await t.prisma.user.count({ where: { email: { in: ["walk-in@example.com", "before-close@example.com"] } } })).toBe(0);
  });

  it("is rate-limited: 3 sign-up emails per address an hour, 30 per asking IP", async () => {
    expect(RATE_LIMITS.signUpsPerEmail.points).toBe(3);
    for (let i = 0; i < 3; i++) await signUp("flooded@example.com");
    const perEmail = await failure((await t.caller(new CookieJar(), nextIp())).auth.signUp({ email: "flooded@example.com" }));
    expect(perEmail).toMatchObject({ code: "TOO_MANY_REQUESTS", reason: "RATE_LIMITED" });

    const ip = nextIp();
    for (let i = 0; i < RATE_LIMITS.signUpsPerIp.points; i++) {
      await (await t.caller(new CookieJar(), ip)).auth.signUp({ email: `spray-${i}@example.com` });
    }
    const perIp = await failure((await t.caller(new CookieJar(), ip)).auth.signUp({ email: "one-more@example.com" }));
    expect(perIp).toMatchObject({ code: "TOO_MANY_REQUESTS", reason: "RATE_LIMITED" });
    await t.services.background.settled();
  });

  // One connection of the embedded database would serialise the lock and the answer.
  it.runIf(testDatabaseKind() === "postgres")("answers before the link is made, so its timing cannot tell an account from a new email", async () => {
    await t.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`LOCK TABLE "EmailProof" IN EXCLUSIVE MODE`;
      const api = await t.caller(new CookieJar(), nextIp());
      expect(await api.auth.signUp({ email: "timed-sign-up@example.com" })).toEqual({ ok: true });
      expect(await t.prisma.emailProof.count({ where: { email: "timed-sign-up@example.com" } })).toBe(0);
    });
    await t.services.background.settled();
    expect(await t.prisma.emailProof.count({ where: { email: "timed-sign-up@example.com" } })).toBe(1);
  });
});

describe("auth.signUpPreview and auth.completeSignUp", () => {
  it("the preview names the email and consumes nothing; completing makes a member, signed in, with a new session (SECURITY 7, 17)", async () => {
    await signUp("ada@example.com");
    const { token } = await emailed("ada@example.com", "signUp");
    const anon = await t.caller();
    for (let i = 0; i < 3; i++) {
      expect(await anon.auth.signUpPreview({ token: token! })).toMatchObject({ email: "ada@example.com", status: "PENDING", methods: ["password"] });
    }
    const planted = (await t.signedIn("planter@example.com")).jar.token!;
    const jar = new CookieJar();
    jar.set(planted, new Date(t.clock.now().getTime() + 60_000));
    await complete(token!, jar, "Ada Lovelace");
    expect(jar.token).not.toBe(planted);
    expect(jar.device).toBeTruthy(); // the mailbox and the password were proven here
    expect(await t.prisma.session.findUnique({ where: { id: planted.split(".")[0]! } })).toBeNull();
    const user = await t.prisma.user.findUniqueOrThrow({ where: { email: "ada@example.com" } });
    expect(user).toMatchObject({ name: "Ada Lovelace", role: "MEMBER" });
    expect(await t.prisma.emailProof.findFirstOrThrow({ where: { email: "ada@example.com" } })).toMatchObject({ userId: user.id });
    const audit = await t.prisma.auditEvent.findFirstOrThrow({ where: { action: "auth.sign_up", actorId: user.id } });
    expect(audit.data).toEqual({ method: "password", via: "email_link" });
  });

  it("a used, an expired and an unknown link each have their own reason, in the preview and on completion", async () => {
    await signUp("used@example.com");
    const used = (await emailed("used@example.com", "signUp")).token!;
    await complete(used);
    await signUp("expired@example.com");
    const expired = (await emailed("expired@example.com", "signUp")).token!;
    const anon = await t.caller();

    expect((await anon.auth.signUpPreview({ token: used })).status).toBe("USED");
    expect(await failure(complete(used))).toMatchObject({ code: "CONFLICT", reason: "SIGN_UP_LINK_USED" });

    t.clock.advance(SIGN_UP_LINK_TTL_MS);
    expect((await anon.auth.signUpPreview({ token: expired })).status).toBe("EXPIRED");
    expect(await failure(complete(expired))).toMatchObject({ code: "BAD_REQUEST", reason: "SIGN_UP_LINK_EXPIRED" });
    expect(await t.prisma.user.count({ where: { email: "expired@example.com" } })).toBe(0);

    // Unknown, altered, truncated, oversized or wrong-type tokens: a 4xx, never a 5xx (SECURITY 6).
    for (const token of ["a".repeat(32), expired.slice(0, -1) + (expired.endsWith("a") ? "b" : "a"), expired.slice(0, 20), "", "x".repeat(10_000), 42]) {
      const preview = await failure(anon.auth.signUpPreview({ token: token as string }));
      expect(preview).toMatchObject({ code: "NOT_FOUND", reason: "SIGN_UP_LINK_NOT_FOUND" });
      expect(await failure(complete(token as string))).toMatchObject({ reason: "SIGN_UP_LINK_NOT_FOUND" });
    }
  });

  it("the password rules are the ones everywhere else: a weak one is WEAK_PASSWORD and the link stays usable", async () => {
    await signUp("careful@example.com");
    const { token } = await emailed("careful@example.com", "signUp");
    expect(await failure(complete(token!, new CookieJar(), "Careful", "short"))).toMatchObject({ reason: "WEAK_PASSWORD" });
    expect(await failure(complete(token!, new CookieJar(), "Careful", "careful@example.com!"))).toMatchObject({ reason: "WEAK_PASSWORD" });
    expect((await complete(token!, new CookieJar(), "Careful")).user.email).toBe("careful@example.com");
  });

  it("two concurrent completes of one link make exactly one user (SECURITY 3's rule, for sign-up links)", async () => {
    await signUp("race@example.com");
    const { token } = await emailed("race@example.com", "signUp");
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => complete(token!)));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    for (const result of results) {
      if (result.status === "rejected") expect(result.reason.cause?.reason).toBe("SIGN_UP_LINK_USED");
    }
    expect(await t.prisma.user.count({ where: { email: "race@example.com" } })).toBe(1);
    expect(await t.prisma.session.count({ where: { user: { email: "race@example.com" } } })).toBe(1);
  });

  it("two links of one email completed at once make one user; the other hears ALREADY_MEMBER", async () => {
    await signUp("twice@example.com");
    const first = (await emailed("twice@example.com", "signUp")).token!;
    t.clock.advance(1000);
    await signUp("twice@example.com");
    const second = (await emailed("twice@example.com", "signUp")).token!;
    const results = await Promise.allSettled([complete(first), complete(second)]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const lost = results.find((result) => result.status === "rejected");
    expect(lost?.reason.cause?.reason).toBe("ALREADY_MEMBER");
    expect(await t.prisma.user.count({ where: { email: "twice@example.com" } })).toBe(1);
  });
});
