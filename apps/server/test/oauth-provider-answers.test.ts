// What a provider answers is input like any other (SECURITY 30): failures, silence and text
// our tables cannot keep each end on a clear error page or are cleaned, never a 500, and the
// invitation stays usable. Real HTTP to the app and to the provider doubles.
import { hashPassword } from "@invite/api";
import type { User } from "@invite/db";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { gitHubAccount, oidcClaims, SLOW_MS, startGitHubDouble, startOidcDouble, type GitHubDouble, type OidcDouble } from "./support/oauth-doubles.ts";
import { expectErrorPage, freshEmail, oauthFlow, PASSWORD, providerEnv, type TestServer } from "./support/oauth-flow.ts";
import { PROVIDER_TIMEOUT_MS } from "../src/oauth/provider-fetch.ts";
import { startTestServer } from "./support/server.ts";

let github: GitHubDouble;
let oidc: OidcDouble;
let server: TestServer;
let admin: User;

beforeAll(async () => {
  [github, oidc] = await Promise.all([startGitHubDouble(), startOidcDouble()]);
  server = await startTestServer({ env: providerEnv({ github, oidc }) });
  admin = await server.db.prisma.user.create({
    data: { email: "admin@example.com", name: "Admin", role: "ADMIN", passwordHash: await hashPassword(PASSWORD) },
  });
});
afterAll(async () => {
  await server?.close();
  await Promise.all([github?.close(), oidc?.close()]);
});
beforeEach(async () => {
  github.reset();
  oidc.reset();
  await setRegistration("INVITE_ONLY");
});

const { prisma, setRegistration, invite, signInWith, me, expectNothingCreated, expectStillAcceptableWithPassword } = oauthFlow(() => ({
  server,
  admin,
  github,
}));

describe("provider failures (SECURITY 30): a clear error page, and the invitation stays usable", () => {
  it.each([
    ["token", "500"],
    ["token", "bad-json"],
    ["user", "500"],
    ["user", "bad-json"],
    ["emails", "500"],
    ["emails", "bad-json"],
  ] as const)("GitHub %s endpoint answering %s → PROVIDER_UNAVAILABLE", async (endpoint, mode) => {
    const email = freshEmail();
    const token = await invite(email);
    github.account = gitHubAccount(email);
    github.failures[endpoint] = mode;
    const { landing, browser } = await signInWith("github", { invite: token });
    expectErrorPage(landing, "PROVIDER_UNAVAILABLE");
    expect(await me(browser)).toBeNull();
    await expectNothingCreated([email], "github", String(github.account.id));
    await expectStillAcceptableWithPassword(token, email);
  });

  it("an OpenID Connect token endpoint answering 500 → PROVIDER_UNAVAILABLE", async () => {
    const email = freshEmail();
    const token = await invite(email);
    oidc.claims = oidcClaims(email);
    oidc.failures.token = "500";
    const { landing } = await signInWith("oidc", { invite: token });
    expectErrorPage(landing, "PROVIDER_UNAVAILABLE");
    await expectStillAcceptableWithPassword(token, email);
  });
});

describe("a provider that does not answer (SECURITY 30)", () => {
  // The server waits this long for each call, as it waits PROVIDER_TIMEOUT_MS (5 s) in production.
  const TIMEOUT_MS = 500;
  let patient: TestServer;
  let patientAdmin: User;
  const flow = oauthFlow(() => ({ server: patient, admin: patientAdmin, github }));

  beforeAll(async () => {
    patient = await startTestServer({ env: providerEnv({ github }), providerTimeoutMs: TIMEOUT_MS });
    patientAdmin = await patient.db.prisma.user.create({
      data: { email: "patient-admin@example.com", name: "Admin", role: "ADMIN", passwordHash: await hashPassword(PASSWORD) },
    });
  });
  afterAll(() => patient?.close());

  it.each(["token", "user"] as const)("GitHub's %s endpoint kept silent: the server gives up at its timeout → PROVIDER_UNAVAILABLE", async (endpoint) => {
    const email = freshEmail();
    const token = await flow.invite(email);
    github.account = gitHubAccount(email);
    github.failures[endpoint] = "slow";
    const started = performance.now();
    const { landing } = await flow.signInWith("github", { invite: token });
    const elapsed = performance.now() - started;
    expectErrorPage(landing, "PROVIDER_UNAVAILABLE");
    // It waited for the timeout it was given, not the default, and not for the provider's answer.
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS);
    expect(elapsed).toBeLessThan(Math.min(PROVIDER_TIMEOUT_MS, SLOW_MS));
    await flow.expectStillAcceptableWithPassword(token, email);
  });
});

describe("provider text our tables cannot keep (issue 11)", () => {
  it("control characters and broken UTF-16 in a GitHub display name are cleaned out; the invitation is accepted", async () => {
    const email = freshEmail();
    const token = await invite(email);
    github.account = gitHubAccount(email, { name: "Grace\u0000 Hopper\n\u0007\ud800\u2028" });
    const { landing, browser } = await signInWith("github", { invite: token });
    expect(landing.pathname).toBe("/");
    expect(await me(browser)).toMatchObject({ email, name: "Grace Hopper" });
  });

  it("a GitHub login used as the name is cleaned too, and a long name is cut without splitting an emoji", async () => {
    await setRegistration("OPEN");
    const loginOnly = freshEmail();
    github.account = gitHubAccount(loginOnly, { name: null, login: "\u0000ghost\u009f" });
    const first = await signInWith("github");
    expect(await me(first.browser)).toMatchObject({ email: loginOnly, name: "ghost" });

    const longName = freshEmail();
    github.reset(gitHubAccount(longName, { name: `${"a".repeat(99)}\u{1F600}` }));
    const second = await signInWith("github");
    expect((await me(second.browser))?.name).toBe("a".repeat(99));
  });

  it("an OpenID Connect name holding NUL is cleaned; the invitation is accepted", async () => {
    const email = freshEmail();
    const token = await invite(email);
    oidc.claims = oidcClaims(email, { name: "Ada\u0000Lovelace" });
    const { landing, browser } = await signInWith("oidc", { invite: token });
    expect(landing.pathname).toBe("/");
    expect(await me(browser)).toMatchObject({ email, name: "Ada Lovelace" });
  });

  it("a verified GitHub email holding NUL ends on OAUTH_FAILED, not a 500; nothing is created and the invitation stays usable", async () => {
    const email = freshEmail();
    const token = await invite(email);
    github.account = gitHubAccount(`${email}\u0000`);
    const { landing, browser } = await signInWith("github", { invite: token });
    expectErrorPage(landing, "OAUTH_FAILED");
    expect(await me(browser)).toBeNull();
    await expectNothingCreated([email], "github", String(github.account.id));
    await expectStillAcceptableWithPassword(token, email);

    // Sign-up with it, while registration is open, is refused the same way.
    await setRegistration("OPEN");
    github.reset(gitHubAccount(`walk-in\u0000@example.com`));
    const signUp = await signInWith("github");
    expectErrorPage(signUp.landing, "OAUTH_FAILED");
    expect(await prisma().oAuthAccount.count({ where: { providerUserId: String(github.account.id) } })).toBe(0);
  });

  it("an OpenID Connect subject or email holding NUL ends on OAUTH_FAILED; the invitation stays usable", async () => {
    const email = freshEmail();
    const token = await invite(email);
    for (const claims of [oidcClaims(email, { sub: "subject\u0000x" }), oidcClaims(`${email}\u0000`)]) {
      oidc.reset(claims);
      const { landing, browser } = await signInWith("oidc", { invite: token });
      expectErrorPage(landing, "OAUTH_FAILED");
      expect(await me(browser)).toBeNull();
    }
    await expectStillAcceptableWithPassword(token, email);
  });
});
