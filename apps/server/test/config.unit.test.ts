import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.ts";

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
  ])("stops on a bad value with one line naming the variable: %o", (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it("treats empty strings as unset", () => {
    expect(loadConfig({ DATABASE_URL: "", PORT: "" }).DATABASE_URL).toBeUndefined();
  });
});
