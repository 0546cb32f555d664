import { testDatabaseKind } from "@invite/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD_RESET_TTL_MS } from "../src/auth/password-reset.ts";
import { createSession } from "../src/auth/session.ts";
import { runMaintenance } from "../src/index.ts";
import { failure } from "./support/failure.ts";
import { CookieJar, setupApi, STRONG_PASSWORD, type TestApi } from "./support/api.ts";

const NEW_PASSWORD = "velvet harbor lantern 58 quartz";

let t: TestApi;
beforeAll(async () => {
  t = await setupApi();
});
afterAll(() => t?.close());

/** The link's token, as the emailed link carries it: unsealed from the newest queued email. */
async function emailedToken(email: string): Promise<string> {
  const message = await t.prisma.emailMessage.findFirstOrThrow({
    where: { to: email, template: "passwordReset", status: "QUEUED" },
    orderBy: { createdAt: "desc" },
  });
  return t.services.sealer.unseal(message.sealedSecret!);
}

/** Asks for a link, then waits for the work the answer does not wait for. */
async function request(email: string, ip = "203.0.113.50") {
  const answer = await (await t.caller(new CookieJar(), ip)).auth.requestPasswordReset({ email });
  await t.services.background.settled();
  return answer;
}

describe("auth.requestPasswordReset", () => {
  it("answers the same for an account and for an unknown email; only the account gets a link, stored as a hash", async () => {
    await t.createUser("known@example.com");
    expect(await request(" Known@Example.com ")).toEqual({ ok: true });
    expect(await request("nobody@example.com")).toEqual({ ok: true });

    expect(await t.prisma.emailMessage.count({ where: { to: "nobody@example.com" } })).toBe(0);
    const token = await emailedToken("known@example.com");
    expect(token).toMatch(/^[a-z2-7]{32}$/); // 160 bits
    const stored = JSON.stringify(await t.prisma.passwordReset.findMany());
    expect(stored).not.toContain(token);
  });

  // One connection of the embedded database would serialise the lock and the answer.
  it.runIf(testDatabaseKind() === "postgres")("answers before the link is made, so its timing cannot tell that the account exists", async () => {
    const user = await t.createUser("timed@example.com");
    const links = () => t.prisma.passwordReset.count({ where: { userId: user.id } });
    // Hold the link table so the link cannot be written: the answer must come all the same.
    await t.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`LOCK TABLE "PasswordReset" IN EXCLUSIVE MODE`;
      const api = await t.caller(new CookieJar(), "203.0.113.51");
      expect(await api.auth.requestPasswordReset({ email: "timed@example.com" })).toEqual({ ok: true });
      expect(await links()).toBe(0);
    });
    await t.services.background.settled();
    expect(await links()).toBe(1);
  });

  it("sends nothing for an email that only has a pending invitation (SECURITY 10)", async () => {
    const admin = await t.signedIn("reset-boss@example.com", "ADMIN");
    const { invitation } = await admin.api.invitation.create({ email: "invitee@example.com" });
    expect(await request("invitee@example.com")).toEqual({ ok: true });
    expect(await t.prisma.passwordReset.count({ where: { user: { email: "invitee@example.com" } } })).toBe(0);
    expect(await t.prisma.emailMessage.count({ where: { to: "invitee@example.com", template: "passwordReset" } })).toBe(0);
    expect((await admin.api.invitation.get({ id: invitation.id })).status).toBe("PENDING");
  });

  it("a new request retires the earlier link and its waiting email", async () => {
    await t.createUser("twice@example.com");
    await request("twice@example.com");
    const first = await emailedToken("twice@example.com");
    await request("twice@example.com");
    const second = await emailedToken("twice@example.com");
    expect(second).not.toBe(first);
    const failed = await t.prisma.emailMessage.count({ where: { to: "twice@example.com", status: "FAILED" } });
    expect(failed).toBe(1);
    const reset = (await t.caller()).auth.resetPassword({ token: first, password: NEW_PASSWORD });
    expect(await failure(reset)).toMatchObject({ code: "NOT_FOUND", reason: "RESET_LINK_INVALID" });
  });

  it("allows three requests per email an hour, then TOO_MANY_REQUESTS", async () => {
    for (let i = 0; i < 3; i++) await request("limited@example.com");
    expect(await failure(request("limited@example.com"))).toMatchObject({ code: "TOO_MANY_REQUESTS", reason: "RATE_LIMITED" });
  });
});

describe("auth.resetPassword", () => {
  it("sets the password, ends every session of the account, signs in, and the link is spent", async () => {
    await t.createUser("forgetful@example.com");
    const elsewhere = new CookieJar();
    await (await t.caller(elsewhere)).auth.signIn({ email: "forgetful@example.com", password: STRONG_PASSWORD });
    await request("forgetful@example.com");
    const token = await emailedToken("forgetful@example.com");

    const jar = new CookieJar();
    const result = await (await t.caller(jar)).auth.resetPassword({ token, password: NEW_PASSWORD });
    expect(result).toMatchObject({ user: { email: "forgetful@example.com", providers: ["password"] }, redirectTo: "/" });
    expect((await (await t.caller(jar)).auth.me())?.email).toBe("forgetful@example.com");
    expect(await (await t.caller(elsewhere)).auth.me()).toBeNull(); // SECURITY 17

    const oldPassword = (await t.caller()).auth.signIn({ email: "forgetful@example.com", password: STRONG_PASSWORD });
    expect(await failure(oldPassword)).toMatchObject({ reason: "INVALID_CREDENTIALS" });
    await (await t.caller()).auth.signIn({ email: "forgetful@example.com", password: NEW_PASSWORD });
    const again = (await t.caller()).auth.resetPassword({ token, password: "another fine password 77" });
    expect(await failure(again)).toMatchObject({ reason: "RESET_LINK_INVALID" });
  });

  it("refuses a weak password with the reason, and the link still works", async () => {
    await t.createUser("weak@example.com");
    await request("weak@example.com");
    const token = await emailedToken("weak@example.com");
    const weak = await failure((await t.caller()).auth.resetPassword({ token, password: "weak@example.com1" }));
    expect(weak).toMatchObject({ code: "BAD_REQUEST", reason: "WEAK_PASSWORD" });
    await (await t.caller()).auth.resetPassword({ token, password: NEW_PASSWORD });
  });

  it("refuses a link after its hour, and malformed or altered tokens, with RESET_LINK_INVALID", async () => {
    await t.createUser("late@example.com");
    await request("late@example.com");
    const token = await emailedToken("late@example.com");
    const altered = token.slice(0, -1) + (token.endsWith("a") ? "b" : "a");
    for (const bad of [altered, "short", "x".repeat(256), token.toUpperCase()]) {
      const result = await failure((await t.caller()).auth.resetPassword({ token: bad, password: NEW_PASSWORD }));
      expect(result).toMatchObject({ code: "NOT_FOUND", reason: "RESET_LINK_INVALID" });
    }
    t.clock.advance(PASSWORD_RESET_TTL_MS + 1000);
    try {
      const expired = await failure((await t.caller()).auth.resetPassword({ token, password: NEW_PASSWORD }));
      expect(expired).toMatchObject({ reason: "RESET_LINK_INVALID" });
    } finally {
      t.clock.advance(-(PASSWORD_RESET_TTL_MS + 1000));
    }
  });

  it("two uses of one link at once reset it once", async () => {
    await t.createUser("racy@example.com");
    await request("racy@example.com");
    const token = await emailedToken("racy@example.com");
    const results = await Promise.allSettled([
      (await t.caller()).auth.resetPassword({ token, password: NEW_PASSWORD }),
      (await t.caller()).auth.resetPassword({ token, password: "another fine password 77" }),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const user = await t.prisma.user.findUniqueOrThrow({ where: { email: "racy@example.com" }, include: { sessions: true } });
    expect(user.sessions).toHaveLength(1);
  });

  it("gives an account that only signs in with a provider a password", async () => {
    const user = await t.createUser("oauth-only@example.com", { password: null });
    await t.prisma.oAuthAccount.create({ data: { provider: "github", providerUserId: "gh-77", userId: user.id } });
    await request("oauth-only@example.com");
    const result = await (await t.caller()).auth.resetPassword({ token: await emailedToken("oauth-only@example.com"), password: NEW_PASSWORD });
    expect(result.user.providers).toEqual(["password", "github"]);
  });
});

describe("auth.resetPasswordPreview (a link checked when opened)", () => {
  it("says pending, used or expired at once and consumes nothing (SECURITY 7); an unknown or replaced link is RESET_LINK_INVALID", async () => {
    await t.createUser("opener@example.com");
    await request("opener@example.com");
    const replaced = await emailedToken("opener@example.com");
    t.clock.advance(1000);
    await request("opener@example.com");
    const token = await emailedToken("opener@example.com");
    const preview = (value: unknown) => t.caller().then((api) => api.auth.resetPasswordPreview({ token: value as string }));

    for (let i = 0; i < 3; i++) expect(await preview(token)).toMatchObject({ status: "PENDING", email: "opener@example.com" });
    for (const bad of [replaced, "a".repeat(32), "short", "", "x".repeat(10_000), 42]) {
      expect(await failure(preview(bad))).toMatchObject({ code: "NOT_FOUND", reason: "RESET_LINK_INVALID" });
    }
    t.clock.advance(PASSWORD_RESET_TTL_MS);
    try {
      expect((await preview(token)).status).toBe("EXPIRED");
    } finally {
      t.clock.advance(-PASSWORD_RESET_TTL_MS);
    }
    await (await t.caller()).auth.resetPassword({ token, password: NEW_PASSWORD });
    expect((await preview(token)).status).toBe("USED");
    // The periodic job keeps a spent link's hash a week, so it still reads as used, not unknown.
    await runMaintenance(t.services);
    expect((await preview(token)).status).toBe("USED");
  });
});

describe("account.changePassword", () => {
  it("needs the current password, keeps this session, ends the others, and the new password works", async () => {
    const { jar } = await t.signedIn("changer@example.com");
    const other = new CookieJar();
    await (await t.caller(other)).auth.signIn({ email: "changer@example.com", password: STRONG_PASSWORD });
    const api = await t.caller(jar);

    const wrong = await failure(api.account.changePassword({ currentPassword: "not my password at all", newPassword: NEW_PASSWORD }));
    expect(wrong).toMatchObject({ code: "UNAUTHORIZED", reason: "INVALID_CREDENTIALS" });
    const weak = await failure(api.account.changePassword({ currentPassword: STRONG_PASSWORD, newPassword: "changer@example.com" }));
    expect(weak).toMatchObject({ code: "BAD_REQUEST", reason: "WEAK_PASSWORD" });
    expect((await (await t.caller(other)).auth.me())?.email).toBe("changer@example.com"); // nothing changed yet

    expect(await api.account.changePassword({ currentPassword: STRONG_PASSWORD, newPassword: NEW_PASSWORD })).toEqual({ ok: true });
    expect((await (await t.caller(jar)).auth.me())?.email).toBe("changer@example.com");
    expect(await (await t.caller(other)).auth.me()).toBeNull();
    await (await t.caller()).auth.signIn({ email: "changer@example.com", password: NEW_PASSWORD });
  });

  it("the current password as the new one is SAME_PASSWORD: nothing changes, no other device is signed out", async () => {
    const { jar } = await t.signedIn("same-password@example.com");
    const other = new CookieJar();
    await (await t.caller(other)).auth.signIn({ email: "same-password@example.com", password: STRONG_PASSWORD });
    const before = await t.prisma.user.findUniqueOrThrow({ where: { email: "same-password@example.com" } });

    const same = await failure((await t.caller(jar)).account.changePassword({ currentPassword: STRONG_PASSWORD, newPassword: STRONG_PASSWORD }));
    expect(same).toMatchObject({ code: "BAD_REQUEST", reason: "SAME_PASSWORD" });
    expect(same.message).toMatch(/current password/);
    expect((await (await t.caller(other)).auth.me())?.email).toBe("same-password@example.com");
    const after = await t.prisma.user.findUniqueOrThrow({ where: { email: "same-password@example.com" } });
    expect(after.passwordHash).toBe(before.passwordHash);
    expect(await t.prisma.auditEvent.count({ where: { targetId: before.id, action: "account.change_password" } })).toBe(0);
  });

  it("an account without a password is sent to the reset link instead", async () => {
    const user = await t.createUser("no-password@example.com", { password: null });
    const jar = new CookieJar();
    const { token, session } = await createSession(t.prisma, user.id, t.clock.now(), { ip: null, userAgent: null });
    jar.set(token, session.expiresAt);
    const result = await failure((await t.caller(jar)).account.changePassword({ currentPassword: "x", newPassword: NEW_PASSWORD }));
    expect(result).toMatchObject({ code: "FORBIDDEN", reason: "FORBIDDEN" });
    expect(result.message).toMatch(/Forgot password/);
  });
});
