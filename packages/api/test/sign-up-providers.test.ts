import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { completeSignUpWithProvider, signInWithProvider, type ProviderIdentity } from "../src/index.ts";
import { CookieJar, setupApi, type TestApi } from "./support/api.ts";

/*
 * Open sign-up with a provider: a provider's verified email is proof of the email (SECURITY
 * 34, 27), held to the same rules as the emailed link: the domain list, and an invitation
 * waiting for the email is sent again instead (SECURITY 35). A sign-up link may also be
 * completed with a provider, whose verified email must be the link's.
 */

let t: TestApi;
let admin: Awaited<ReturnType<TestApi["signedIn"]>>;
let n = 0;
const meta = { ip: "203.0.113.80", userAgent: "vitest", sessionId: null };
const github = (verifiedEmails: string[], name: string | null = null): ProviderIdentity => ({
  provider: "github",
  providerUserId: `gh-${++n}`,
  verifiedEmails,
  name,
});

beforeAll(async () => {
  t = await setupApi();
  admin = await t.signedIn("boss@example.com", "ADMIN");
});
afterAll(() => t?.close());
beforeEach(async () => {
  await admin.api.settings.update({ registration: "OPEN", defaultInviteHours: 48, signUpDomains: [] });
});

describe("registering with a provider in OPEN mode", () => {
  it("SECURITY 34: a provider's verified email makes the account directly, at the first allowed domain", async () => {
    await admin.api.settings.update({ registration: "OPEN", defaultInviteHours: 48, signUpDomains: ["example.com"] });
    const result = await signInWithProvider(t.services, github(["me@personal.example", "me@example.com"], "Me"), meta);
    expect(result).toMatchObject({ ok: true, outcome: "registered", user: { email: "me@example.com", role: "MEMBER" } });

    const outside = await signInWithProvider(t.services, github(["other@personal.example"]), meta);
    expect(outside).toEqual({ ok: false, reason: "EMAIL_DOMAIN_NOT_ALLOWED" });
    expect(await t.prisma.user.count({ where: { email: "other@personal.example" } })).toBe(0);
  });

  it("SECURITY 35: an email with a pending invitation gets it again; no account, and the invitation keeps its role", async () => {
    const { invitation } = await admin.api.invitation.create({ email: "invited-gh@example.com", role: "ADMIN" });
    const result = await signInWithProvider(t.services, github(["invited-gh@example.com"]), meta);
    expect(result).toEqual({ ok: false, reason: "INVITATION_PENDING" });
    expect(await t.prisma.user.count({ where: { email: "invited-gh@example.com" } })).toBe(0);
    const row = await t.prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row).toMatchObject({ status: "PENDING", role: "ADMIN", sendCount: 2 });
  });
});

describe("completing a sign-up link with a provider", () => {
  async function signUpLink(email: string) {
    await (await t.caller(new CookieJar(), `192.0.2.${++n}`)).auth.signUp({ email });
    await t.services.background.settled();
    const message = await t.prisma.emailMessage.findFirstOrThrow({ where: { to: email, template: "signUp" } });
    return t.services.sealer.unseal(message.sealedSecret!);
  }

  it("needs the provider to have verified the link's email; otherwise EMAIL_MISMATCH, nothing made, the link still usable", async () => {
    const token = await signUpLink("grace@example.com");
    const wrong = await completeSignUpWithProvider(t.services, token, github(["someone@example.net"]), meta);
    expect(wrong).toEqual({ ok: false, reason: "EMAIL_MISMATCH", invitedEmail: "grace@example.com", providerEmail: "someone@example.net" });
    expect(await t.prisma.user.count({ where: { email: "grace@example.com" } })).toBe(0);

    const right = await completeSignUpWithProvider(t.services, token, github(["grace@work.example", "grace@example.com"], "Grace Hopper"), meta);
    expect(right).toMatchObject({ ok: true, user: { email: "grace@example.com", name: "Grace Hopper", role: "MEMBER", passwordHash: null } });
    const user = await t.prisma.user.findUniqueOrThrow({ where: { email: "grace@example.com" }, include: { accounts: true } });
    expect(user.accounts.map((account) => account.provider)).toEqual(["github"]);

    const again = await completeSignUpWithProvider(t.services, token, github(["grace@example.com"]), meta);
    expect(again).toEqual({ ok: false, reason: "SIGN_UP_LINK_USED" });
  });
});
