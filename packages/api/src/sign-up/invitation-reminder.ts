import { recordAudit } from "../audit.ts";
import type { Services } from "../context.ts";
import { AppError } from "../errors.ts";
import { lockEmail, lockInvitation, newLink, queueInvitationEmail } from "../invitations/shared.ts";
import { consume } from "../rate-limits.ts";
import { findPendingInvitation } from "./proof.ts";

/** The audit action, and what the activity page calls it. */
export const REMINDER_ACTION = "invitation.sign_up_reminder";

/**
 * Someone asked to sign up (or to register with a provider) as an email that has a pending
 * invitation: that invitation is sent again, and nothing else happens. Sign-up never grants
 * an invitation's role; only the invitation's own link does (SECURITY 35).
 *
 * It is a resend (a new link; the old one and any email still waiting with it die, as resend
 * does), with two differences because no admin asked for it: it spends the recipient's
 * allowance (5 invitation emails an hour) but not the inviter's, and it keeps the invitation's
 * expiry, so a stranger can neither use up an admin's allowance nor keep an invitation alive.
 *
 * Returns whether such an invitation exists (so the caller sends no sign-up link), sent or not.
 */
export async function remindOfInvitation(services: Services, email: string, ip: string | null): Promise<boolean> {
  const { prisma } = services.db;
  const now = services.clock.now();
  const pending = await findPendingInvitation(prisma, email, now);
  if (!pending) return false;
  try {
    await consume(services.limits.invitesPerRecipient, email);
  } catch (error) {
    // The invitation emails of the last hour are in the inbox already: nothing more to send.
    if (error instanceof AppError && error.reason === "RATE_LIMITED") return true;
    throw error;
  }
  await prisma.$transaction(async (tx) => {
    // The locks create and resend take, in their order, so this and an admin's resend take turns.
    await lockEmail(tx, email);
    await lockInvitation(tx, pending.id);
    const current = await findPendingInvitation(tx, email, now);
    if (current?.id !== pending.id) return; // accepted, revoked or replaced meanwhile
    // The email names who invited; once that account is gone, an admin who can be answered.
    const inviter =
      current.invitedBy ??
      (await tx.user.findFirst({
        where: { role: "ADMIN", suspendedAt: null },
        orderBy: { createdAt: "asc" },
        select: { id: true, role: true, name: true, email: true },
      }));
    if (!inviter) return;
    const { token, tokenHash } = newLink();
    const invitation = await tx.invitation.update({
      where: { id: current.id },
      data: { tokenHash, sendCount: { increment: 1 } },
    });
    await queueInvitationEmail(services, tx, invitation, inviter, token, now, true);
    await recordAudit(tx, { actorId: null, action: REMINDER_ACTION, targetType: "invitation", targetId: current.id, ip }, now);
  });
  return true;
}
