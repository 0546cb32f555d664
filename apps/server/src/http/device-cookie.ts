import { parse } from "cookie";
import type { Request, Response } from "express";
import type { DeviceCookie } from "@invite/api";

/** `__Host-` binds the cookie to this exact origin over https, as for the session cookie. */
export function deviceCookieName(secure: boolean): string {
  return secure ? "__Host-device" : "device";
}

/**
 * The device cookie (packages/api/src/auth/device-cookie.ts) outlives sessions: signing out
 * keeps it, so the browser stays known to the account. Only the API's signature gives it weight.
 */
export function deviceCookie(req: Request, res: Response, secure: boolean, now: () => Date, sameSite: "lax" | "none" = "lax"): DeviceCookie {
  const name = deviceCookieName(secure);
  const header = req.headers.cookie;
  return {
    value: (header ? parse(header)[name] : undefined) ?? null,
    set(value, expiresAt) {
      const maxAge = Math.max(0, expiresAt.getTime() - now().getTime());
      res.cookie(name, value, { httpOnly: true, sameSite, path: "/", secure, maxAge });
    },
  };
}
