import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SESSION_IDLE_MS, validateSessionToken } from "../src/auth/session.ts";
import { hashToken } from "../src/auth/tokens.ts";
import { runMaintenance } from "../src/maintenance.ts";
import { withProviders } from "../src/users.ts";
import { failure } from "./support/failure.ts";
import { CookieJar, setupApi, STRONG_PASSWORD, type TestApi } from "./support/api.ts";

let t: TestApi;
beforeAll(async () => {
  t = await setupApi();
});
afterAll(() => t?.close());

describe("auth.signIn", () => {
  it("signs in with the right password, sets a session cookie and returns the user", async () => {
    await t.createUser("ada@example.com");
    const jar = new CookieJar();
    const result = await (await t.caller(jar)).auth.signIn({ email: " Ada@Example.COM ", password: STRONG_PASSWORD });
    expect(result.user).toMatchObject({ email: "ada@example.com", role: "MEMBER", providers: ["password"] });
    expect(result.redirectTo).toBe("/");
    expect(jar.token).toMatch(/^[a-z2-7]{24}\.[a-z2-7]{24}$/);
    const me = await (await t.caller(jar)).auth.me();
    expect(me?.email).toBe("ada@example.com");
  });

  it("gives the same answer for an unknown email and a wrong password (SECURITY 22)", async () => {
    await t.createUser("grace@example.com");
    const unknown = await failure((await t.caller()).auth.signIn({ email: "nobody@example.com", password: STRONG_PASSWORD }));
    const wrong = await failure((await t.caller()).auth.signIn({ email: "grace@example.com", password: "wrong password here" }));
    expect(unknown).toEqual(wrong);
    expect(unknown).toMatchObject({ code: "UNAUTHORIZED", reason: "INVALID_CREDENTIALS" });
  });

  it("stores only the SHA-256 of the session secret (SECURITY 16)", async () => {
    await t.createUser("hash@example.com");
    const jar = new CookieJar();
    await (await t.caller(jar)).auth.signIn({ email: "hash@example.com", password: STRONG_PASSWORD });
    const [id, secret] = jar.token!.split(".");
    const row = await t.prisma.session.findUniqueOrThrow({ where: { id } });
    expect(Buffer.from(row.secretHash)).toEqual(Buffer.from(hashToken(secret!)));
    expect(JSON.stringify(row)).not.toContain(secret);
  });

  it("replaces a session cookie planted before sign-in (no fixation, SECURITY 17)", async () => {
    await t.createUser("victim@example.com");
    const attacker = await t.signedIn("attacker@example.com");
    const planted = attacker.jar.token!;
    const jar = new CookieJar();
    jar.set(planted, new Date(Date.now() + 1000));
    await (await t.caller(jar)).auth.signIn({ email: "victim@example.com", password: STRONG_PASSWORD });
    expect(jar.token).not.toBe(planted);
    expect((await (await t.caller(jar)).auth.me())?.email).toBe("victim@example.com");
    // The planted token no longer works for anyone.
    const old = new CookieJar();
    old.set(planted, new Date());
    expect(await (await t.caller(old)).auth.me()).toBeNull();
  });

  it("accepting an invitation or signing up also replaces a planted session (SECURITY 17)", async () => {
    const admin = await t.signedIn("planting-admin@example.com", "ADMIN");
    const { inviteUrl } = await admin.api.invitation.create({ email: "planted-invitee@example.com" });
    await admin.api.settings.update({ registration: "OPEN", defaultInviteHours: 48 });
    try {
      const join = {
        accept: (api: Awaited<ReturnType<TestApi["caller"]>>) =>
          api.invitation.accept({ token: inviteUrl.split("/invite/")[1]!, password: STRONG_PASSWORD }),
        signUp: async (api: Awaited<ReturnType<TestApi["caller"]>>) => {
          await api.auth.signUp({ email: "planted-signup@example.com" });
          await t.services.background.settled();
          const message = await t.prisma.emailMessage.findFirstOrThrow({ where: { to: "planted-signup@example.com", template: "signUp" } });
          const token = t.services.sealer.unseal(message.sealedSecret!);
          return api.auth.completeSignUp({ token, name: "Planted", password: STRONG_PASSWORD });
        },
      };
      for (const [way, act] of Object.entries(join)) {
        const planted = (await t.signedIn(`attacker-${way}@example.com`)).jar.token!;
        const jar = new CookieJar();
        jar.set(planted, new Date(Date.now() + 1000));
        await act(await t.caller(jar));
        expect(jar.token, way).not.toBe(planted);
        const old = new CookieJar();
        old.set(planted, new Date());
        expect(await (await t.caller(old)).auth.me(), way).toBeNull();
      }
    } finally {
      await admin.api.settings.update({ registration: "INVITE_ONLY", defaultInviteHours: 48 });
    }
  });

  it.each(["//evil.example", "https://evil.example", "/\\evil.example"])(
    "refuses %s as a post-sign-in redirect (SECURITY 23)",
    async (redirectTo) => {
      await t.prisma.user.deleteMany({ where: { email: "redirect@example.com" } });
      await t.createUser("redirect@example.com");
      const result = await failure(
        (await t.caller()).auth.signIn({ email: "redirect@example.com", password: STRONG_PASSWORD, redirectTo }),
      );
      expect(result).toMatchObject({ code: "BAD_REQUEST" });
    },
  );

  it("rate-limits one email after 10 attempts with TOO_MANY_REQUESTS (SECURITY 21)", async () => {
    await t.createUser("limited@example.com");
    for (let i = 0; i < 10; i++) {
      await failure((await t.caller(undefined, `198.51.100.${i}`)).auth.signIn({ email: "limited@example.com", password: "nope nope nope" }));
    }
    const limited = await failure(
      (await t.caller(undefined, "198.51.100.99")).auth.signIn({ email: "limited@example.com", password: STRONG_PASSWORD }),
    );
    expect(limited).toMatchObject({ code: "TOO_MANY_REQUESTS", reason: "RATE_LIMITED" });
  });
});

describe("sessions", () => {
  it("refuses a tampered secret", async () => {
    const { jar } = await t.signedIn("tamper@example.com");
    const [id, secret] = jar.token!.split(".");
    const flipped = secret!.slice(0, -1) + (secret!.endsWith("a") ? "b" : "a");
    const tampered = new CookieJar();
    tampered.set(`${id}.${flipped}`, new Date());
    expect(await (await t.caller(tampered)).auth.me()).toBeNull();
    for (const junk of ["", ".", "a.b.c", "x".repeat(10_000), `${id}`]) {
      tampered.set(junk, new Date());
      expect(await (await t.caller(tampered)).auth.me()).toBeNull();
    }
  });

  it("resolves the caller exactly as stored, with the providers they linked", async () => {
    const { jar, user } = await t.signedIn("linked@example.com", "ADMIN");
    await t.prisma.oAuthAccount.createMany({
      data: [
        { provider: "oidc", providerUserId: "o-1", userId: user.id },
        { provider: "github", providerUserId: "g-1", userId: user.id },
      ],
    });
    const [id, secret] = jar.token!.split(".");
    const result = await validateSessionToken(t.services.db, `${id}.${secret}`, t.clock.now());
    const stored = await t.prisma.session.findUniqueOrThrow({
      where: { id },
      include: { user: { include: withProviders } },
    });
    const { user: storedUser, ...storedSession } = stored;
    expect(result).toEqual({ ok: true, session: storedSession, user: storedUser, refreshed: false });
    expect((await (await t.caller(jar)).auth.me())?.providers).toEqual(["password", "github", "oidc"]);
  });

  it("expires after the idle timeout and deletes the row (SECURITY 19)", async () => {
    const { jar } = await t.signedIn("idle@example.com");
    const id = jar.token!.split(".")[0]!;
    t.clock.advance(SESSION_IDLE_MS + 1000);
    expect(await (await t.caller(jar)).auth.me()).toBeNull();
    expect(await t.prisma.session.findUnique({ where: { id } })).toBeNull();
    t.clock.advance(-(SESSION_IDLE_MS + 1000));
  });

  it("slides the expiry forward on activity", async () => {
    const { jar } = await t.signedIn("active@example.com");
    const id = jar.token!.split(".")[0]!;
    const before = (await t.prisma.session.findUniqueOrThrow({ where: { id } })).expiresAt;
    t.clock.advance(SESSION_IDLE_MS / 2);
    expect((await (await t.caller(jar)).auth.me())?.email).toBe("active@example.com");
    const after = (await t.prisma.session.findUniqueOrThrow({ where: { id } })).expiresAt;
    expect(after.getTime() - before.getTime()).toBe(SESSION_IDLE_MS / 2);
    t.clock.advance(-SESSION_IDLE_MS / 2);
  });

  it("lists the user's sessions with the current one marked, and revokes another", async () => {
    const { user, jar, api } = await t.signedIn("multi@example.com");
    const other = new CookieJar();
    await (await t.caller(other)).auth.signIn({ email: user.email, password: STRONG_PASSWORD });
    const sessions = await api.auth.sessions();
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    const otherId = sessions.find((s) => !s.current)!.id;
    expect(await api.auth.revokeSession({ id: otherId })).toEqual({ ok: true });
    expect(await (await t.caller(other)).auth.me()).toBeNull();
    expect(await (await t.caller(jar)).auth.me()).not.toBeNull();
  });

  it("cannot revoke someone else's session", async () => {
    const alice = await t.signedIn("alice-s@example.com");
    const bob = await t.signedIn("bob-s@example.com");
    const bobSessionId = bob.jar.token!.split(".")[0]!;
    expect(await failure(alice.api.auth.revokeSession({ id: bobSessionId }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await (await t.caller(bob.jar)).auth.me()).not.toBeNull();
  });

  it("signs out: the session row is gone and the cookie cleared", async () => {
    const { jar, api } = await t.signedIn("bye@example.com");
    const id = jar.token!.split(".")[0]!;
    expect(await t.prisma.session.findUnique({ where: { id } })).not.toBeNull();
    expect(await api.auth.signOut()).toEqual({ ok: true });
    expect(jar.token).toBeNull();
    expect(await t.prisma.session.findUnique({ where: { id } })).toBeNull();
  });

  it("the periodic job deletes sessions that expired without ever being presented again (SECURITY 19)", async () => {
    const forgotten = (await t.signedIn("forgotten@example.com")).jar.token!.split(".")[0]!;
    t.clock.advance(SESSION_IDLE_MS / 2);
    const recent = (await t.signedIn("recent@example.com")).jar.token!.split(".")[0]!;
    t.clock.advance(SESSION_IDLE_MS / 2 + 1000);
    try {
      // Nobody sends the forgotten cookie again: only the job can remove its row.
      expect((await runMaintenance(t.services)).sessionsDeleted).toBeGreaterThanOrEqual(1);
      expect(await t.prisma.session.findUnique({ where: { id: forgotten } })).toBeNull();
      expect(await t.prisma.session.findUnique({ where: { id: recent } })).not.toBeNull();
    } finally {
      t.clock.advance(-(SESSION_IDLE_MS + 1000));
    }
  });
});

describe("authorization", () => {
  it("protected procedures need a session", async () => {
    expect(await failure((await t.caller()).auth.sessions())).toMatchObject({ code: "UNAUTHORIZED", reason: "UNAUTHENTICATED" });
  });
});

describe("text nobody can store", () => {
  it("refuses a NUL character in any input with VALIDATION_FAILED, never a 500", async () => {
    const admin = await t.signedIn("nul-admin@example.com", "ADMIN");
    const anonymous = await t.caller();
    const { inviteUrl } = await admin.api.invitation.create({ email: "nul-invitee@example.com" });
    const token = inviteUrl.split("/invite/")[1]!;
    const attempts = [
      admin.api.invitation.create({ email: "nul-2@example.com", message: "Welcome\u0000" }),
      admin.api.invitation.list({ search: "a\u0000b" }),
      admin.api.invitation.list({ cursor: "\u0000" }),
      admin.api.invitation.get({ id: "\u0000" }),
      admin.api.member.list({ search: "\u0000" }),
      admin.api.auth.revokeSession({ id: "x\u0000" }),
      anonymous.invitation.accept({ token, password: STRONG_PASSWORD, name: "Nul\u0000" }),
    ];
    for (const attempt of attempts) {
      expect(await failure(attempt)).toMatchObject({ code: "BAD_REQUEST", reason: "VALIDATION_FAILED" });
    }
    // Nothing was spent: the invitation is still there to accept.
    expect((await anonymous.invitation.preview({ token })).status).toBe("PENDING");
  });

  it("refuses input nested thousands deep with VALIDATION_FAILED, not a stack overflow", async () => {
    let deep: unknown = "x";
    for (let i = 0; i < 20_000; i++) deep = [deep];
    const signIn = (await t.caller()).auth.signIn({ email: "deep@example.com", password: "whatever it is", extra: deep } as never);
    expect(await failure(signIn)).toMatchObject({ code: "BAD_REQUEST", reason: "VALIDATION_FAILED", message: "The input is nested too deeply." });
  });

  it("counts attempts for the longest email addresses instead of failing on them", async () => {
    // 64 + 1 + 189 = 254 characters, the most an address may have; with the limit's name in
    // front, the bucket key is longer than 255.
    const email = `${"a".repeat(64)}@${"b".repeat(60)}.${"c".repeat(60)}.${"d".repeat(59)}.example`;
    expect(email).toHaveLength(254);
    const signIn = (await t.caller()).auth.signIn({ email, password: "not the password at all" });
    expect(await failure(signIn)).toMatchObject({ code: "UNAUTHORIZED", reason: "INVALID_CREDENTIALS" });
    expect(await (await t.caller()).auth.requestPasswordReset({ email })).toEqual({ ok: true });
  });
});
