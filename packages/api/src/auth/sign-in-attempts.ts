import type { RateLimiterPostgres } from "rate-limiter-flexible";
import type { Context } from "../context.ts";
import { consume } from "../rate-limits.ts";

/** The allowance one try at a password spent, so that the right password can start it over. */
export interface SignInAttempt {
  limiter: RateLimiterPostgres;
  key: string;
}

type AttemptContext = Pick<Context, "limits" | "request" | "deviceCookie" | "deviceSigner" | "clock">;

/**
 * Spends one try at `email`'s password, or throws RATE_LIMITED (SECURITY 43).
 *
 * A browser holding a device cookie for this account (it proved the password before) spends
 * its own allowance, and only that. Any other browser spends its address's and the allowance
 * that every unknown browser shares for this account: brute force from one address or from
 * many stops there, and a stranger who uses it up locks out only other unknown browsers,
 * never the owner's. A signed-in caller (changing their password) may pass their session,
 * which a stranger cannot hold either, to stand in for a device cookie.
 */
export async function spendSignInAttempt(ctx: AttemptContext, email: string, sessionId?: string): Promise<SignInAttempt> {
  const deviceId = ctx.deviceSigner.verify(ctx.deviceCookie.value, email, ctx.clock.now());
  const device = deviceId ?? (sessionId ? `session:${sessionId}` : null);
  if (device) {
    await consume(ctx.limits.signInPerDevice, device);
    return { limiter: ctx.limits.signInPerDevice, key: device };
  }
  await consume(ctx.limits.signInPerIp, ctx.request.ip ?? "unknown");
  await consume(ctx.limits.signInPerEmail, email);
  return { limiter: ctx.limits.signInPerEmail, key: email };
}

/**
 * After the right password: the allowance that try spent starts over (a known browser's
 * success gives strangers no new tries), and this browser is known to the account.
 */
export async function signInSucceeded(ctx: AttemptContext, email: string, attempt: SignInAttempt): Promise<void> {
  await attempt.limiter.delete(attempt.key);
  trustThisDevice(ctx, email);
}

/** A fresh device cookie for `email`: this browser proved it can get into the account. */
export function trustThisDevice(ctx: Pick<AttemptContext, "deviceCookie" | "deviceSigner" | "clock">, email: string): void {
  const { value, expiresAt } = ctx.deviceSigner.issue(email, ctx.clock.now());
  ctx.deviceCookie.set(value, expiresAt);
}
