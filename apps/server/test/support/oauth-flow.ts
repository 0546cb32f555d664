// What the OAuth tests do as a person would: start an attempt in a tiny browser, follow the
// provider doubles' redirects back to the app, and look at where it ends, whether it holds a
// session and what the database contains.
import { createInvitation, hashPassword } from "@invite/api";
import type { User } from "@invite/db";
import { expect } from "vitest";
import { Browser, gitHubAccount, type GitHubDouble, type OidcDouble } from "./oauth-doubles.ts";
import type { startTestServer } from "./server.ts";

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;

export const PASSWORD = "correct horse battery staple 42";

/** The environment that points the app's providers at these doubles. */
export function providerEnv(doubles: { github?: GitHubDouble; oidc?: OidcDouble; google?: OidcDouble }): Record<string, string> {
  return {
    ...(doubles.github && {
      GITHUB_CLIENT_ID: doubles.github.clientId,
      GITHUB_CLIENT_SECRET: doubles.github.clientSecret,
      GITHUB_URL: doubles.github.url,
      GITHUB_API_URL: doubles.github.apiUrl,
    }),
    ...(doubles.oidc && {
      OIDC_ISSUER: doubles.oidc.issuer,
      OIDC_CLIENT_ID: doubles.oidc.clientId,
      OIDC_CLIENT_SECRET: doubles.oidc.clientSecret,
      OIDC_NAME: "Acme SSO",
    }),
    ...(doubles.google && { GOOGLE_CLIENT_ID: doubles.google.clientId, GOOGLE_CLIENT_SECRET: doubles.google.clientSecret }),
  };
}

export function expectErrorPage(landing: URL, reason: string) {
  expect(landing.pathname).toBe("/auth/error");
  expect(landing.searchParams.get("reason")).toBe(reason);
}

export type Me = { id: string; email: string; name: string; role: string; providers: string[] } | null;

let counter = 0;
export const freshEmail = (label = "person") => `${label}${++counter}@example.com`;

/**
 * The steps, bound to the app under test. `current` is read at each call, so a test file can
 * take these at load time and start its server (and admin, and GitHub double) in beforeAll.
 */
export function oauthFlow(current: () => { server: TestServer; admin: User; github: GitHubDouble }) {
  const prisma = () => current().server.db.prisma;
  const origin = () => current().server.origin;

  async function setRegistration(registration: "INVITE_ONLY" | "OPEN") {
    await prisma().settings.upsert({ where: { id: 1 }, create: { id: 1, registration }, update: { registration } });
  }

  async function invite(email: string, role: "MEMBER" | "ADMIN" = "MEMBER") {
    const { token } = await createInvitation(current().server.services, { user: current().admin, ip: null }, { email, role });
    return token;
  }

  const invitationOf = (email: string) => prisma().invitation.findFirstOrThrow({ where: { email } });

  async function createPasswordUser(email: string) {
    return prisma().user.create({ data: { email, name: "Password Person", passwordHash: await hashPassword(PASSWORD) } });
  }

  function startUrl(provider: string, params: Record<string, string> = {}) {
    const url = new URL(`/auth/${provider}/start`, origin());
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    return url;
  }

  /** A whole attempt, as a person would make it: start, the provider's page, the callback, the SPA. */
  async function signInWith(provider: string, params: Record<string, string> = {}, browser = new Browser()) {
    const { url } = await browser.navigate(startUrl(provider, params));
    expect(url.origin, "the attempt ends on our own origin").toBe(origin());
    return { landing: url, browser };
  }

  /** The callback URL the provider sends this browser back to (code and state), not yet opened. */
  async function callbackFrom(browser: Browser, provider: string, params: Record<string, string> = {}) {
    const start = await browser.fetch(startUrl(provider, params));
    const authorize = await browser.fetch(start.headers.get("location")!);
    return new URL(authorize.headers.get("location")!);
  }

  async function me(browser: Browser): Promise<Me> {
    const response = await browser.fetch(new URL("/trpc/auth.me", origin()));
    const body = (await response.json()) as { result: { data: { json: Me } } };
    return body.result.data.json;
  }

  async function mutate(browser: Browser, procedure: string, input: unknown) {
    const response = await browser.fetch(new URL(`/trpc/${procedure}`, origin()), {
      method: "POST",
      headers: { origin: origin(), "content-type": "application/json" },
      body: JSON.stringify({ json: input }),
    });
    const body = (await response.json()) as {
      result?: { data: { json: unknown } };
      error?: { json: { data: { reason: string | null; code: string } } };
    };
    return { status: response.status, data: body.result?.data.json, reason: body.error?.json.data.reason ?? null };
  }

  async function query(procedure: string, input?: unknown) {
    const url = new URL(`/trpc/${procedure}`, origin());
    if (input !== undefined) url.searchParams.set("input", JSON.stringify({ json: input }));
    const body = (await (await fetch(url)).json()) as { result: { data: { json: unknown } } };
    return body.result.data.json;
  }

  async function signInWithPassword(email: string, browser = new Browser()) {
    const result = await mutate(browser, "auth.signIn", { email, password: PASSWORD });
    expect(result.status).toBe(200);
    return browser;
  }

  /** The id part of the session cookie this browser holds for the app. */
  function sessionIdOf(browser: Browser): string | undefined {
    return browser.cookie(origin(), "session")?.value.split(".")[0];
  }

  /** Nothing was created for this attempt: no user with these emails, no link for this provider account. */
  async function expectNothingCreated(emails: string[], provider: string, providerUserId: string) {
    expect(await prisma().user.count({ where: { email: { in: emails } } })).toBe(0);
    expect(await prisma().oAuthAccount.count({ where: { provider, providerUserId } })).toBe(0);
  }

  /** The invitation still works with a password, through the real `invitation.accept` procedure. */
  async function expectStillAcceptableWithPassword(token: string, email: string) {
    expect((await invitationOf(email)).status).toBe("PENDING");
    const browser = new Browser();
    const accepted = await mutate(browser, "invitation.accept", { token, password: PASSWORD, name: "Later" });
    expect(accepted.status).toBe(200);
    expect((await me(browser))?.email).toBe(email);
  }

  /** A user who accepted an invitation with GitHub, and that GitHub account. */
  async function gitHubMember() {
    const email = freshEmail("gh");
    const token = await invite(email);
    const { github } = current();
    github.account = gitHubAccount(email);
    const account = github.account;
    const { landing, browser } = await signInWith("github", { invite: token });
    expect(landing.pathname).toBe("/");
    return { email, account, browser };
  }

  return {
    prisma,
    setRegistration,
    invite,
    invitationOf,
    createPasswordUser,
    startUrl,
    signInWith,
    callbackFrom,
    me,
    mutate,
    query,
    signInWithPassword,
    sessionIdOf,
    expectNothingCreated,
    expectStillAcceptableWithPassword,
    gitHubMember,
  };
}
