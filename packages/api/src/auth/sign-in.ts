import { recordAudit } from "../audit.ts";
import type { Context } from "../context.ts";
import { AppError } from "../errors.ts";
import { withProviders, type UserWithProviders } from "../users.ts";
import { verifyAgainstDummy, verifyPassword } from "./password.ts";
import { rotateSession, setSessionCookie, signInMeta, type NewSession } from "./sign-in-session.ts";
import { signInSucceeded, spendSignInAttempt } from "./sign-in-attempts.ts";

/**
 * `auth.signIn`: one try at an account's password (spent from the allowances in
 * sign-in-attempts.ts), and a new session when it is right, its cookie set before the device
 * cookie that signInSucceeded sets (clients and tests read the session cookie first).
 */
export async function signInWithPassword(
  ctx: Context,
  input: { email: string; password: string },
): Promise<{ user: UserWithProviders; session: NewSession }> {
  const { prisma } = ctx.db;
  const attempt = await spendSignInAttempt(ctx, input.email);

  const user = await prisma.user.findUnique({ where: { email: input.email }, include: withProviders });
  // Unknown email and wrong password take the same time and give the same answer.
  const valid = user?.passwordHash
    ? await verifyPassword(user.passwordHash, input.password)
    : (await verifyAgainstDummy(input.password), false);
  if (!user || !valid) throw new AppError("INVALID_CREDENTIALS");
  // Only after the password proved right, so the answer never tells a stranger the account exists.
  if (user.suspendedAt) throw new AppError("ACCOUNT_SUSPENDED");

  const now = ctx.clock.now();
  const session = await rotateSession(prisma, user.id, now, signInMeta(ctx));
  setSessionCookie(ctx.cookie, session);
  await signInSucceeded(ctx, input.email, attempt);
  await recordAudit(prisma, { actorId: user.id, action: "auth.sign_in", targetType: "user", targetId: user.id, ip: ctx.request.ip }, now);
  return { user, session };
}
