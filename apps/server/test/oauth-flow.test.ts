// OAuth end to end: the real app on loopback, real provider doubles on loopback, and a tiny
// browser that follows redirects and keeps cookies. Each rule is checked from the outside:
// where the browser lands, whether it holds a session, and what the database contains.
import http from "node:http";
import { hashPassword } from "@invite/api";
import type { User } from "@invite/db";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  Browser,
  gitHubAccount,
  oidcClaims,
  startGitHubDouble,
  startOidcDouble,
  type GitHubDouble,
  type IdTokenTampering,
  type OidcDouble,
} from "./support/oauth-doubles.ts";
import { expectErrorPage, freshEmail, oauthFlow, PASSWORD, providerEnv } from "./support/oauth-flow.ts";
import { startTestServer } from "./support/server.ts";

let github: GitHubDouble;
let oidc: OidcDouble;
let google: OidcDouble;
let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: User;

beforeAll(async () => {
  [github, oidc, google] = await Promise.all([
    startGitHubDouble(),
    startOidcDouble(),
    // Google requires PKCE without saying so in its discovery document.
    startOidcDouble({ advertisePkce: false, requirePkce: true }),
  ]);
  server = await startTestServer({ env: providerEnv({ github, oidc, google }), googleIssuer: google.issuer });
  admin = await server.db.prisma.user.create({
    data: { email: "admin@example.com", name: "Admin", role: "ADMIN", passwordHash: await hashPassword(PASSWORD) },
  });
});
afterAll(async () => {
  await server?.close();
  await Promise.all([github?.close(), oidc?.close(), google?.close()]);
});
beforeEach(async () => {
  github.reset();
  oidc.reset();
  google.reset();
  await setRegistration("INVITE_ONLY");
});

const {
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
  expectNothingCreated,
  expectStillAcceptableWithPassword,
  gitHubMember,
} = oauthFlow(() => ({ server, admin, github }));

// ---------------------------------------------------------------------------------------------

describe("configuration", () => {
  it("auth.providers and invitation.preview().methods list the configured providers", async () => {
    expect(await query("auth.providers")).toEqual([
      { id: "github", name: "GitHub" },
      { id: "google", name: "Google" },
      { id: "oidc", name: "Acme SSO" },
    ]);
    const token = await invite(freshEmail());
    expect(await query("invitation.preview", { token })).toMatchObject({ methods: ["password", "github", "google", "oidc"] });
  });

  it("builds the redirect URI from APP_URL, never from the Host header (SECURITY 9)", async () => {
    const location = await new Promise<string>((resolve, reject) => {
      const request = http.get(startUrl("github"), { headers: { host: "evil.example" } }, (response) => {
        response.resume();
        resolve(response.headers.location ?? "");
      });
      request.on("error", reject);
    });
    expect(new URL(location).searchParams.get("redirect_uri")).toBe(`${server.origin}/auth/github/callback`);
  });

  it("a provider whose discovery fails does not stop start-up; its start route shows PROVIDER_UNAVAILABLE until the issuer answers", async () => {
    const broken = await startOidcDouble();
    broken.failures.discovery = "500";
    const other = await startTestServer({ env: providerEnv({ oidc: broken }) });
    try {
      expect((await other.fetch("/healthz")).status).toBe(200);
      const refused = await new Browser().fetch(new URL("/auth/oidc/start", other.origin));
      expect(refused.headers.get("location")).toBe("/auth/error?reason=PROVIDER_UNAVAILABLE&via=oidc");

      broken.failures.discovery = undefined;
      const started = await new Browser().fetch(new URL("/auth/oidc/start", other.origin));
      expect(started.headers.get("location")).toMatch(new RegExp(`^${broken.issuer}/protocol/openid-connect/auth\\?`));
    } finally {
      await other.close();
      await broken.close();
    }
  });

  it("an unknown provider ends on /auth/error?reason=NOT_FOUND", async () => {
    const browser = new Browser();
    for (const path of ["/auth/myspace/start", "/auth/myspace/callback?code=x&state=y"]) {
      const response = await browser.fetch(new URL(path, server.origin));
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toBe("/auth/error?reason=NOT_FOUND");
    }
  });
});

describe("accepting an invitation with GitHub (SECURITY 25, 26, 29)", () => {
  it("a verified email equal to the invited one (any case) accepts it: PKCE, short-lived HttpOnly cookies, new session, lands on redirectTo", async () => {
    const email = freshEmail();
    const token = await invite(email, "ADMIN");
    github.account = gitHubAccount(email.toUpperCase(), { name: "Grace Hopper" });
    const browser = new Browser();

    const start = await browser.fetch(startUrl("github", { invite: token, redirectTo: "/admin/invitations?tab=pending" }));
    expect(start.status).toBe(302);
    expect(start.headers.get("cache-control")).toBe("no-store");
    const authorize = new URL(start.headers.get("location")!);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${github.url}/login/oauth/authorize`);
    expect(authorize.searchParams.get("redirect_uri")).toBe(`${server.origin}/auth/github/callback`);
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorize.searchParams.get("state")!.length).toBeGreaterThanOrEqual(43);
    // The invitation token never travels to the provider, in `state` or anywhere else.
    expect(authorize.href).not.toContain(token);

    const attemptCookie = browser.setCookieHeaders.find((header) => header.startsWith("oauth_attempt="))!;
    const inviteCookie = browser.setCookieHeaders.find((header) => header.startsWith("oauth_invite="))!;
    for (const cookie of [attemptCookie, inviteCookie]) {
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; SameSite=Lax/);
      expect(cookie).toMatch(/; Path=\/auth/);
      expect(cookie).toMatch(/; Max-Age=600/);
    }
    expect(inviteCookie).toContain(token);

    const { url: landing } = await browser.navigate(authorize);
    expect(`${landing.pathname}${landing.search}`).toBe("/admin/invitations?tab=pending");
    expect(github.tokenRequestsWithVerifier).toBe(1);
    expect(await me(browser)).toMatchObject({ email, name: "Grace Hopper", role: "ADMIN", providers: ["github"] });
    expect((await invitationOf(email)).status).toBe("ACCEPTED");
    expect(await prisma().oAuthAccount.findUnique({ where: { provider_providerUserId: { provider: "github", providerUserId: String(github.account.id) } } }))
      .toMatchObject({ email });
    // The attempt is spent: its cookies are gone.
    expect(browser.cookie(`${server.origin}/auth/github/callback`, "oauth_attempt")).toBeUndefined();
    expect(browser.cookie(`${server.origin}/auth/github/callback`, "oauth_invite")).toBeUndefined();
  });

  it("SECURITY 23: accepting with a provider lands where the invitation says (its redirectUrl), checked again at the callback", async () => {
    const email = freshEmail();
    const token = await invite(email);
    await prisma().invitation.updateMany({ where: { email }, data: { redirectUrl: "/projects?from=github" } });
    github.account = gitHubAccount(email);
    const browser = new Browser();
    const { url: landing } = await browser.navigate(startUrl("github", { invite: token }));
    expect(`${landing.origin}${landing.pathname}${landing.search}`).toBe(`${server.origin}/projects?from=github`);
    expect(await me(browser)).toMatchObject({ email });

    // One written around the API to an origin nobody trusts is never followed: home instead.
    const other = freshEmail();
    const otherToken = await invite(other);
    await prisma().invitation.updateMany({ where: { email: other }, data: { redirectUrl: "https://evil.example.com/" } });
    github.account = gitHubAccount(other);
    const second = new Browser();
    const { url: home } = await second.navigate(startUrl("github", { invite: otherToken }));
    expect(`${home.origin}${home.pathname}`).toBe(`${server.origin}/`);
    expect(await me(second)).toMatchObject({ email: other });
  });

  it("any verified address of the GitHub account may be the invited one, not only the primary", async () => {
    const email = freshEmail();
    const token = await invite(email);
    github.account = gitHubAccount("personal@example.net", {
      emails: [
        { email: "personal@example.net", verified: true, primary: true },
        { email, verified: true, primary: false },
      ],
    });
    const { landing, browser } = await signInWith("github", { invite: token });
    expect(landing.pathname).toBe("/");
    expect((await me(browser))?.email).toBe(email);
  });

  it("a different verified email ends on EMAIL_MISMATCH with both addresses; the invitation stays pending and nothing is created", async () => {
    const email = freshEmail();
    const token = await invite(email);
    github.account = gitHubAccount("Someone.Else@Example.net");
    const { landing, browser } = await signInWith("github", { invite: token });

    expectErrorPage(landing, "EMAIL_MISMATCH");
    expect(landing.searchParams.get("invited")).toBe(email);
    expect(landing.searchParams.get("provider")).toBe("someone.else@example.net");
    expect(await me(browser)).toBeNull();
    await expectNothingCreated([email, "someone.else@example.net"], "github", String(github.account.id));
    await expectStillAcceptableWithPassword(token, email);
  });

  it("an unverified GitHub email counts for nothing (verified: false) (SECURITY 27)", async () => {
    const email = freshEmail();
    const token = await invite(email);
    github.account = gitHubAccount(email, { emails: [{ email, verified: false, primary: true }] });
    const { landing, browser } = await signInWith("github", { invite: token });

    expectErrorPage(landing, "EMAIL_NOT_VERIFIED");
    expect(await me(browser)).toBeNull();
    await expectNothingCreated([email], "github", String(github.account.id));

    // With another, verified, address the unverified invited one is still ignored.
    github.account = gitHubAccount(email, {
      emails: [
        { email, verified: false, primary: true },
        { email: "verified@example.net", verified: true, primary: false },
      ],
    });
    const second = await signInWith("github", { invite: token });
    expectErrorPage(second.landing, "EMAIL_MISMATCH");
    expect(second.landing.searchParams.get("provider")).toBe("verified@example.net");
    await expectStillAcceptableWithPassword(token, email);
  });

  it("a GitHub account already linked to another user cannot accept: ACCOUNT_LINKED_ELSEWHERE, the invitation stays pending", async () => {
    const { account } = await gitHubMember();
    const email = freshEmail();
    const token = await invite(email);
    // The same GitHub account (same id), which has since verified the newly invited address.
    github.account = { ...account, emails: [...account.emails, { email, verified: true, primary: false }] };
    const { landing } = await signInWith("github", { invite: token });
    expectErrorPage(landing, "ACCOUNT_LINKED_ELSEWHERE");
    expect((await invitationOf(email)).status).toBe("PENDING");
  });

  it("a used or unknown invitation fails at start, before anyone is sent to the provider", async () => {
    const { email } = await gitHubMember();
    const used = await prisma().invitation.findFirstOrThrow({ where: { email } });
    expect(used.status).toBe("ACCEPTED");
    github.reset();

    const unknown = await signInWith("github", { invite: "a".repeat(32) });
    expectErrorPage(unknown.landing, "INVITATION_NOT_FOUND");
    expect(github.authorizeRequests).toHaveLength(0);
  });
});

describe("state (SECURITY 25): a missing or mismatched state signs no one in and makes no token request", () => {
  it("missing state: a callback opened in a browser that never started an attempt", async () => {
    const token = await invite(freshEmail());
    const callback = await callbackFrom(new Browser(), "github", { invite: token });
    const victim = new Browser();
    const { url } = await victim.navigate(callback);
    expectErrorPage(url, "OAUTH_STATE_INVALID");
    expect(github.tokenRequests).toBe(0);
    expect(await me(victim)).toBeNull();
  });

  it("missing state: a callback without the state parameter", async () => {
    const browser = new Browser();
    const callback = await callbackFrom(browser, "github");
    callback.searchParams.delete("state");
    const { url } = await browser.navigate(callback);
    expectErrorPage(url, "OAUTH_STATE_INVALID");
    expect(github.tokenRequests).toBe(0);
    expect(await me(browser)).toBeNull();
  });

  it("mismatched state: someone else's code and state delivered to a browser with its own attempt", async () => {
    const { account } = await gitHubMember();
    github.reset(account);
    const attackerCallback = await callbackFrom(new Browser(), "github");
    const victim = new Browser();
    await victim.fetch(startUrl("github"));
    const { url } = await victim.navigate(attackerCallback);
    expectErrorPage(url, "OAUTH_STATE_INVALID");
    expect(github.tokenRequests).toBe(0);
    expect(await me(victim)).toBeNull();
    // The victim's own attempt was spent too.
    expect(victim.cookie(`${server.origin}/auth/github/callback`, "oauth_attempt")).toBeUndefined();
  });

  it("state issued for another provider: a GitHub state at the OpenID Connect callback", async () => {
    const browser = new Browser();
    const githubCallback = await callbackFrom(browser, "github");
    const crossed = new URL(`/auth/oidc/callback${githubCallback.search}`, server.origin);
    const { url } = await browser.navigate(crossed);
    expectErrorPage(url, "OAUTH_STATE_INVALID");
    expect(github.tokenRequests).toBe(0);
    expect(oidc.tokenRequests).toBe(0);
    expect(await me(browser)).toBeNull();
  });

  it("the person cancels at the provider (error=access_denied): OAUTH_DENIED, no token request", async () => {
    const email = freshEmail();
    const token = await invite(email);
    github.deny = true;
    const { landing, browser } = await signInWith("github", { invite: token });
    expectErrorPage(landing, "OAUTH_DENIED");
    expect(github.tokenRequests).toBe(0);
    expect(await me(browser)).toBeNull();
    expect((await invitationOf(email)).status).toBe("PENDING");
  });
});

describe("signing in without an invitation", () => {
  it("a linked GitHub account signs in, keyed by its numeric id even after its login and email change; an earlier session is replaced (SECURITY 17, 26)", async () => {
    const { email, account } = await gitHubMember();
    github.account = { ...account, login: "renamed", emails: [{ email: "new-address@example.net", verified: true, primary: true }] };

    const other = freshEmail("other");
    await createPasswordUser(other);
    const browser = await signInWithPassword(other);
    const before = browser.cookie(server.origin, "session")!.value;

    const { landing } = await signInWith("github", { redirectTo: "/account" }, browser);
    expect(landing.pathname).toBe("/account");
    expect((await me(browser))?.email).toBe(email);
    const after = browser.cookie(server.origin, "session")!.value;
    expect(after).not.toBe(before);
    expect(await prisma().session.findUnique({ where: { id: before.split(".")[0]! } })).toBeNull();
  });

  it("INVITE_ONLY refuses an unknown account with REGISTRATION_CLOSED and creates nothing", async () => {
    const email = freshEmail();
    github.account = gitHubAccount(email);
    const { landing, browser } = await signInWith("github");
    expectErrorPage(landing, "REGISTRATION_CLOSED");
    expect(await me(browser)).toBeNull();
    await expectNothingCreated([email], "github", String(github.account.id));
  });

  // An email with a pending invitation gets it again instead: oauth-sign-up.test.ts (SECURITY 35).
  it("OPEN creates a MEMBER account with the primary verified email", async () => {
    await setRegistration("OPEN");
    const email = freshEmail();
    github.account = gitHubAccount(email, {
      emails: [
        { email: "unverified@example.net", verified: false, primary: false },
        { email: "secondary@example.net", verified: true, primary: false },
        { email, verified: true, primary: true },
      ],
    });
    const { landing, browser } = await signInWith("github", { redirectTo: "/welcome" });
    expect(landing.pathname).toBe("/welcome");
    expect(await me(browser)).toMatchObject({ email, role: "MEMBER", providers: ["github"] });
  });

  it("OPEN with no verified email → EMAIL_NOT_VERIFIED, nothing created", async () => {
    await setRegistration("OPEN");
    const email = freshEmail();
    github.account = gitHubAccount(email, { emails: [{ email, verified: false, primary: true }] });
    const { landing } = await signInWith("github");
    expectErrorPage(landing, "EMAIL_NOT_VERIFIED");
    await expectNothingCreated([email], "github", String(github.account.id));
  });

  describe("no implicit linking by email (SECURITY 28)", () => {
    it.each(["INVITE_ONLY", "OPEN"] as const)("%s: a GitHub account with a password user's email links nothing and signs no one in", async (registration) => {
      await setRegistration(registration);
      const email = freshEmail();
      const user = await createPasswordUser(email);
      github.account = gitHubAccount(email);
      const { landing, browser } = await signInWith("github");
      expectErrorPage(landing, registration === "OPEN" ? "ACCOUNT_EXISTS" : "REGISTRATION_CLOSED");
      expect(await me(browser)).toBeNull();
      expect(await prisma().oAuthAccount.count({ where: { userId: user.id } })).toBe(0);
      expect(await prisma().session.count({ where: { userId: user.id } })).toBe(0);
    });

    it("OPEN: an OpenID Connect account with a password user's email links nothing either", async () => {
      await setRegistration("OPEN");
      const email = freshEmail();
      const user = await createPasswordUser(email);
      oidc.claims = oidcClaims(email);
      const { landing, browser } = await signInWith("oidc");
      expectErrorPage(landing, "ACCOUNT_EXISTS");
      expect(await me(browser)).toBeNull();
      expect(await prisma().oAuthAccount.count({ where: { userId: user.id } })).toBe(0);
    });
  });

  it("an unsafe redirectTo is ignored and the person lands on / (SECURITY 23)", async () => {
    const { account } = await gitHubMember();
    for (const redirectTo of ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"]) {
      github.reset(account);
      const { landing } = await signInWith("github", { redirectTo });
      expect(`${landing.pathname}${landing.search}`, redirectTo).toBe("/");
    }
  });
});

describe("linking and unlinking", () => {
  it("link + unlink: a signed-in user links GitHub, signs in with it, then unlinks it", async () => {
    const email = freshEmail();
    const user = await createPasswordUser(email);
    const browser = await signInWithPassword(email);
    // Linking is explicit, so the GitHub account's email may be anything.
    github.account = gitHubAccount("elsewhere@example.net");
    const account = github.account;

    const { landing } = await signInWith("github", { mode: "link", redirectTo: "//evil.example" }, browser);
    expect(`${landing.pathname}${landing.search}`).toBe("/account?linked=github");
    expect((await me(browser))?.providers).toEqual(["password", "github"]);

    github.reset(account);
    const elsewhere = await signInWith("github");
    expect((await me(elsewhere.browser))?.email).toBe(email);

    const unlinked = await mutate(browser, "account.unlinkProvider", { provider: "github" });
    expect(unlinked.status).toBe(200);
    expect(unlinked.data).toMatchObject({ ok: true, methods: { password: true, linked: [] } });
    expect((await me(browser))?.providers).toEqual(["password"]);

    github.reset(account);
    const after = await signInWith("github");
    expectErrorPage(after.landing, "REGISTRATION_CLOSED");
    const actions = (await prisma().auditEvent.findMany({ where: { targetId: user.id } })).map((event) => event.action);
    expect(actions).toEqual(expect.arrayContaining(["account.link_provider", "account.unlink_provider"]));
  });

  it("link mode needs a session: UNAUTHENTICATED, and no one is sent to the provider", async () => {
    const { landing } = await signInWith("github", { mode: "link" });
    expectErrorPage(landing, "UNAUTHENTICATED");
    expect(github.authorizeRequests).toHaveLength(0);
  });

  it("a GitHub account linked to someone else cannot be linked again: ACCOUNT_LINKED_ELSEWHERE", async () => {
    const { account } = await gitHubMember();
    const email = freshEmail();
    await createPasswordUser(email);
    const browser = await signInWithPassword(email);
    github.reset(account);
    const { landing } = await signInWith("github", { mode: "link" }, browser);
    expectErrorPage(landing, "ACCOUNT_LINKED_ELSEWHERE");
    expect((await me(browser))?.providers).toEqual(["password"]);
  });

  it("a user who already has a GitHub account linked cannot link a second one: PROVIDER_ALREADY_LINKED", async () => {
    const { browser } = await gitHubMember();
    github.reset();
    const { landing } = await signInWith("github", { mode: "link" }, browser);
    expectErrorPage(landing, "PROVIDER_ALREADY_LINKED");
  });

  it("unlinking the last sign-in method is refused with LAST_SIGN_IN_METHOD", async () => {
    const { browser } = await gitHubMember();
    const refused = await mutate(browser, "account.unlinkProvider", { provider: "github" });
    expect(refused).toMatchObject({ status: 409, reason: "LAST_SIGN_IN_METHOD" });
    expect((await me(browser))?.providers).toEqual(["github"]);
  });

  it("account.unlinkProvider needs a session; a provider that is not linked is NOT_FOUND", async () => {
    expect(await mutate(new Browser(), "account.unlinkProvider", { provider: "github" })).toMatchObject({ status: 401 });
    const email = freshEmail();
    await createPasswordUser(email);
    const browser = await signInWithPassword(email);
    expect(await mutate(browser, "account.unlinkProvider", { provider: "github" })).toMatchObject({ status: 404, reason: "NOT_FOUND" });
  });
});

describe("OpenID Connect (discovery, JWKS, ID token)", () => {
  it("accepts an invitation: discovery, PKCE, nonce, a verified ID token, keyed by sub", async () => {
    const email = freshEmail();
    const token = await invite(email);
    oidc.claims = oidcClaims(email, { name: "Ada Lovelace" });
    const { landing, browser } = await signInWith("oidc", { invite: token, redirectTo: "/welcome" });

    expect(landing.pathname).toBe("/welcome");
    const authorize = oidc.authorizeRequests[0]!;
    expect(authorize.get("nonce")).toBeTruthy();
    expect(authorize.get("code_challenge_method")).toBe("S256");
    expect(authorize.get("scope")).toBe("openid email profile");
    expect(oidc.tokenRequestsWithVerifier).toBe(1);
    expect(await me(browser)).toMatchObject({ email, name: "Ada Lovelace", providers: ["oidc"] });
    expect(await prisma().oAuthAccount.count({ where: { provider: "oidc", providerUserId: oidc.claims.sub } })).toBe(1);

    // Later sign-ins find the account by sub, whatever the email says by then.
    oidc.reset({ sub: oidc.claims.sub, email: "changed@example.net" });
    const again = await signInWith("oidc");
    expect((await me(again.browser))?.email).toBe(email);
  });

  it("email_verified: false counts for nothing (SECURITY 27)", async () => {
    const email = freshEmail();
    const token = await invite(email);
    oidc.claims = oidcClaims(email, { email_verified: false });
    const { landing, browser } = await signInWith("oidc", { invite: token });
    expectErrorPage(landing, "EMAIL_NOT_VERIFIED");
    expect(await me(browser)).toBeNull();
    await expectNothingCreated([email], "oidc", oidc.claims.sub);
    expect((await invitationOf(email)).status).toBe("PENDING");
  });

  it.each<[string, IdTokenTampering]>([
    ["audience", { aud: "another-client" }],
    ["issuer", { iss: "https://evil.example/realms/test" }],
    ["expiry (expired)", { expired: true }],
    ["signature", { badSignature: true }],
    ["nonce", { nonce: "replayed-nonce" }],
  ])("an ID token with a wrong %s is refused: OAUTH_FAILED, no one signed in, nothing created", async (_what, tamper) => {
    const email = freshEmail();
    const token = await invite(email);
    oidc.claims = oidcClaims(email);
    oidc.tamper = tamper;
    const { landing, browser } = await signInWith("oidc", { invite: token });
    expectErrorPage(landing, "OAUTH_FAILED");
    expect(await me(browser)).toBeNull();
    await expectNothingCreated([email], "oidc", oidc.claims.sub);
    expect((await invitationOf(email)).status).toBe("PENDING");
  });

  it("Google: PKCE is used although its discovery does not advertise it", async () => {
    const email = freshEmail();
    const token = await invite(email);
    google.claims = oidcClaims(email);
    const { landing, browser } = await signInWith("google", { invite: token });
    expect(landing.pathname).toBe("/");
    expect(google.authorizeRequests[0]!.get("code_challenge_method")).toBe("S256");
    expect(google.tokenRequestsWithVerifier).toBe(1);
    expect((await me(browser))?.providers).toEqual(["google"]);
  });
});
