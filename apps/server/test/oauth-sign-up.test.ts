// Open sign-up with a provider, over HTTP with the GitHub double: a provider's verified email
// proves the address (SECURITY 34) under the same rules as the emailed link (the domain list;
// an invitation waiting for the email is sent again instead, SECURITY 35), and a sign-up link
// (`/sign-up/<token>`) may be completed with a provider whose verified email is the link's.
import { hashPassword } from "@invite/api";
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
  await prisma().settings.upsert({
    where: { id: 1 },
    create: { id: 1, registration: "OPEN" },
    update: { registration: "OPEN", signUpDomains: [] },
  });
});

const { prisma, invite, invitationOf, signInWith, me, mutate, expectNothingCreated } = oauthFlow(() => ({ server, admin, github }));

/** Asks for a sign-up link over HTTP, and reads its token from the outbox as the email would carry it. */
async function signUpLink(email: string) {
  const asked = await mutate(new Browser(), "auth.signUp", { email });
  expect(asked).toMatchObject({ status: 200, data: { ok: true } });
  await server.services.background.settled();
  const message = await prisma().emailMessage.findFirstOrThrow({ where: { to: email, template: "signUp" } });
  return server.services.sealer.unseal(message.sealedSecret!);
}

describe("registering with GitHub in OPEN mode", () => {
  it("SECURITY 35: an email with a pending invitation ends on INVITATION_PENDING; nothing is created and the invitation is sent again", async () => {
    const email = freshEmail();
    await invite(email, "ADMIN");
    github.account = gitHubAccount(email);
    const { landing, browser } = await signInWith("github");
    expectErrorPage(landing, "INVITATION_PENDING");
    expect(await me(browser)).toBeNull();
    await expectNothingCreated([email], "github", String(github.account.id));
    expect(await invitationOf(email)).toMatchObject({ status: "PENDING", role: "ADMIN", sendCount: 2 });
  });

  it("a verified email outside the sign-up domains ends on EMAIL_DOMAIN_NOT_ALLOWED, nothing created", async () => {
    await prisma().settings.update({ where: { id: 1 }, data: { signUpDomains: ["example.org"] } });
    const email = freshEmail();
    github.account = gitHubAccount(email);
    const { landing } = await signInWith("github");
    expectErrorPage(landing, "EMAIL_DOMAIN_NOT_ALLOWED");
    await expectNothingCreated([email], "github", String(github.account.id));
  });
});

describe("a sign-up link completed with GitHub", () => {
  it("SECURITY 34: the link's email verified by GitHub makes the account, signed in; the link is spent", async () => {
    const email = freshEmail("link");
    const token = await signUpLink(email);
    github.account = gitHubAccount(email, { name: "Link Person" });
    const { landing, browser } = await signInWith("github", { signUp: token });
    expect(landing.pathname).toBe("/");
    expect(await me(browser)).toMatchObject({ email, name: "Link Person", role: "MEMBER", providers: ["github"] });
    const again = await mutate(new Browser(), "auth.completeSignUp", { token, name: "Again", password: PASSWORD });
    expect(again.reason).toBe("SIGN_UP_LINK_USED");
  });

  it("another verified email ends on EMAIL_MISMATCH with both addresses; nothing is created and the link still works", async () => {
    const email = freshEmail("link");
    const token = await signUpLink(email);
    github.account = gitHubAccount("someone.else@example.net");
    const { landing } = await signInWith("github", { signUp: token });
    expectErrorPage(landing, "EMAIL_MISMATCH");
    expect(landing.searchParams.get("invited")).toBe(email);
    await expectNothingCreated([email, "someone.else@example.net"], "github", String(github.account.id));
    const browser = new Browser();
    expect((await mutate(browser, "auth.completeSignUp", { token, name: "Later", password: PASSWORD })).status).toBe(200);
    expect((await me(browser))?.email).toBe(email);
  });

  it("a used or unknown link fails at start, before anyone is sent to GitHub", async () => {
    const { landing } = await signInWith("github", { signUp: "a".repeat(32) });
    expectErrorPage(landing, "SIGN_UP_LINK_NOT_FOUND");
    expect(github.authorizeRequests).toHaveLength(0);
  });
});
