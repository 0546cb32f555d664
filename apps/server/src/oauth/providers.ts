import type { ProviderInfo } from "@invite/api";
import type { Config } from "../config.ts";
import { createGitHubProvider } from "./github.ts";
import { createOidcProvider } from "./oidc.ts";
import type { OAuthProvider } from "./provider.ts";
import { PROVIDER_TIMEOUT_MS } from "./provider-fetch.ts";

export type ProviderRegistry = ReadonlyMap<string, OAuthProvider>;

export const GOOGLE_ISSUER = "https://accounts.google.com";

export interface ProviderSetup {
  now: () => Date;
  /** Google's issuer; tests point it at an OpenID Connect double. */
  googleIssuer?: string;
  /** How long each call to a provider may take (PROVIDER_TIMEOUT_MS); tests of a silent provider shorten it. */
  timeoutMs?: number;
}

/** The providers whose credentials are configured; no network here (OIDC discovery happens on first use). */
export function configureProviders(config: Config, setup: ProviderSetup): ProviderRegistry {
  const callback = (id: string) => `${config.appUrl.origin}/auth/${id}/callback`;
  const timeoutMs = setup.timeoutMs ?? PROVIDER_TIMEOUT_MS;
  const providers: OAuthProvider[] = [];

  if (config.GITHUB_CLIENT_ID && config.GITHUB_CLIENT_SECRET) {
    providers.push(
      createGitHubProvider({
        clientId: config.GITHUB_CLIENT_ID,
        clientSecret: config.GITHUB_CLIENT_SECRET,
        redirectUri: callback("github"),
        webUrl: config.GITHUB_URL,
        apiUrl: config.GITHUB_API_URL,
        timeoutMs,
      }),
    );
  }
  if (config.GOOGLE_CLIENT_ID && config.GOOGLE_CLIENT_SECRET) {
    const issuer = setup.googleIssuer ?? GOOGLE_ISSUER;
    providers.push(
      createOidcProvider({
        id: "google",
        name: "Google",
        issuer,
        clientId: config.GOOGLE_CLIENT_ID,
        clientSecret: config.GOOGLE_CLIENT_SECRET,
        redirectUri: callback("google"),
        requirePkce: true,
        // Google documents both spellings of its issuer in ID tokens.
        issuerAliases: issuer === GOOGLE_ISSUER ? ["accounts.google.com"] : [],
        now: setup.now,
        timeoutMs,
      }),
    );
  }
  if (config.OIDC_ISSUER && config.OIDC_CLIENT_ID && config.OIDC_CLIENT_SECRET) {
    providers.push(
      createOidcProvider({
        id: "oidc",
        name: config.OIDC_NAME,
        issuer: config.OIDC_ISSUER,
        clientId: config.OIDC_CLIENT_ID,
        clientSecret: config.OIDC_CLIENT_SECRET,
        redirectUri: callback("oidc"),
        now: setup.now,
        timeoutMs,
      }),
    );
  }
  return new Map(providers.map((provider) => [provider.id, provider]));
}

/** What `auth.providers` and `invitation.preview().methods` list. */
export function describeProviders(providers: ProviderRegistry): ProviderInfo[] {
  return [...providers.values()].map(({ id, name }) => ({ id, name }));
}
