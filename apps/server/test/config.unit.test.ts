import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.ts";
import { originsWithoutCookies } from "../src/trusted-origins.ts";

describe("loadConfig", () => {
  it("defaults to port 3000, the embedded database in .data and an http APP_URL", () => {
    const config = loadConfig({}, "/srv/app");
    expect(config.PORT).toBe(3000);
    expect(config.appUrl.origin).toBe("http://localhost:3000");
    expect(config.dataDir).toBe("/srv/app/.data");
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.secureCookies).toBe(false);
    expect(config.trustProxy).toBe(false);
  });

  it("uses secure cookies when APP_URL is https", () => {
    expect(loadConfig({ APP_URL: "https://app.example.com" }).secureCookies).toBe(true);
  });

  it.each([
    [{ PORT: "abc" }, /^Invalid PORT/],
    [{ APP_URL: "not a url" }, /^Invalid APP_URL/],
    [{ APP_URL: "https://app.example.com/path" }, /^Invalid APP_URL/],
    [{ DATABASE_URL: "mysql://x" }, /^Invalid DATABASE_URL/],
    [{ SMTP_URL: "http://mail" }, /^Invalid SMTP_URL/],
    [{ GITHUB_CLIENT_ID: "id" }, /^Invalid GITHUB_CLIENT_SECRET/],
    [{ OIDC_CLIENT_ID: "id", OIDC_CLIENT_SECRET: "s" }, /^Invalid OIDC_ISSUER/],
    [{ ADMIN_PASSWORD: "x" }, /^Invalid ADMIN_EMAIL/],
    [{ TRUST_PROXY: "true" }, /^Invalid TRUST_PROXY/],
    [{ TRUSTED_ORIGINS: "*" }, /^Invalid TRUSTED_ORIGINS: \* has a wildcard/],
    [{ TRUSTED_ORIGINS: "https://*.example.com" }, /^Invalid TRUSTED_ORIGINS: .* has a wildcard/],
    [{ TRUSTED_ORIGINS: "https://spa.example.com/" }, /^Invalid TRUSTED_ORIGINS: .*; write https:\/\/spa\.example\.com\.$/],
    [{ TRUSTED_ORIGINS: "https://spa.example.com/app" }, /^Invalid TRUSTED_ORIGINS: .*no path/],
    [{ TRUSTED_ORIGINS: "https://spa.example.com:443" }, /^Invalid TRUSTED_ORIGINS: .*write https:\/\/spa\.example\.com\.$/],
    [{ TRUSTED_ORIGINS: "https://SPA.example.com" }, /^Invalid TRUSTED_ORIGINS: .*write https:\/\/spa\.example\.com\.$/],
    [{ TRUSTED_ORIGINS: "spa.example.com" }, /^Invalid TRUSTED_ORIGINS: spa\.example\.com is not an origin/],
    [{ TRUSTED_ORIGINS: "null" }, /^Invalid TRUSTED_ORIGINS: null is not an origin/],
    [{ TRUSTED_ORIGINS: "ftp://files.example.com" }, /^Invalid TRUSTED_ORIGINS: .*http\(s\)/],
  ])("stops on a bad value with one line naming the variable: %o", (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it("SECURITY 40: reads TRUSTED_ORIGINS as exact origins, comma-separated, each once", () => {
    expect(loadConfig({}).trustedOrigins).toEqual([]);
    const config = loadConfig({ TRUSTED_ORIGINS: " https://spa.example.com, http://localhost:5173,,https://spa.example.com " });
    expect(config.trustedOrigins).toEqual(["https://spa.example.com", "http://localhost:5173"]);
  });

  it.each([
    ["https://app.example.com", "https://spa.example.com", "lax"], // same registrable domain: same site
    ["https://app.example.co.uk", "https://spa.example.co.uk", "lax"],
    ["https://app.example.com", "https://app.example.com:8443", "lax"], // ports do not count
    ["https://app.example.com", "https://spa.example.net", "none"],
    ["https://app.example.com", "http://spa.example.com", "none"], // schemeful: http is another site
    ["https://a.github.io", "https://b.github.io", "none"], // a private suffix: two sites
    ["https://127.0.0.1", "https://127.0.0.2", "none"],
    ["http://localhost:3000", "http://spa.example.net", "lax"], // no Secure over http, so never None
  ])("SECURITY 40: APP_URL %s with trusted %s gives SameSite=%s", (appUrl, trusted, sameSite) => {
    expect(loadConfig({ APP_URL: appUrl, TRUSTED_ORIGINS: trusted }).cookieSameSite).toBe(sameSite);
  });

  it("SECURITY 40: names the trusted origins whose pages can never send the cookie (another site, APP_URL http)", () => {
    const trusted = ["http://localhost:5173", "http://spa.example.net", "https://spa.example.net"];
    expect(originsWithoutCookies(trusted, new URL("http://localhost:3000"))).toEqual(["http://spa.example.net", "https://spa.example.net"]);
    expect(originsWithoutCookies(trusted, new URL("https://app.example.com"))).toEqual([]);
  });

  it("treats empty strings as unset", () => {
    expect(loadConfig({ DATABASE_URL: "", PORT: "" }).DATABASE_URL).toBeUndefined();
  });
});
