import { parse } from "cookie";
import type { CookieOptions, Request, Response } from "express";
import { z } from "zod";
import { isSafeRedirect } from "@invite/schemas";

/** A sign-in attempt must come back from the provider within this time. */
export const ATTEMPT_TTL_MS = 10 * 60 * 1000;

const attemptSchema = z.object({
  /** The provider this attempt was started with; a callback for any other provider is refused. */
  provider: z.string(),
  state: z.string().min(32),
  codeVerifier: z.string().min(43),
  nonce: z.string().min(32),
  redirectTo: z.string().refine(isSafeRedirect).nullable(),
  /** Set in link mode: the user who asked to link; the callback must still be signed in as them. */
  linkUserId: z.string().nullable(),
  issuedAt: z.number(),
});

export type OAuthAttempt = z.infer<typeof attemptSchema>;

// Path=/auth: only the start and callback routes ever see these. `__Secure-` on https
// (`__Host-` would force Path=/).
function cookieNames(secure: boolean) {
  const prefix = secure ? "__Secure-" : "";
  return {
    attempt: `${prefix}oauth_attempt`,
    invite: `${prefix}oauth_invite`,
    signUp: `${prefix}oauth_sign_up`,
    join: `${prefix}oauth_join`,
  };
}

function cookieOptions(secure: boolean, maxAge: number): CookieOptions {
  return { httpOnly: true, sameSite: "lax", path: "/auth", secure, maxAge };
}

/**
 * The attempt's secrets go into one cookie; the invitation token (or a sign-up link's, or a
 * shareable invitation link's) into its own, so it never travels to the provider (not in
 * `state`, not anywhere). No token clears an older one.
 */
export function setAttemptCookies(
  res: Response,
  secure: boolean,
  attempt: OAuthAttempt,
  inviteToken: string | null,
  signUpToken: string | null = null,
  joinToken: string | null = null,
) {
  const names = cookieNames(secure);
  const value = Buffer.from(JSON.stringify(attempt)).toString("base64url");
  res.cookie(names.attempt, value, cookieOptions(secure, ATTEMPT_TTL_MS));
  if (inviteToken) res.cookie(names.invite, inviteToken, cookieOptions(secure, ATTEMPT_TTL_MS));
  else res.cookie(names.invite, "", cookieOptions(secure, 0));
  if (signUpToken) res.cookie(names.signUp, signUpToken, cookieOptions(secure, ATTEMPT_TTL_MS));
  else if (readCookie(res.req, names.signUp)) res.cookie(names.signUp, "", cookieOptions(secure, 0));
  if (joinToken) res.cookie(names.join, joinToken, cookieOptions(secure, ATTEMPT_TTL_MS));
  else if (readCookie(res.req, names.join)) res.cookie(names.join, "", cookieOptions(secure, 0));
}

/** The attempt this browser started, unless it is missing, unreadable or older than the TTL. */
export function readAttempt(req: Request, secure: boolean, now: Date): OAuthAttempt | null {
  const raw = readCookie(req, cookieNames(secure).attempt);
  if (!raw) return null;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const parsed = attemptSchema.safeParse(decoded);
  if (!parsed.success) return null;
  const age = now.getTime() - parsed.data.issuedAt;
  return age >= 0 && age <= ATTEMPT_TTL_MS ? parsed.data : null;
}

export function readInviteToken(req: Request, secure: boolean): string | null {
  return readCookie(req, cookieNames(secure).invite) || null;
}

/** The sign-up link a provider is completing (`/auth/:provider/start?signUp=<token>`). */
export function readSignUpToken(req: Request, secure: boolean): string | null {
  return readCookie(req, cookieNames(secure).signUp) || null;
}

/** The shareable invitation link a provider is joining through (`/auth/:provider/start?join=<token>`). */
export function readJoinToken(req: Request, secure: boolean): string | null {
  return readCookie(req, cookieNames(secure).join) || null;
}

/** Every callback spends the attempt, whatever its outcome. */
export function clearAttemptCookies(res: Response, secure: boolean) {
  const names = cookieNames(secure);
  res.cookie(names.attempt, "", cookieOptions(secure, 0));
  res.cookie(names.invite, "", cookieOptions(secure, 0));
  if (readCookie(res.req, names.signUp)) res.cookie(names.signUp, "", cookieOptions(secure, 0));
  if (readCookie(res.req, names.join)) res.cookie(names.join, "", cookieOptions(secure, 0));
}

function readCookie(req: Request | undefined, name: string): string | undefined {
  const header = req?.headers.cookie;
  return header ? parse(header)[name] : undefined;
}
