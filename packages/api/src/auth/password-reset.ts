import { recordAudit } from "../audit.ts";
import type { Services } from "../context.ts";
import { AppError } from "../errors.ts";
import { enqueueEmail } from "../mail/outbox.ts";
import { withProviders, type UserWithProviders } from "../users.ts";
import { assertStrongPassword, hashPassword } from "./password.ts";
import { rotateSession, type NewSession, type SignInMeta } from "./sign-in-session.ts";
import { generateSecureRandomString, hashToken } from "./tokens.ts";

/** A reset link works for an hour (OWASP: short-lived, single use). */
export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;

/**
 * Emails a reset link if `email` has an account; says nothing either way, so the answer
 * cannot tell anyone which emails have accounts. An earlier unused link stops working.
 * A pending invitation is not an account: its email gets nothing (SECURITY 10), and neither
 * does a suspended account, which could not use the link.
 */
export async function requestPasswordReset(services: Services, email: string, ip: string | null): Promise<void> {
  const { prisma } = services.db;
  const now = services.clock.now();
  const user = await prisma.user.findUnique({ where: { email }, select: { id: true, email: true, suspendedAt: true } });
  if (!user || user.suspendedAt) return;
  const token = generateSecureRandomString(20);
  const expiresAt = new Date(now.getTime() + PASSWORD_RESET_TTL_MS);
  await prisma.$transaction(async (tx) => {
    await tx.passwordReset.deleteMany({ where: { userId: user.id, usedAt: null } });
    // A link still waiting in the outbox would be dead on arrival.
    await tx.emailMessage.updateMany({
      where: { to: user.email, template: "passwordReset", status: "QUEUED" },
      data: { status: "FAILED", lastError: "Superseded by a newer reset link.", sealedSecret: null },
    });
    await tx.passwordReset.create({ data: { tokenHash: hashToken(token), userId: user.id, expiresAt, createdAt: now } });
    await enqueueEmail(
      tx,
      services.sealer,
      {
        to: user.email,
        template: "passwordReset",
        secret: token,
        payload: { expiresAt: expiresAt.toISOString(), appUrl: services.config.appUrl },
      },
      now,
    );
    await recordAudit(tx, { actorId: user.id, action: "auth.password_reset_requested", targetType: "user", targetId: user.id, ip }, now);
  });
}

/**
 * Spends a reset link: the new password, the end of every other session (SECURITY 17) and a
 * new signed-in session are one transaction, so a link used twice at once resets once.
 */
export async function resetPassword(
  services: Services,
  token: string,
  password: string,
  meta: SignInMeta,
): Promise<{ user: UserWithProviders; session: NewSession }> {
  const { prisma } = services.db;
  const now = services.clock.now();
  const found = /^[a-z2-7]{32}$/.test(token)
    ? await prisma.passwordReset.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } })
    : null;
  // Suspending deletes the account's links; this catches one made while it ran.
  if (!found || found.usedAt || found.expiresAt <= now || found.user.suspendedAt) throw new AppError("RESET_LINK_INVALID");
  await assertStrongPassword(password, [found.user.email, found.user.name]);
  const passwordHash = await hashPassword(password);

  return prisma.$transaction(async (tx) => {
    const claimed = await tx.passwordReset.updateMany({
      where: { id: found.id, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (claimed.count !== 1) throw new AppError("RESET_LINK_INVALID");
    const user = await tx.user.update({ where: { id: found.userId }, data: { passwordHash }, include: withProviders });
    await tx.session.deleteMany({ where: { userId: user.id } });
    const session = await rotateSession(tx, user.id, now, meta);
    await recordAudit(tx, { actorId: user.id, action: "auth.password_reset", targetType: "user", targetId: user.id, ip: meta.ip }, now);
    return { user, session };
  });
}

/**
 * What the `/reset-password/<token>` page shows at once, before anyone types a password;
 * consumes nothing. A link that was never issued, was replaced by a newer one, or belongs to a
 * suspended account is RESET_LINK_INVALID; a used or expired one says so.
 */
export async function previewPasswordReset(services: Services, token: string) {
  const found = /^[a-z2-7]{32}$/.test(token)
    ? await services.db.prisma.passwordReset.findUnique({
        where: { tokenHash: hashToken(token) },
        include: { user: { select: { email: true, suspendedAt: true } } },
      })
    : null;
  if (!found || found.user.suspendedAt) throw new AppError("RESET_LINK_INVALID");
  const status = found.usedAt ? "USED" : found.expiresAt <= services.clock.now() ? "EXPIRED" : "PENDING";
  return { status, email: found.user.email, expiresAt: found.expiresAt } as const;
}
