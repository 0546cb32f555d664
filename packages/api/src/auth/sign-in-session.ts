import type { PrismaClient } from "@invite/db";
import type { Context, SessionCookie } from "../context.ts";
import { createSession, invalidateSession, type SessionMeta } from "./session.ts";

/** Where a sign-in comes from, and the session the browser already held (if any). */
export interface SignInMeta extends SessionMeta {
  sessionId: string | null;
}

export type NewSession = Awaited<ReturnType<typeof createSession>>;

/** A procedure's caller as a sign-in sees it. */
export function signInMeta(ctx: Pick<Context, "request" | "sessionId">): SignInMeta {
  return { ...ctx.request, sessionId: ctx.sessionId };
}

/**
 * Every way in (password, reset link, setup, invitation, sign-up link, invite link, provider)
 * goes through here: the session the browser held before, perhaps planted by someone else, is
 * dropped, never promoted, and a new one is made (SECURITY 17). Run it in the transaction that
 * signs the user in, so a refusal leaves both as they were; send the cookie with
 * `setSessionCookie` once that transaction committed.
 */
export async function rotateSession(
  prisma: Pick<PrismaClient, "session">,
  userId: string,
  now: Date,
  meta: SignInMeta,
): Promise<NewSession> {
  if (meta.sessionId) await invalidateSession(prisma, meta.sessionId);
  return createSession(prisma, userId, now, { ip: meta.ip, userAgent: meta.userAgent });
}

/** The new session's cookie, lasting as long as the session does. */
export function setSessionCookie(cookie: SessionCookie, { token, session }: NewSession): void {
  cookie.set(token, session.expiresAt);
}
