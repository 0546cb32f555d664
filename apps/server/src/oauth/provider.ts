import type { ProviderIdentity } from "@invite/api";

/** Secrets made fresh for one sign-in attempt; they live in an HttpOnly cookie until the callback. */
export interface AttemptSecrets {
  state: string;
  /** PKCE; sent only to providers that support it. */
  codeVerifier: string;
  /** OIDC replay protection: must come back inside the ID token. */
  nonce: string;
}

/** One configured provider: where to send the browser, and how to learn who came back. */
export interface OAuthProvider {
  /** Used in paths and stored with linked accounts: "github", "google", "oidc". */
  id: string;
  name: string;
  /** May fetch the provider's discovery document first. */
  createAuthorizationUrl(secrets: AttemptSecrets): Promise<URL>;
  /** Trades the callback's code for the identity the provider vouches for. */
  fetchIdentity(code: string, secrets: AttemptSecrets): Promise<ProviderIdentity>;
}

/** The provider did not answer in time, answered 5xx, or answered something unreadable. Worth retrying. */
export class ProviderUnavailableError extends Error {
  override name = "ProviderUnavailableError";
}

/** The provider answered, but not with something we can trust: a refused code, a bad ID token. */
export class ProviderRejectedError extends Error {
  override name = "ProviderRejectedError";
}
