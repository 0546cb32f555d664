import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { generateSecureRandomString } from "./tokens.ts";

/**
 * Device cookies (OWASP, "Slow down online guessing attacks with device cookies"): a browser
 * that has proved an account's password gets a cookie naming it as that account's device, and
 * its attempts then spend an allowance of its own (auth/sign-in-attempts.ts). Strangers who use
 * up the allowance that unknown browsers share never lock the owner out.
 */
export const DEVICE_COOKIE_MS = 365 * 24 * 60 * 60 * 1000;

/** `id.expiresAtMs.mac`: a random id (the device's bucket), when it lapses, and their HMAC. */
const DEVICE_COOKIE_SHAPE = /^([a-z2-7]{24})\.(\d{13,15})\.([A-Za-z0-9_-]{43})$/;

export interface DeviceCookieSigner {
  issue(email: string, now: Date): { value: string; expiresAt: Date };
  /** The device's id when `value` was issued for `email` and has not lapsed; null for anything else. */
  verify(value: string | null, email: string, now: Date): string | null;
}

/**
 * The MAC covers the email, so a cookie is good for one account, yet the cookie does not carry
 * the address. Its key is derived from SECRET_KEY: processes that share a database share it.
 */
export function createDeviceCookieSigner(secretKey: Uint8Array): DeviceCookieSigner {
  const key = Buffer.from(hkdfSync("sha256", secretKey, new Uint8Array(0), "invite device cookie", 32));
  const mac = (id: string, expires: string, email: string) =>
    createHmac("sha256", key).update(`${id}.${expires}.${email}`).digest();
  return {
    issue(email, now) {
      const id = generateSecureRandomString(15);
      const expiresAt = new Date(now.getTime() + DEVICE_COOKIE_MS);
      const expires = String(expiresAt.getTime());
      return { value: `${id}.${expires}.${mac(id, expires, email).toString("base64url")}`, expiresAt };
    },
    verify(value, email, now) {
      const [, id, expires, signature] = DEVICE_COOKIE_SHAPE.exec(value ?? "") ?? [];
      if (!id || !expires || !signature) return null;
      const expected = Buffer.from(mac(id, expires, email).toString("base64url"));
      if (!timingSafeEqual(Buffer.from(signature), expected)) return null;
      return Number(expires) > now.getTime() ? id : null;
    },
  };
}
