import type { Request, Response } from "express";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { ATTEMPT_TTL_MS, readAttempt, setAttemptCookies, type OAuthAttempt } from "../src/oauth/attempt-cookies.ts";
import { verifiedEmailsOf } from "../src/oauth/github.ts";
import { configureProviders, describeProviders } from "../src/oauth/providers.ts";
import { errorLocation } from "../src/oauth/router.ts";

const now = new Date("2026-01-05T10:00:00Z");
const setup = { now: () => now };

describe("configureProviders", () => {
  it("enables exactly the providers whose credentials are set, named as the SPA shows them", () => {
    expect(describeProviders(configureProviders(loadConfig({}), setup))).toEqual([]);
    const config = loadConfig({
      APP_URL: "https://app.example.com",
      GITHUB_CLIENT_ID: "id",
      GITHUB_CLIENT_SECRET: "secret",
      OIDC_ISSUER: "https://sso.example.com/realms/acme",
      OIDC_CLIENT_ID: "id",
      OIDC_CLIENT_SECRET: "secret",
      OIDC_NAME: "Acme SSO",
    });
    expect(describeProviders(configureProviders(config, setup))).toEqual([
      { id: "github", name: "GitHub" },
      { id: "oidc", name: "Acme SSO" },
    ]);
  });

  it("sends GitHub to GITHUB_URL with a redirect URI built from APP_URL, and fetches nothing at set-up", async () => {
    const config = loadConfig({
      APP_URL: "https://app.example.com",
      GITHUB_CLIENT_ID: "id",
      GITHUB_CLIENT_SECRET: "secret",
      GITHUB_URL: "https://github.example.com/",
      GITHUB_API_URL: "https://github.example.com/api/v3",
    });
    const github = configureProviders(config, setup).get("github")!;
    const url = await github.createAuthorizationUrl({ state: "s".repeat(43), codeVerifier: "v".repeat(43), nonce: "n".repeat(43) });
    expect(`${url.origin}${url.pathname}`).toBe("https://github.example.com/login/oauth/authorize");
    expect(url.searchParams.get("redirect_uri")).toBe("https://app.example.com/auth/github/callback");
    expect(url.searchParams.get("scope")).toBe("read:user user:email");
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
  });
});

describe("verifiedEmailsOf (GitHub /user/emails)", () => {
  it("keeps verified addresses only, primary first, lower-cased", () => {
    expect(
      verifiedEmailsOf([
        { email: "Second@Example.com", verified: true, primary: false },
        { email: "unverified@example.com", verified: false, primary: false },
        { email: "Primary@Example.com", verified: true, primary: true },
      ]),
    ).toEqual(["primary@example.com", "second@example.com"]);
  });
});

describe("attempt cookies", () => {
  const attempt: OAuthAttempt = {
    provider: "github",
    state: "s".repeat(43),
    codeVerifier: "v".repeat(43),
    nonce: "n".repeat(43),
    redirectTo: "/account",
    linkUserId: null,
    issuedAt: now.getTime(),
  };

  /** The Set-Cookie values setAttemptCookies writes, as a `Cookie` header a browser would send back. */
  function roundTrip(value: OAuthAttempt, invite: string | null) {
    const cookies: Array<{ name: string; value: string; options: Record<string, unknown> }> = [];
    const res = { cookie: (name: string, cookieValue: string, options: Record<string, unknown>) => cookies.push({ name, value: cookieValue, options }) };
    setAttemptCookies(res as unknown as Response, false, value, invite);
    const header = cookies.filter((c) => c.value).map((c) => `${c.name}=${c.value}`).join("; ");
    return { cookies, req: { headers: { cookie: header } } as Request };
  }

  it("are HttpOnly, SameSite=Lax, Path=/auth and last ten minutes; no invitation clears an older one", () => {
    const { cookies } = roundTrip(attempt, null);
    expect(cookies.map((c) => [c.name, c.options.maxAge])).toEqual([
      ["oauth_attempt", ATTEMPT_TTL_MS],
      ["oauth_invite", 0],
    ]);
    for (const { options } of cookies) expect(options).toMatchObject({ httpOnly: true, sameSite: "lax", path: "/auth" });
  });

  it("read back within ten minutes, and not after", () => {
    const { req } = roundTrip(attempt, "t".repeat(32));
    expect(readAttempt(req, false, now)).toEqual(attempt);
    expect(readAttempt(req, false, new Date(now.getTime() + ATTEMPT_TTL_MS))).toEqual(attempt);
    expect(readAttempt(req, false, new Date(now.getTime() + ATTEMPT_TTL_MS + 1))).toBeNull();
  });

  it("an altered cookie, or one with an unsafe redirect, is no attempt at all", () => {
    const forged = { ...attempt, redirectTo: "//evil.example" };
    expect(readAttempt(roundTrip(forged, null).req, false, now)).toBeNull();
    expect(readAttempt({ headers: { cookie: "oauth_attempt=not-base64-json" } } as Request, false, now)).toBeNull();
  });
});

describe("errorLocation", () => {
  it("names the reason, and both addresses for a mismatch", () => {
    expect(errorLocation({ ok: false, reason: "OAUTH_STATE_INVALID" })).toBe("/auth/error?reason=OAUTH_STATE_INVALID");
    const mismatch = new URL(
      errorLocation({ ok: false, reason: "EMAIL_MISMATCH", invitedEmail: "ann@example.com", providerEmail: "a+b@example.net" }),
      "https://app.example.com",
    );
    expect(mismatch.pathname).toBe("/auth/error");
    expect(Object.fromEntries(mismatch.searchParams)).toEqual({
      reason: "EMAIL_MISMATCH",
      invited: "ann@example.com",
      provider: "a+b@example.net",
    });
  });

  it("names the provider the attempt used, when known", () => {
    expect(errorLocation({ ok: false, reason: "OAUTH_DENIED" }, "github")).toBe("/auth/error?reason=OAUTH_DENIED&via=github");
  });
});
