// Joining through a shareable invitation link with a provider, over HTTP with the GitHub double
// (`/auth/github/start?join=<token>`): the provider's verified email is the proof (SECURITY 34),
// checked against the link's allowed domains (SECURITY 36); an email with a pending invitation
// gets that invitation, never the link's role (SECURITY 35). The workspace is INVITE_ONLY, as a
// new install is: a valid link admits people all the same.
import { createInviteLink, hashPassword } from "@invite/api";
import type { User } from "@invite/db";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Browser, gitHubAccount, startGitHubDouble, type GitHubDouble } from "./support/oauth-doubles.ts";
import { expectErrorPage, freshEmail, oauthFlow, PASSWORD, providerEnv } from "./support/oauth-flow.ts";
import { startTestServer } from "./support/server.ts";

let github: GitHubDouble;
let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: User;

beforeAll(async () => {
  github = await startGitHubDouble();
  server = await startTestServer({ env: providerEnv({ github }) });
  admin = await server.db.prisma.user.create({
    data: { email: "admin@example.com", name: "Admin", role: "ADMIN", passwordHash: await hashPassword(PASSWORD) },
  });
});
afterAll(async () => {
  await server?.close();
  await github?.close();
});
beforeEach(async () => {
  github.reset();
  await setRegistration("INVITE_ONLY");
});

const { prisma, setRegistration, invite, invitationOf, createPasswordUser, signInWith, me, expectNothingCreated } = oauthFlow(() => ({
  server,
  admin,
  github,
}));

/** A link made as the admin would make it; its token, as `/join/<token>` carries it. */
async function link(options: { role?: "ADMIN" | "MEMBER"; maxUses?: number | null; allowedDomains?: string[] } = {}) {
  const made = await createInviteLink(
    server.services,
    { user: admin, ip: null },
    { role: options.role ?? "MEMBER", expiresInHours: 24, maxUses: options.maxUses ?? null, allowedDomains: options.allowedDomains ?? [] },
  );
  return { id: made.link.id, token: made.url.split("/join/")[1]! };
}

const usesOf = async (id: string) => (await prisma().inviteLink.findUniqueOrThrow({ where: { id } })).uses;

describe("joining through a shareable link with GitHub", () => {
  it("SECURITY 34: GitHub's verified email makes a member of the link's role, signed in, in INVITE_ONLY mode; one use is spent", async () => {
    const { id, token } = await link({ role: "ADMIN", maxUses: 2 });
    const email = freshEmail("joiner");
    github.account = gitHubAccount(email, { name: "Link Joiner" });
    const { landing, browser } = await signInWith("github", { join: token });
    expect(landing.pathname).toBe("/");
    expect(await me(browser)).toMatchObject({ email, name: "Link Joiner", role: "ADMIN", providers: ["github"] });
    expect(await usesOf(id)).toBe(1);
    const joined = await prisma().inviteLinkJoin.findFirstOrThrow({ where: { linkId: id }, include: { user: true } });
    expect(joined.user.email).toBe(email);
    expect(await prisma().auditEvent.findFirst({ where: { action: "inviteLink.join", targetId: id } })).toMatchObject({
      data: { method: "github", role: "ADMIN", email },
    });

    // The same GitHub account through the link again just signs its member in, spending nothing.
    const again = await signInWith("github", { join: token });
    expect(again.landing.pathname).toBe("/");
    expect((await me(again.browser))?.email).toBe(email);
    expect(await usesOf(id)).toBe(1);
  });

  it("SECURITY 36: a verified email outside the link's domains ends on EMAIL_DOMAIN_NOT_ALLOWED; nothing is created, no use spent", async () => {
    const { id, token } = await link({ allowedDomains: ["example.org"] });
    const email = freshEmail("outsider"); // @example.com
    github.account = gitHubAccount(email);
    const { landing, browser } = await signInWith("github", { join: token });
    expectErrorPage(landing, "EMAIL_DOMAIN_NOT_ALLOWED");
    expect(await me(browser)).toBeNull();
    await expectNothingCreated([email], "github", String(github.account.id));
    expect(await usesOf(id)).toBe(0);

    // Of several verified emails, the first at an allowed domain is the one that joins.
    const insider = `insider-${github.account.id}@example.org`;
    github.account = gitHubAccount(freshEmail("primary"), {
      emails: [
        { email: `primary-${github.account.id}@example.com`, verified: true, primary: true },
        { email: insider, verified: true, primary: false },
      ],
    });
    const joined = await signInWith("github", { join: token });
    expect((await me(joined.browser))?.email).toBe(insider);
  });

  it("SECURITY 35: an email with a pending invitation ends on INVITATION_PENDING with the invitation sent again, never the link's role", async () => {
    const { id, token } = await link({ role: "ADMIN" });
    const email = freshEmail("invited");
    await invite(email, "MEMBER");
    github.account = gitHubAccount(email);
    const { landing } = await signInWith("github", { join: token });
    expectErrorPage(landing, "INVITATION_PENDING");
    await expectNothingCreated([email], "github", String(github.account.id));
    expect(await invitationOf(email)).toMatchObject({ status: "PENDING", role: "MEMBER", sendCount: 2 });
    expect(await usesOf(id)).toBe(0);
  });

  it("SECURITY 28: an email that has an account ends on ACCOUNT_EXISTS, linking nothing and signing no one in", async () => {
    const { token } = await link();
    const email = freshEmail("has-password");
    await createPasswordUser(email);
    github.account = gitHubAccount(email);
    const { landing, browser } = await signInWith("github", { join: token });
    expectErrorPage(landing, "ACCOUNT_EXISTS");
    expect(await me(browser)).toBeNull();
    expect(await prisma().oAuthAccount.count({ where: { provider: "github", providerUserId: String(github.account.id) } })).toBe(0);
  });

  it("a full, revoked or unknown link fails at start, before anyone is sent to GitHub", async () => {
    const full = await link({ maxUses: 1 });
    github.account = gitHubAccount(freshEmail("first"));
    expect((await signInWith("github", { join: full.token })).landing.pathname).toBe("/");
    const revoked = await link();
    await prisma().inviteLink.update({ where: { id: revoked.id }, data: { revokedAt: new Date() } });
    github.reset();
    for (const [token, reason] of [
      [full.token, "INVITE_LINK_FULL"],
      [revoked.token, "INVITE_LINK_REVOKED"],
      ["a".repeat(32), "INVITE_LINK_NOT_FOUND"],
      ["x".repeat(4000), "INVITE_LINK_NOT_FOUND"],
    ] as const) {
      const { landing } = await signInWith("github", { join: token });
      expectErrorPage(landing, reason);
    }
    expect(github.authorizeRequests).toHaveLength(0);
  });

  it("SECURITY 36: a link filled while the person was at GitHub ends on INVITE_LINK_FULL, creating nothing", async () => {
    const { id, token } = await link({ maxUses: 1 });
    const email = freshEmail("late");
    github.account = gitHubAccount(email);
    const browser = new Browser();
    const start = await browser.fetch(new URL(`/auth/github/start?join=${token}`, server.origin));
    const authorize = await browser.fetch(start.headers.get("location")!);
    // Someone else takes the last use meanwhile.
    await prisma().inviteLink.update({ where: { id }, data: { uses: 1 } });
    const { url: landing } = await browser.navigate(authorize.headers.get("location")!);
    expectErrorPage(landing, "INVITE_LINK_FULL");
    await expectNothingCreated([email], "github", String(github.account.id));
    expect(await usesOf(id)).toBe(1);
  });
});
