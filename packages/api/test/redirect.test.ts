import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REDIRECT_URL_MAX } from "@invite/schemas";
import { CookieJar, setupApi, STRONG_PASSWORD, type TestApi } from "./support/api.ts";
import { failure } from "./support/failure.ts";

/*
 * Where people land after joining (issue 17; SECURITY 23, 40): an invitation's or a shareable
 * link's own `redirectUrl`, else the settings' `defaultRedirectUrl`, else "/". Allowed only to a
 * path on this site, APP_URL's origin or exactly one of TRUSTED_ORIGINS; checked when written
 * (REDIRECT_NOT_ALLOWED, a 400) and again when used.
 */

const TRUSTED = "https://shop.example.com";
let t: TestApi;
let admin: Awaited<ReturnType<TestApi["signedIn"]>>;
let counter = 0;
const freshEmail = () => `landing-${++counter}@example.com`;
const nextIp = () => `198.51.100.${++counter % 250}`;
const tokenOf = (inviteUrl: string) => inviteUrl.split("/invite/")[1]!;

beforeAll(async () => {
  t = await setupApi({ trustedOrigins: [TRUSTED, "http://localhost:5173"] });
  admin = await t.signedIn("landing-admin@example.com", "ADMIN");
});
afterAll(() => t?.close());

async function accept(inviteUrl: string) {
  return (await t.caller(new CookieJar(), nextIp())).invitation.accept({ token: tokenOf(inviteUrl), password: STRONG_PASSWORD });
}

async function setDefault(defaultRedirectUrl: string | null) {
  return admin.api.settings.update({ registration: "INVITE_ONLY", defaultInviteHours: 48, defaultRedirectUrl });
}

/** Hostile or mistaken targets: another origin, a look-alike, another scheme or port, credentials, tricks. */
const refused = [
  "https://evil.example.com/welcome",
  "https://shop.example.com.evil.com/",
  "https://shop.example.com:8443/",
  "http://shop.example.com/",
  "https://user:pw@shop.example.com/",
  "//evil.example.com",
  "/\\evil.example.com",
  "javascript:alert(1)",
  "data:text/html,hi",
  "https://shop.example.com/\tx",
  "welcome",
];

describe("invitation.create's redirectUrl", () => {
  it("SECURITY 23, 40: keeps a path, this origin (as its path) and a trusted origin exactly; the view shows it", async () => {
    const cases: Array<[string, string]> = [
      ["/projects?tab=new#start", "/projects?tab=new#start"],
      ["https://app.example.com/welcome?x=1", "/welcome?x=1"],
      [`${TRUSTED}/onboarding?from=invite`, `${TRUSTED}/onboarding?from=invite`],
      ["  http://localhost:5173/  ", "http://localhost:5173/"],
    ];
    for (const [given, kept] of cases) {
      const { invitation } = await admin.api.invitation.create({ email: freshEmail(), redirectUrl: given });
      expect(invitation.redirectUrl, given).toBe(kept);
      expect((await admin.api.invitation.get({ id: invitation.id })).redirectUrl).toBe(kept);
    }
    const { invitation } = await admin.api.invitation.create({ email: freshEmail(), redirectUrl: "" });
    expect(invitation.redirectUrl).toBeNull();
  });

  it.each(refused)("SECURITY 23, 40: refuses %s with REDIRECT_NOT_ALLOWED and writes nothing", async (redirectUrl) => {
    const email = freshEmail();
    expect(await failure(admin.api.invitation.create({ email, redirectUrl }))).toMatchObject({
      code: "BAD_REQUEST",
      reason: "REDIRECT_NOT_ALLOWED",
      details: { allowedOrigins: ["https://app.example.com", TRUSTED, "http://localhost:5173"] },
    });
    expect(await t.prisma.invitation.count({ where: { email } })).toBe(0);
  });

  it(`refuses an address past ${REDIRECT_URL_MAX} characters as a 400 before anything runs`, async () => {
    const long = `${TRUSTED}/${"a".repeat(REDIRECT_URL_MAX)}`;
    const tooLong = await failure(admin.api.invitation.create({ email: freshEmail(), redirectUrl: long }));
    expect(tooLong).toMatchObject({ code: "BAD_REQUEST" });
    expect(tooLong.message).toContain("under 2,048 characters");
    const justFits = `${TRUSTED}/${"a".repeat(REDIRECT_URL_MAX - TRUSTED.length - 1)}`;
    expect((await admin.api.invitation.create({ email: freshEmail(), redirectUrl: justFits })).invitation.redirectUrl).toBe(justFits);
  });

  it("createMany gives the whole list one redirectUrl, refuses a bad one whole, and a renewal takes the new terms", async () => {
    const [a, b] = [freshEmail(), freshEmail()];
    const first = await admin.api.invitation.createMany({ people: [{ email: a }, { email: b }], redirectUrl: `${TRUSTED}/team` });
    expect(first.results.map((result) => result.invitation?.redirectUrl)).toEqual([`${TRUSTED}/team`, `${TRUSTED}/team`]);
    const again = await admin.api.invitation.createMany({ people: [{ email: a }], redirectUrl: "/projects" });
    expect(again.results[0]).toMatchObject({ outcome: "renewed", invitation: { redirectUrl: "/projects" } });
    const bad = freshEmail();
    expect(await failure(admin.api.invitation.createMany({ people: [{ email: bad }], redirectUrl: "https://evil.example.com" }))).toMatchObject({
      reason: "REDIRECT_NOT_ALLOWED",
    });
    expect(await t.prisma.invitation.count({ where: { email: bad } })).toBe(0);
    // create renews too: the redirect is part of the terms, as the message is.
    const renewed = await admin.api.invitation.create({ email: b });
    expect(renewed).toMatchObject({ refreshed: true, invitation: { redirectUrl: null } });
  });

  it("invitation.preview never shows the redirect to whoever holds the link", async () => {
    const { inviteUrl } = await admin.api.invitation.create({ email: freshEmail(), redirectUrl: `${TRUSTED}/secret-project` });
    const preview = await (await t.caller()).invitation.preview({ token: tokenOf(inviteUrl) });
    expect(JSON.stringify(preview)).not.toContain("secret-project");
    expect(preview).not.toHaveProperty("redirectUrl");
  });
});

describe("where accepting lands", () => {
  it("the invitation's own, else the settings' default, else home", async () => {
    await setDefault(null);
    const own = await admin.api.invitation.create({ email: freshEmail(), redirectUrl: `${TRUSTED}/start` });
    expect((await accept(own.inviteUrl)).redirectTo).toBe(`${TRUSTED}/start`);
    const none = await admin.api.invitation.create({ email: freshEmail() });
    expect((await accept(none.inviteUrl)).redirectTo).toBe("/");
    await setDefault("/getting-started");
    try {
      const byDefault = await admin.api.invitation.create({ email: freshEmail() });
      expect((await accept(byDefault.inviteUrl)).redirectTo).toBe("/getting-started");
      const stillOwn = await admin.api.invitation.create({ email: freshEmail(), redirectUrl: "/projects" });
      expect((await accept(stillOwn.inviteUrl)).redirectTo).toBe("/projects");
    } finally {
      await setDefault(null);
    }
  });

  it("SECURITY 23, 40: checks again at accept: an origin no longer trusted, or a stored one never allowed, is passed over", async () => {
    await setDefault(`${TRUSTED}/default`);
    const trusted = t.services.config.trustedOrigins;
    try {
      const first = await admin.api.invitation.create({ email: freshEmail(), redirectUrl: "http://localhost:5173/own" });
      // The operator drops the origin from TRUSTED_ORIGINS before the invitee accepts.
      t.services.config.trustedOrigins = [TRUSTED];
      expect((await accept(first.inviteUrl)).redirectTo).toBe(`${TRUSTED}/default`);
      t.services.config.trustedOrigins = [];
      const second = await admin.api.invitation.create({ email: freshEmail() });
      expect((await accept(second.inviteUrl)).redirectTo).toBe("/");
      // A row written around the API (an old import, a bad hand edit) is never followed either.
      t.services.config.trustedOrigins = trusted;
      const third = await admin.api.invitation.create({ email: freshEmail() });
      await t.prisma.invitation.update({ where: { id: third.invitation.id }, data: { redirectUrl: "https://evil.example.com/" } });
      expect((await accept(third.inviteUrl)).redirectTo).toBe(`${TRUSTED}/default`);
    } finally {
      t.services.config.trustedOrigins = trusted;
      await setDefault(null);
    }
  });
});

describe("settings.update's defaultRedirectUrl", () => {
  it("is checked like an invitation's, shown by settings.get, and null or \"\" clears it; left out it stays", async () => {
    expect(await setDefault(`${TRUSTED}/welcome`)).toMatchObject({ defaultRedirectUrl: `${TRUSTED}/welcome` });
    expect(await admin.api.settings.update({ registration: "INVITE_ONLY", defaultInviteHours: 48 })).toMatchObject({
      defaultRedirectUrl: `${TRUSTED}/welcome`,
    });
    expect(await failure(setDefault("https://evil.example.com/"))).toMatchObject({ code: "BAD_REQUEST", reason: "REDIRECT_NOT_ALLOWED" });
    expect((await admin.api.settings.get()).defaultRedirectUrl).toBe(`${TRUSTED}/welcome`);
    expect(await setDefault("")).toMatchObject({ defaultRedirectUrl: null });
    await setDefault("/x");
    expect(await setDefault(null)).toMatchObject({ defaultRedirectUrl: null });
  });

  it("only admins change it", async () => {
    const member = await t.signedIn(freshEmail());
    expect(await failure(member.api.settings.update({ registration: "INVITE_ONLY", defaultInviteHours: 48, defaultRedirectUrl: "/x" }))).toMatchObject({
      code: "FORBIDDEN",
    });
  });
});

describe("shareable links and sign-up", () => {
  /** Joins through `url` as a new email and completes the emailed proof link with a password. */
  async function joinAndComplete(url: string, jar = new CookieJar()) {
    const email = freshEmail();
    await (await t.caller(new CookieJar(), nextIp())).inviteLink.join({ token: url.split("/join/")[1]!, email });
    await t.services.background.settled();
    const message = await t.prisma.emailMessage.findFirstOrThrow({ where: { to: email, template: "signUp" } });
    const token = t.services.sealer.unseal(message.sealedSecret!);
    return (await t.caller(jar, nextIp())).auth.completeSignUp({ token, name: "Joiner", password: STRONG_PASSWORD });
  }

  it("a link's redirectUrl is checked when made, shown to admins, and where its joiners land; without one, the default", async () => {
    expect(await failure(admin.api.inviteLink.create({ redirectUrl: "https://evil.example.com" }))).toMatchObject({ reason: "REDIRECT_NOT_ALLOWED" });
    const { link, url } = await admin.api.inviteLink.create({ redirectUrl: `${TRUSTED}/team` });
    expect(link.redirectUrl).toBe(`${TRUSTED}/team`);
    expect((await admin.api.inviteLink.list()).items.find((item) => item.id === link.id)?.redirectUrl).toBe(`${TRUSTED}/team`);
    const preview = await (await t.caller()).inviteLink.preview({ token: url.split("/join/")[1]! });
    expect(JSON.stringify(preview)).not.toContain("/team");
    const jar = new CookieJar();
    expect((await joinAndComplete(url, jar)).redirectTo).toBe(`${TRUSTED}/team`);
    // Their home page names who shared the link, and when it was made.
    expect(await (await t.caller(jar)).account.joined()).toMatchObject({
      via: "link",
      invitedBy: { email: "landing-admin@example.com" },
      invitedAt: link.createdAt,
    });

    const plain = await admin.api.inviteLink.create({});
    expect(plain.link.redirectUrl).toBeNull();
    await setDefault("/welcome");
    try {
      expect((await joinAndComplete(plain.url)).redirectTo).toBe("/welcome");
    } finally {
      await setDefault(null);
    }
    expect((await joinAndComplete(plain.url)).redirectTo).toBe("/");
  });

  it("open sign-up lands on the settings' default", async () => {
    await admin.api.settings.update({ registration: "OPEN", defaultInviteHours: 48, defaultRedirectUrl: `${TRUSTED}/new` });
    try {
      const email = freshEmail();
      await (await t.caller(new CookieJar(), nextIp())).auth.signUp({ email });
      await t.services.background.settled();
      const message = await t.prisma.emailMessage.findFirstOrThrow({ where: { to: email, template: "signUp" } });
      const token = t.services.sealer.unseal(message.sealedSecret!);
      const done = await (await t.caller(new CookieJar(), nextIp())).auth.completeSignUp({ token, name: "Opener", password: STRONG_PASSWORD });
      expect(done.redirectTo).toBe(`${TRUSTED}/new`);
    } finally {
      await admin.api.settings.update({ registration: "INVITE_ONLY", defaultInviteHours: 48, defaultRedirectUrl: null });
    }
  });
});

describe("account.joined (the member's home page)", () => {
  it("names who invited them and when, or the link's creator, or nothing for an account made otherwise", async () => {
    await t.prisma.user.update({ where: { id: admin.user.id }, data: { name: "Grace Admin" } });
    const { inviteUrl, invitation } = await admin.api.invitation.create({ email: freshEmail() });
    t.clock.advance(60_000);
    const jar = new CookieJar();
    await (await t.caller(jar, nextIp())).invitation.accept({ token: tokenOf(inviteUrl), password: STRONG_PASSWORD });
    expect(await (await t.caller(jar)).account.joined()).toEqual({
      via: "invitation",
      invitedBy: { name: "Grace Admin", email: "landing-admin@example.com" },
      invitedAt: invitation.createdAt,
      joinedAt: t.clock.now(),
    });
    expect(await admin.api.account.joined()).toMatchObject({ via: "other", invitedBy: null, invitedAt: null });
    expect(await failure((await t.caller()).account.joined())).toMatchObject({ code: "UNAUTHORIZED" });
  });
});
