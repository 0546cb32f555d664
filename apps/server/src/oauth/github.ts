import { CodeChallengeMethod, OAuth2Client } from "arctic";
import { z } from "zod";
import type { ProviderIdentity } from "@invite/api";
import { ProviderUnavailableError, type AttemptSecrets, type OAuthProvider } from "./provider.ts";
import { exchangeCode, fetchProviderJson, readAccessToken } from "./provider-fetch.ts";

export interface GitHubOptions {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** https://github.com, or a GitHub Enterprise Server. */
  webUrl: string;
  /** https://api.github.com, or `<server>/api/v3`. */
  apiUrl: string;
  /** How long each call to GitHub may take. */
  timeoutMs: number;
}

// read:user for the profile, user:email for /user/emails (with each address's verified flag).
const SCOPES = ["read:user", "user:email"];

const userSchema = z.object({
  // The numeric id never changes; the login can be renamed and then taken by someone else.
  id: z.number().int().positive(),
  login: z.string(),
  name: z.string().nullish(),
});

const emailsSchema = z.array(z.object({ email: z.string(), verified: z.boolean(), primary: z.boolean() }));

/**
 * GitHub through Arctic's generic OAuth2Client, so the endpoints can point at GitHub Enterprise
 * or a test double (Arctic's GitHub class is fixed to github.com). GitHub accepts PKCE; servers
 * that do not know it ignore the extra parameters.
 */
export function createGitHubProvider(options: GitHubOptions): OAuthProvider {
  const webUrl = options.webUrl.replace(/\/+$/, "");
  const apiUrl = options.apiUrl.replace(/\/+$/, "");
  const client = new OAuth2Client(options.clientId, options.clientSecret, options.redirectUri);

  return {
    id: "github",
    name: "GitHub",
    async createAuthorizationUrl({ state, codeVerifier }: AttemptSecrets) {
      return client.createAuthorizationURLWithPKCE(
        `${webUrl}/login/oauth/authorize`,
        state,
        CodeChallengeMethod.S256,
        codeVerifier,
        SCOPES,
      );
    },
    async fetchIdentity(code, { codeVerifier }): Promise<ProviderIdentity> {
      const tokens = await exchangeCode(client, `${webUrl}/login/oauth/access_token`, code, codeVerifier, options.timeoutMs);
      const headers = { authorization: `Bearer ${readAccessToken(tokens)}`, accept: "application/vnd.github+json" };
      const [user, emails] = await Promise.all([
        fetchProviderJson(`${apiUrl}/user`, options.timeoutMs, headers).then((body) => parse(userSchema, body, "/user")),
        fetchProviderJson(`${apiUrl}/user/emails`, options.timeoutMs, headers).then((body) => parse(emailsSchema, body, "/user/emails")),
      ]);
      return {
        provider: "github",
        providerUserId: String(user.id),
        verifiedEmails: verifiedEmailsOf(emails),
        name: user.name || user.login,
      };
    },
  };
}

/** Only addresses GitHub verified count; the primary one first. */
export function verifiedEmailsOf(emails: z.infer<typeof emailsSchema>): string[] {
  const verified = emails.filter((entry) => entry.verified === true);
  verified.sort((a, b) => Number(b.primary) - Number(a.primary));
  return [...new Set(verified.map((entry) => entry.email.trim().toLowerCase()))];
}

function parse<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ProviderUnavailableError(`GitHub ${what}: unexpected response`);
  return parsed.data;
}
