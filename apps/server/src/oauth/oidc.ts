import { CodeChallengeMethod, OAuth2Client } from "arctic";
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type RemoteJWKSet } from "jose";
import { z } from "zod";
import type { ProviderIdentity } from "@invite/api";
import { ProviderRejectedError, ProviderUnavailableError, type AttemptSecrets, type OAuthProvider } from "./provider.ts";
import { exchangeCode, fetchProviderJson } from "./provider-fetch.ts";

export interface OidcOptions {
  id: string;
  name: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Use PKCE even if discovery does not advertise it (Google requires it). */
  requirePkce?: boolean;
  /** Other spellings of the issuer the provider writes into `iss` (Google: "accounts.google.com"). */
  issuerAliases?: string[];
  /** The server's clock, for the ID token's `exp`. */
  now: () => Date;
  /** How long each call to the provider (discovery, token, keys, userinfo) may take. */
  timeoutMs: number;
}

const SCOPES = ["openid", "email", "profile"];
/** Public-key algorithms only: a shared-secret (HS*) or unsigned token is never an identity. */
const SIGNING_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519"];
/** Allowed difference between our clock and the provider's. */
const CLOCK_TOLERANCE_S = 60;

const discoverySchema = z.object({
  issuer: z.string(),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  jwks_uri: z.url(),
  userinfo_endpoint: z.url().optional(),
  code_challenge_methods_supported: z.array(z.string()).optional(),
});

const userinfoSchema = z.object({
  sub: z.string(),
  email: z.string().optional(),
  email_verified: z.unknown().optional(),
  name: z.string().optional(),
});

interface Discovery {
  acceptedIssuers: string[];
  authorizationEndpoint: string;
  tokenEndpoint: string;
  userinfoEndpoint: string | undefined;
  pkce: boolean;
  jwks: RemoteJWKSet;
}

/**
 * Any OpenID Connect provider, configured by discovery from its issuer. The discovery document
 * is fetched on first use and kept; a failed fetch is not kept, so a provider that was down at
 * start-up works once it is back, and until then only its own start route fails.
 */
export function createOidcProvider(options: OidcOptions): OAuthProvider {
  const client = new OAuth2Client(options.clientId, options.clientSecret, options.redirectUri);
  let discovery: Promise<Discovery> | null = null;

  function discover(): Promise<Discovery> {
    discovery ??= loadDiscovery(options).catch((error: unknown) => {
      discovery = null;
      throw error;
    });
    return discovery;
  }

  return {
    id: options.id,
    name: options.name,
    async createAuthorizationUrl({ state, codeVerifier, nonce }: AttemptSecrets) {
      const found = await discover();
      const url = found.pkce
        ? client.createAuthorizationURLWithPKCE(found.authorizationEndpoint, state, CodeChallengeMethod.S256, codeVerifier, SCOPES)
        : client.createAuthorizationURL(found.authorizationEndpoint, state, SCOPES);
      url.searchParams.set("nonce", nonce);
      return url;
    },
    async fetchIdentity(code, { codeVerifier, nonce }): Promise<ProviderIdentity> {
      const found = await discover();
      const tokens = await exchangeCode(client, found.tokenEndpoint, code, found.pkce ? codeVerifier : null, options.timeoutMs);
      const data = tokens.data as Record<string, unknown>;
      if (typeof data.id_token !== "string") throw new ProviderRejectedError(`${options.id}: no id_token in the token response`);
      const claims = await verifyIdToken(data.id_token, found, options, nonce);

      // Some providers keep the email out of the ID token; then ask userinfo, for the same subject.
      let { email, email_verified: emailVerified, name } = claims as { email?: unknown; email_verified?: unknown; name?: unknown };
      if (email === undefined && found.userinfoEndpoint && typeof data.access_token === "string") {
        const info = userinfoSchema.safeParse(
          await fetchProviderJson(found.userinfoEndpoint, options.timeoutMs, { authorization: `Bearer ${data.access_token}` }),
        );
        if (!info.success || info.data.sub !== claims.sub) throw new ProviderRejectedError(`${options.id}: userinfo is for another subject`);
        ({ email, email_verified: emailVerified } = info.data);
        name ??= info.data.name;
      }

      return {
        provider: options.id,
        providerUserId: claims.sub as string,
        // Only `email_verified: true` counts; a missing flag means the provider does not vouch for it.
        verifiedEmails: emailVerified === true && typeof email === "string" ? [email.trim().toLowerCase()] : [],
        name: typeof name === "string" ? name : null,
      };
    },
  };
}

async function loadDiscovery(options: OidcOptions): Promise<Discovery> {
  const issuer = options.issuer.replace(/\/+$/, "");
  const parsed = discoverySchema.safeParse(await fetchProviderJson(`${issuer}/.well-known/openid-configuration`, options.timeoutMs));
  if (!parsed.success) throw new ProviderUnavailableError(`${options.id}: the discovery document is incomplete`);
  const doc = parsed.data;
  // The document must describe the issuer we were configured with (OpenID Connect Discovery 4.3).
  if (doc.issuer.replace(/\/+$/, "") !== issuer) {
    throw new ProviderUnavailableError(`${options.id}: discovery names issuer ${doc.issuer}, expected ${options.issuer}`);
  }
  return {
    acceptedIssuers: [doc.issuer, ...(options.issuerAliases ?? [])],
    authorizationEndpoint: doc.authorization_endpoint,
    tokenEndpoint: doc.token_endpoint,
    userinfoEndpoint: doc.userinfo_endpoint,
    pkce: options.requirePkce === true || (doc.code_challenge_methods_supported ?? []).includes("S256"),
    // jose keeps the keys, refetches them when an unknown key id appears (rotation), and times out.
    jwks: createRemoteJWKSet(new URL(doc.jwks_uri), { timeoutDuration: options.timeoutMs }),
  };
}

/** Signature, iss, aud, exp and nonce (OpenID Connect Core 3.1.3.7). */
async function verifyIdToken(idToken: string, found: Discovery, options: OidcOptions, nonce: string): Promise<JWTPayload> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, found.jwks, {
      issuer: found.acceptedIssuers,
      audience: options.clientId,
      algorithms: SIGNING_ALGORITHMS,
      requiredClaims: ["sub", "exp", "iat"],
      currentDate: options.now(),
      clockTolerance: CLOCK_TOLERANCE_S,
    }));
  } catch (error) {
    if (isKeySetUnavailable(error)) throw new ProviderUnavailableError(`${options.id}: could not fetch the signing keys`, { cause: error });
    const reason = error instanceof errors.JOSEError ? error.code : String(error);
    throw new ProviderRejectedError(`${options.id}: ID token refused (${reason})`, { cause: error });
  }
  if (typeof payload.sub !== "string" || !payload.sub || payload.sub.length > 255) {
    throw new ProviderRejectedError(`${options.id}: ID token has no usable sub`);
  }
  if (payload.nonce !== nonce) throw new ProviderRejectedError(`${options.id}: ID token nonce does not match`);
  // With several audiences, the token must say it was issued to us.
  if (Array.isArray(payload.aud) && payload.aud.length > 1 && payload.azp !== options.clientId) {
    throw new ProviderRejectedError(`${options.id}: ID token azp is not this client`);
  }
  return payload;
}

/** jose reports a JWKS endpoint that is down, slow or unreadable with these; a bad token with its subclasses. */
function isKeySetUnavailable(error: unknown): boolean {
  if (error instanceof errors.JWKSTimeout) return true;
  if (!(error instanceof errors.JOSEError)) return true;
  return error.constructor === errors.JOSEError;
}
