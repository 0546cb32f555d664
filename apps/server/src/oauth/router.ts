import { timingSafeEqual } from "node:crypto";
import { generateCodeVerifier, generateState } from "arctic";
import express, { type Request, type RequestHandler, type Response, type Router } from "express";
import {
  acceptInvitationWithProvider,
  checkInvitation,
  checkInviteLink,
  checkSignUpLink,
  completeSignUpWithProvider,
  joinWithProvider,
  linkProvider,
  resolveSession,
  setSessionCookie,
  signInWithProvider,
  type OAuthRefusal,
  type OAuthRequestMeta,
  type ProviderIdentity,
  type Services,
} from "@invite/api";
import { isSafeRedirect } from "@invite/schemas";
import type { Config } from "../config.ts";
import type { Logger } from "../logger.ts";
import { readSessionToken, sessionCookie } from "../http/session-cookie.ts";
import {
  clearAttemptCookies,
  readAttempt,
  readInviteToken,
  readJoinToken,
  readSignUpToken,
  setAttemptCookies,
} from "./attempt-cookies.ts";
import { ProviderRejectedError, ProviderUnavailableError } from "./provider.ts";
import { acceptableIdentity } from "./provider-text.ts";
import type { ProviderRegistry } from "./providers.ts";

export interface OAuthRouterOptions {
  config: Config;
  services: Services;
  providers: ProviderRegistry;
  logger: Logger;
}

/** The SPA page that explains a failed attempt. */
export const ERROR_PAGE = "/auth/error";

/** `/auth/error?reason=…`, with both addresses when the provider's email is not the invited one. */
export function errorLocation(refusal: OAuthRefusal, via?: string): string {
  const query = new URLSearchParams({ reason: refusal.reason });
  // Which provider the attempt used, so the page can say "GitHub says you are…".
  if (via) query.set("via", via);
  if (refusal.reason === "EMAIL_MISMATCH") {
    query.set("invited", refusal.invitedEmail);
    query.set("provider", refusal.providerEmail);
  }
  return `${ERROR_PAGE}?${query}`;
}

/**
 * `GET /auth/:provider/start` sends the browser to the provider with a fresh state (and PKCE
 * verifier and nonce) kept in HttpOnly cookies; `GET /auth/:provider/callback` checks the
 * state before anything else, trades the code for a verified identity and redirects into
 * the SPA: to the page the flow was for, or to `/auth/error?reason=…`.
 */
export function createOAuthRouter({ config, services, providers, logger }: OAuthRouterOptions): Router {
  const secure = config.secureCookies;
  const router = express.Router();

  const fail = (res: Response, refusal: OAuthRefusal) => {
    const via = String(res.req.params.provider ?? "");
    res.redirect(302, errorLocation(refusal, providers.get(via) ? via : undefined));
  };

  /** Provider trouble ends on an error page naming it; nothing was created, so an invitation stays usable. */
  const failProvider = (res: Response, provider: string, error: unknown) => {
    if (error instanceof ProviderUnavailableError) {
      logger.warn({ provider, err: error.message }, "oauth provider unavailable");
      return fail(res, { ok: false, reason: "PROVIDER_UNAVAILABLE" });
    }
    if (error instanceof ProviderRejectedError) {
      logger.warn({ provider, err: error.message }, "oauth provider answer refused");
      return fail(res, { ok: false, reason: "OAUTH_FAILED" });
    }
    throw error;
  };

  /** Unexpected failures (the database is down) still end on the SPA's error page, not a raw 500. */
  const handle =
    (route: (req: Request<{ provider: string }>, res: Response) => Promise<unknown>): RequestHandler<{ provider: string }> =>
    async (req, res) => {
      res.setHeader("Cache-Control", "no-store");
      try {
        await route(req, res);
      } catch (error) {
        logger.error({ err: error, provider: req.params.provider }, "oauth route failed");
        if (!res.headersSent) fail(res, { ok: false, reason: "SERVICE_UNAVAILABLE" });
      }
    };

  router.get(
    "/:provider/start",
    handle(async (req, res) => {
      const provider = providers.get(req.params.provider);
      if (!provider) return fail(res, { ok: false, reason: "NOT_FOUND" });

      const redirectTo = stringParam(req.query.redirectTo);
      const linking = req.query.mode === "link";
      const invite = linking ? null : stringParam(req.query.invite);
      // A sign-up link (`/sign-up/<token>`) completed with a provider instead of a password.
      const signUp = linking || invite ? null : stringParam(req.query.signUp);
      // A shareable invitation link (`/join/<token>`): the provider's verified email proves who joins.
      const join = linking || invite || signUp ? null : stringParam(req.query.join);

      let linkUserId: string | null = null;
      if (linking) {
        const session = await resolveSession(services, readSessionToken(req, secure));
        if (!session) return fail(res, { ok: false, reason: "UNAUTHENTICATED" });
        linkUserId = session.user.id;
      } else if (invite) {
        // A dead invitation fails here, before the person is sent anywhere.
        const check = await checkInvitation(services, invite);
        if (!check.ok) return fail(res, check);
      } else if (signUp) {
        const check = await checkSignUpLink(services, signUp);
        if (!check.ok) return fail(res, check);
      } else if (join) {
        // A revoked, expired or full link fails here, before anyone is sent to the provider.
        const check = await checkInviteLink(services, join);
        if (!check.ok) return fail(res, check);
      }

      const secrets = { state: generateState(), codeVerifier: generateCodeVerifier(), nonce: generateState() };
      let authorizationUrl: URL;
      try {
        authorizationUrl = await provider.createAuthorizationUrl(secrets);
      } catch (error) {
        return failProvider(res, provider.id, error);
      }
      setAttemptCookies(
        res,
        secure,
        {
          provider: provider.id,
          ...secrets,
          // Link mode always returns to the account page.
          redirectTo: !linking && redirectTo && isSafeRedirect(redirectTo) ? redirectTo : null,
          linkUserId,
          issuedAt: services.clock.now().getTime(),
        },
        invite,
        signUp,
        join,
      );
      res.redirect(302, authorizationUrl.href);
    }),
  );

  router.get(
    "/:provider/callback",
    handle(async (req, res) => {
      const attempt = readAttempt(req, secure, services.clock.now());
      const inviteToken = readInviteToken(req, secure);
      const signUpToken = readSignUpToken(req, secure);
      const joinToken = readJoinToken(req, secure);
      // One attempt, one callback: whatever happens next, these secrets are spent.
      clearAttemptCookies(res, secure);

      const provider = providers.get(req.params.provider);
      if (!provider) return fail(res, { ok: false, reason: "NOT_FOUND" });

      // The state is checked before anything is sent to the provider (SECURITY 25).
      const state = stringParam(req.query.state);
      if (!attempt || attempt.provider !== provider.id || !state || !equalSecrets(state, attempt.state)) {
        logger.info({ provider: provider.id, hadAttempt: Boolean(attempt) }, "oauth callback with a missing or mismatched state");
        return fail(res, { ok: false, reason: "OAUTH_STATE_INVALID" });
      }
      if (req.query.error !== undefined) return fail(res, { ok: false, reason: "OAUTH_DENIED" });
      const code = stringParam(req.query.code);
      if (!code) return fail(res, { ok: false, reason: "OAUTH_FAILED" });

      let identity: ProviderIdentity;
      try {
        identity = acceptableIdentity(await provider.fetchIdentity(code, attempt));
      } catch (error) {
        return failProvider(res, provider.id, error);
      }

      const session = await resolveSession(services, readSessionToken(req, secure));
      const meta: OAuthRequestMeta = {
        ip: req.ip ?? null,
        userAgent: req.get("user-agent") ?? null,
        sessionId: session?.sessionId ?? null,
      };

      if (attempt.linkUserId) {
        // Link mode links to whoever started it, and only while they are still signed in.
        if (session?.user.id !== attempt.linkUserId) return fail(res, { ok: false, reason: "UNAUTHENTICATED" });
        const linked = await linkProvider(services, attempt.linkUserId, identity, meta);
        if (!linked.ok) return fail(res, linked);
        return res.redirect(302, `/account?${new URLSearchParams({ linked: provider.id })}`);
      }

      const result = inviteToken
        ? await acceptInvitationWithProvider(services, inviteToken, identity, meta)
        : signUpToken
          ? await completeSignUpWithProvider(services, signUpToken, identity, meta)
          : joinToken
            ? await joinWithProvider(services, joinToken, identity, meta)
            : await signInWithProvider(services, identity, meta);
      if (!result.ok) return fail(res, result);
      setSessionCookie(sessionCookie(res, secure, () => services.clock.now(), config.cookieSameSite), result.session);
      // Sign-in goes back where it started; joining goes where the invitation, link or settings say (checked again there).
      res.redirect(302, attempt.redirectTo ?? ("redirectTo" in result ? result.redirectTo : undefined) ?? "/");
    }),
  );

  return router;
}

function stringParam(value: unknown): string | null {
  // Some providers' codes run past a thousand characters; nothing legitimate is longer than this.
  return typeof value === "string" && value.length > 0 && value.length <= 4096 ? value : null;
}

function equalSecrets(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
