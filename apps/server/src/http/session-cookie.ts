import { parse } from "cookie";
import type { Request, Response } from "express";
import type { SessionCookie } from "@invite/api";

/** `__Host-` binds the cookie to this exact origin over https: no Domain, Path=/, Secure. */
export function sessionCookieName(secure: boolean): string {
  return secure ? "__Host-session" : "session";
}

/** The session token is taken from the cookie only, never from a header or the URL. */
export function readSessionToken(req: Request, secure: boolean): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  return parse(header)[sessionCookieName(secure)];
}

/**
 * SameSite=Lax unless a trusted origin is another site and APP_URL is https (config.ts,
 * `cookieSameSite`): then None, or that site's pages could never send it. None needs Secure,
 * which https gives; the Origin check, not SameSite, is what refuses forged writes.
 */
export function sessionCookie(res: Response, secure: boolean, now: () => Date, sameSite: "lax" | "none" = "lax"): SessionCookie {
  const name = sessionCookieName(secure);
  const base = { httpOnly: true, sameSite, path: "/", secure } as const;
  return {
    set(token, expiresAt) {
      res.cookie(name, token, { ...base, maxAge: Math.max(0, expiresAt.getTime() - now().getTime()) });
    },
    clear() {
      res.cookie(name, "", { ...base, maxAge: 0 });
    },
  };
}
