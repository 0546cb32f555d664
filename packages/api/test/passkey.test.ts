import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHALLENGE_TTL_MS } from "../src/passkeys/challenges.ts";
import { CookieJar, setupApi, STRONG_PASSWORD, type TestApi } from "./support/api.ts";
import { SoftwareAuthenticator, type Ceremony } from "./support/authenticator.ts";
import { failure } from "./support/failure.ts";

let t: TestApi;
let admin: Awaited<ReturnType<TestApi["signedIn"]>>;
beforeAll(async () => {
  t = await setupApi();
  admin = await t.signedIn("admin@example.com", "ADMIN");
});
afterAll(() => t?.close());

const site = { origin: "https://app.example.com", rpId: "app.example.com" };
let counter = 0;
const freshEmail = () => `passkey${++counter}@example.com`;

async function invite(email = freshEmail()) {
  const { invitation, inviteUrl } = await admin.api.invitation.create({ email });
  return { invitation, token: inviteUrl.split("/invite/")[1]! };
}

/** Accepts an invitation as a browser would: options, the authenticator's answer, accept. */
async function acceptWithPasskey(token: string, authenticator = new SoftwareAuthenticator(site), jar = new CookieJar(), ip?: string) {
  const api = await t.caller(jar, ip);
  const { attemptId, options } = await api.passkey.acceptOptions({ invitation: token });
  const result = await api.passkey.accept({ invitation: token, attemptId, response: authenticator.register(options), name: "Pat Key" });
  return { result, jar, authenticator, api: await t.caller(jar) };
}

/** A member who joined with a passkey alone. */
async function passkeyMember() {
  const { token, invitation } = await invite();
  return { ...(await acceptWithPasskey(token)), email: invitation.email };
}

async function signIn(authenticator: SoftwareAuthenticator, ceremony: Ceremony = {}, jar = new CookieJar()) {
  const api = await t.caller(jar);
  const { attemptId, options } = await api.passkey.signInOptions();
  return { result: await api.passkey.signIn({ attemptId, response: authenticator.authenticate(options, ceremony) }), jar };
}

describe("passkey.accept", () => {
  it("accepts an invitation with a passkey alone, signed in, storing only the credential id and public key", async () => {
    const { invitation, token } = await invite();
    const { result, jar, api, authenticator } = await acceptWithPasskey(token);
    expect(result.user).toMatchObject({ email: invitation.email, name: "Pat Key" });
    expect(jar.token).toBeTruthy();
    expect((await api.auth.me())?.email).toBe(invitation.email);
    expect((await admin.api.invitation.get({ id: invitation.id })).status).toBe("ACCEPTED");

    const user = await t.prisma.user.findUniqueOrThrow({ where: { email: invitation.email }, include: { passkeys: true } });
    expect(user.passwordHash).toBeNull();
    expect(user.passkeys).toHaveLength(1);
    expect(Object.keys(user.passkeys[0]!).sort()).toEqual(
      ["backedUp", "counter", "createdAt", "credentialId", "deviceType", "id", "lastUsedAt", "name", "publicKey", "transports", "userId"].sort(),
    );
    expect(user.passkeys[0]).toMatchObject({ credentialId: authenticator.id, counter: 1n, backedUp: false, deviceType: "singleDevice" });
    // The passkey's user handle is the account's id: a discoverable sign-in names its account.
    const signedIn = await signIn(authenticator);
    expect(signedIn.result.user.email).toBe(invitation.email);
  });

  it("20 concurrent passkey accepts of one invitation give exactly one user (SECURITY 3, 39)", async () => {
    const { invitation, token } = await invite();
    const tries = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const api = await t.caller(new CookieJar(), `198.51.100.${i + 1}`);
        const authenticator = new SoftwareAuthenticator(site);
        const { attemptId, options } = await api.passkey.acceptOptions({ invitation: token });
        return () => api.passkey.accept({ invitation: token, attemptId, response: authenticator.register(options) });
      }),
    );
    const results = await Promise.allSettled(tries.map((accept) => accept()));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await t.prisma.user.count({ where: { email: invitation.email } })).toBe(1);
    const user = await t.prisma.user.findUniqueOrThrow({ where: { email: invitation.email }, include: { _count: { select: { passkeys: true } } } });
    expect(user._count.passkeys).toBe(1);
    for (const r of results) {
      if (r.status === "rejected") expect((r.reason as { code?: string }).code).not.toBe("INTERNAL_SERVER_ERROR");
    }
  });

  it("SECURITY 39: a challenge is bound to its invitation and its purpose", async () => {
    const first = await invite();
    const second = await invite();
    const api = await t.caller();
    const authenticator = new SoftwareAuthenticator(site);
    const { attemptId, options } = await api.passkey.acceptOptions({ invitation: first.token });
    const response = authenticator.register(options);
    expect(await failure(api.passkey.accept({ invitation: second.token, attemptId, response }))).toMatchObject({ reason: "CHALLENGE_EXPIRED" });
    // A sign-in challenge cannot create an account either.
    const signInOptions = await api.passkey.signInOptions();
    const other = new SoftwareAuthenticator(site).register({ ...options, challenge: signInOptions.options.challenge });
    expect(await failure(api.passkey.accept({ invitation: second.token, attemptId: signInOptions.attemptId, response: other }))).toMatchObject({
      reason: "CHALLENGE_EXPIRED",
    });
    expect(await t.prisma.user.count({ where: { email: { in: [first.invitation.email, second.invitation.email] } } })).toBe(0);
  });

  it("SECURITY 39: a new passkey from another origin, for another RP id or without user verification makes nothing", async () => {
    const { invitation, token } = await invite();
    for (const ceremony of [{ origin: "https://evil.example" }, { rpId: "evil.example" }, { userVerified: false }]) {
      const api = await t.caller();
      const { attemptId, options } = await api.passkey.acceptOptions({ invitation: token });
      const response = new SoftwareAuthenticator(site).register(options, ceremony);
      expect(await failure(api.passkey.accept({ invitation: token, attemptId, response })), JSON.stringify(ceremony)).toMatchObject({
        code: "UNAUTHORIZED",
        reason: "PASSKEY_VERIFICATION_FAILED",
      });
    }
    expect((await admin.api.invitation.get({ id: invitation.id })).status).toBe("PENDING");
    expect(await t.prisma.user.count({ where: { email: invitation.email } })).toBe(0);
  });

  it("answers an unusable invitation's reason before making a challenge", async () => {
    const api = await t.caller();
    expect(await failure(api.passkey.acceptOptions({ invitation: "a".repeat(32) }))).toMatchObject({ reason: "INVITATION_NOT_FOUND" });
    const { token } = await invite();
    await acceptWithPasskey(token);
    expect(await failure(api.passkey.acceptOptions({ invitation: token }))).toMatchObject({ reason: "INVITATION_USED" });
  });
});

describe("passkey.signIn (SECURITY 39)", () => {
  it("makes random challenges, each for one attempt", async () => {
    const api = await t.caller();
    const [a, b] = await Promise.all([api.passkey.signInOptions(), api.passkey.signInOptions()]);
    expect(a.options.challenge).not.toBe(b.options.challenge);
    expect(a.attemptId).not.toBe(b.attemptId);
    expect(a.options).toMatchObject({ rpId: "app.example.com", userVerification: "required", timeout: CHALLENGE_TTL_MS });
    expect(Buffer.from(a.options.challenge, "base64url").length).toBeGreaterThanOrEqual(32);
  });

  it("signs in with a new session, ending the one the browser held", async () => {
    const { authenticator, email } = await passkeyMember();
    const jar = new CookieJar();
    const before = await t.signedIn(freshEmail());
    jar.set(before.jar.token!, before.jar.expiresAt!);
    const { result } = await signIn(authenticator, {}, jar);
    expect(result.user.email).toBe(email);
    expect(jar.token).not.toBe(before.jar.token);
    expect(await (await t.caller(before.jar)).auth.me()).toBeNull();
    const row = await t.prisma.passkey.findUniqueOrThrow({ where: { credentialId: authenticator.id } });
    expect(row.lastUsedAt).toEqual(t.clock.now());
    expect(row.counter).toBe(2n);
  });

  it("refuses a response from another origin", async () => {
    const { authenticator } = await passkeyMember();
    expect(await failure(signIn(authenticator, { origin: "https://app.example.com.evil.example" }))).toMatchObject({
      code: "UNAUTHORIZED",
      reason: "PASSKEY_VERIFICATION_FAILED",
    });
  });

  it("refuses a response for another relying-party id", async () => {
    const { authenticator } = await passkeyMember();
    expect(await failure(signIn(authenticator, { rpId: "example.com" }))).toMatchObject({ reason: "PASSKEY_VERIFICATION_FAILED" });
  });

  it("refuses a challenge used once already", async () => {
    const { authenticator } = await passkeyMember();
    const api = await t.caller();
    const { attemptId, options } = await api.passkey.signInOptions();
    await api.passkey.signIn({ attemptId, response: authenticator.authenticate(options) });
    // The same attempt again, even with a fresh, valid signature over the same challenge.
    expect(await failure(api.passkey.signIn({ attemptId, response: authenticator.authenticate(options) }))).toMatchObject({
      code: "BAD_REQUEST",
      reason: "CHALLENGE_EXPIRED",
    });
  });

  it("refuses a challenge spent by a failed try, and two concurrent uses of one attempt let one through", async () => {
    const { authenticator } = await passkeyMember();
    const api = await t.caller();
    const failed = await api.passkey.signInOptions();
    await failure(api.passkey.signIn({ attemptId: failed.attemptId, response: authenticator.authenticate(failed.options, { userVerified: false }) }));
    expect(await failure(api.passkey.signIn({ attemptId: failed.attemptId, response: authenticator.authenticate(failed.options) }))).toMatchObject({
      reason: "CHALLENGE_EXPIRED",
    });
    const { attemptId, options } = await api.passkey.signInOptions();
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => api.passkey.signIn({ attemptId, response: authenticator.authenticate(options) })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });

  it("refuses a challenge past its 5 minutes", async () => {
    const { authenticator } = await passkeyMember();
    const api = await t.caller();
    const { attemptId, options } = await api.passkey.signInOptions();
    t.clock.advance(CHALLENGE_TTL_MS + 1000);
    expect(await failure(api.passkey.signIn({ attemptId, response: authenticator.authenticate(options) }))).toMatchObject({
      reason: "CHALLENGE_EXPIRED",
    });
  });

  it("refuses a counter that goes backwards", async () => {
    const { authenticator } = await passkeyMember();
    await signIn(authenticator);
    await signIn(authenticator);
    // A clone of the key reports where the original stood two sign-ins ago.
    expect(await failure(signIn(authenticator, { counter: 2 }))).toMatchObject({ reason: "PASSKEY_VERIFICATION_FAILED" });
    expect(await failure(signIn(authenticator, { counter: 3 }))).toMatchObject({ reason: "PASSKEY_VERIFICATION_FAILED" });
    expect((await signIn(authenticator, { counter: 10 })).result.user).toBeTruthy();
    expect((await t.prisma.passkey.findUniqueOrThrow({ where: { credentialId: authenticator.id } })).counter).toBe(10n);
  });

  it("signs in again and again with a synced passkey that keeps no counter, and stores its backup state", async () => {
    const { token, invitation } = await invite();
    const synced = new SoftwareAuthenticator(site, { keepsCounter: false, backedUp: true });
    const { api } = await acceptWithPasskey(token, synced);
    await signIn(synced);
    await signIn(synced);
    expect(await api.passkey.list()).toMatchObject([{ synced: true, deviceBound: false }]);
    expect(await t.prisma.user.count({ where: { email: invitation.email } })).toBe(1);
  });

  it("refuses a passkey without user verification", async () => {
    const { authenticator } = await passkeyMember();
    expect(await failure(signIn(authenticator, { userVerified: false }))).toMatchObject({ reason: "PASSKEY_VERIFICATION_FAILED" });
  });

  it("refuses an unknown passkey, and a suspended member's", async () => {
    expect(await failure(signIn(new SoftwareAuthenticator(site)))).toMatchObject({ reason: "PASSKEY_VERIFICATION_FAILED" });
    const { authenticator, email } = await passkeyMember();
    const member = await t.prisma.user.findUniqueOrThrow({ where: { email } });
    await admin.api.member.suspend({ id: member.id });
    expect(await failure(signIn(authenticator))).toMatchObject({ reason: "ACCOUNT_SUSPENDED" });
  });
});

describe("passkey management", () => {
  async function addPasskey(api: Awaited<ReturnType<TestApi["caller"]>>, authenticator = new SoftwareAuthenticator(site), name?: string) {
    const { attemptId, options } = await api.passkey.registrationOptions();
    return api.passkey.register({ attemptId, response: authenticator.register(options), ...(name && { name }) });
  }

  it("adds a passkey to a password account, ending the account's other sessions, and it signs in", async () => {
    const me = await t.signedIn(freshEmail());
    await (await t.caller()).auth.signIn({ email: me.user.email, password: STRONG_PASSWORD });
    expect(await t.prisma.session.count({ where: { userId: me.user.id } })).toBe(2);
    const authenticator = new SoftwareAuthenticator(site);
    const list = await addPasskey(me.api, authenticator, "Work laptop");
    expect(list).toMatchObject([{ name: "Work laptop", lastUsedAt: null, synced: false, deviceBound: true }]);
    expect(await t.prisma.session.count({ where: { userId: me.user.id } })).toBe(1);
    expect((await me.api.auth.me())?.email).toBe(me.user.email);
    expect((await signIn(authenticator)).result.user.email).toBe(me.user.email);
    expect((await me.api.passkey.list())[0]!.lastUsedAt).toEqual(t.clock.now());
  });

  it("excludes the account's own passkeys from new ones, and refuses one already registered", async () => {
    const { api, authenticator } = await passkeyMember();
    const { attemptId, options } = await api.passkey.registrationOptions();
    expect(options.excludeCredentials).toEqual([expect.objectContaining({ id: authenticator.id })]);
    expect(options.authenticatorSelection).toMatchObject({ residentKey: "required", userVerification: "required" });
    expect(await failure(api.passkey.register({ attemptId, response: authenticator.register(options) }))).toMatchObject({
      reason: "PASSKEY_VERIFICATION_FAILED",
    });
  });

  it("binds an account's challenge to that account", async () => {
    const mine = await t.signedIn(freshEmail());
    const theirs = await t.signedIn(freshEmail());
    const { attemptId, options } = await mine.api.passkey.registrationOptions();
    const response = new SoftwareAuthenticator(site).register(options);
    expect(await failure(theirs.api.passkey.register({ attemptId, response }))).toMatchObject({ reason: "CHALLENGE_EXPIRED" });
  });

  it("renames, and removes one of two; the last way in is refused with LAST_SIGN_IN_METHOD", async () => {
    const { api } = await passkeyMember();
    const [first] = await api.passkey.list();
    const two = await addPasskey(api, new SoftwareAuthenticator(site, { backedUp: true }));
    expect(two.map((p) => p.name)).toEqual(["Passkey", "Passkey 2"]);
    expect(await api.passkey.rename({ id: first!.id, name: "  Phone " })).toMatchObject([{ name: "Phone" }, { name: "Passkey 2", synced: true }]);
    expect(await failure(api.passkey.rename({ id: first!.id, name: "x".repeat(65) }))).toMatchObject({ code: "BAD_REQUEST" });
    const one = await api.passkey.remove({ id: first!.id });
    expect(one.map((p) => p.name)).toEqual(["Passkey 2"]);
    expect(await failure(api.passkey.remove({ id: one[0]!.id }))).toMatchObject({ code: "CONFLICT", reason: "LAST_SIGN_IN_METHOD" });
    expect(await failure(api.passkey.remove({ id: first!.id }))).toMatchObject({ reason: "NOT_FOUND" });
    // Someone else's passkey is not theirs to rename or remove.
    const stranger = await t.signedIn(freshEmail());
    expect(await failure(stranger.api.passkey.remove({ id: one[0]!.id }))).toMatchObject({ reason: "NOT_FOUND" });
    expect(await failure(stranger.api.passkey.rename({ id: one[0]!.id, name: "Mine" }))).toMatchObject({ reason: "NOT_FOUND" });
  });

  it("lets a password account remove its only passkey", async () => {
    const me = await t.signedIn(freshEmail());
    const [passkey] = await addPasskey(me.api);
    expect(await me.api.passkey.remove({ id: passkey!.id })).toEqual([]);
  });

  it("admins see passkeys among a member's sign-in methods", async () => {
    const { email } = await passkeyMember();
    const { items } = await admin.api.member.list({ search: email, limit: 10 });
    expect(items).toMatchObject([{ email, signInMethods: ["passkey"] }]);
  });

  it("is for signed-in accounts only", async () => {
    const api = await t.caller();
    expect(await failure(api.passkey.list())).toMatchObject({ reason: "UNAUTHENTICATED" });
    expect(await failure(api.passkey.registrationOptions())).toMatchObject({ reason: "UNAUTHENTICATED" });
  });
});

describe("passkey.completeSignUp", () => {
  /** The sign-up link's token from the outbox, unsealed as the worker would. */
  async function proofFor(email: string) {
    await t.services.background.settled();
    const message = await t.prisma.emailMessage.findFirstOrThrow({ where: { to: email, template: "signUp", sealedSecret: { not: null } } });
    return t.services.sealer.unseal(message.sealedSecret!);
  }

  async function completeWithPasskey(token: string, authenticator = new SoftwareAuthenticator(site)) {
    const api = await t.caller(new CookieJar(), `192.0.2.${++counter}`);
    const { attemptId, options } = await api.passkey.signUpOptions({ token });
    expect(options.user.name).toBe((await api.auth.signUpPreview({ token })).email);
    return api.passkey.completeSignUp({ token, attemptId, response: authenticator.register(options), name: "Sam Signup" });
  }

  it("completes an open sign-up with a passkey alone; the link works once and the passkey signs in", async () => {
    await admin.api.settings.update({ registration: "OPEN", defaultInviteHours: 48, signUpDomains: [] });
    try {
      const email = freshEmail();
      await (await t.caller()).auth.signUp({ email });
      const token = await proofFor(email);
      const authenticator = new SoftwareAuthenticator(site);
      const { user } = await completeWithPasskey(token, authenticator);
      expect(user).toMatchObject({ email, name: "Sam Signup", role: "MEMBER" });
      expect((await t.prisma.user.findUniqueOrThrow({ where: { email } })).passwordHash).toBeNull();
      expect(await failure(completeWithPasskey(token))).toMatchObject({ reason: "SIGN_UP_LINK_USED" });
      expect((await signIn(authenticator)).result.user.email).toBe(email);
    } finally {
      await admin.api.settings.update({ registration: "INVITE_ONLY", defaultInviteHours: 48, signUpDomains: [] });
    }
  });

  it("joins through a shareable link with a passkey, as the link's role, spending one use; a challenge is bound to its link", async () => {
    const { url } = await admin.api.inviteLink.create({ role: "MEMBER", maxUses: 1 });
    const link = url.split("/join/")[1]!;
    const [first, second] = [freshEmail(), freshEmail()];
    for (const email of [first, second]) await (await t.caller(new CookieJar(), `192.0.2.${++counter}`)).inviteLink.join({ token: link, email });
    const [firstProof, secondProof] = [await proofFor(first), await proofFor(second)];

    const api = await t.caller();
    const { attemptId, options } = await api.passkey.signUpOptions({ token: firstProof });
    const response = new SoftwareAuthenticator(site).register(options);
    expect(
      await failure(api.passkey.completeSignUp({ token: secondProof, attemptId, response, name: "Wrong Link" })),
    ).toMatchObject({ reason: "CHALLENGE_EXPIRED" });

    expect((await completeWithPasskey(firstProof)).user).toMatchObject({ email: first, role: "MEMBER" });
    expect(await failure(completeWithPasskey(secondProof))).toMatchObject({ reason: "INVITE_LINK_FULL" });
    expect(await t.prisma.user.count({ where: { email: second } })).toBe(0);
  });
});
