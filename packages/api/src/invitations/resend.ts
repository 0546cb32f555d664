import { recordAudit } from "../audit.ts";
import type { Services } from "../context.ts";
import { AppError } from "../errors.ts";
import { limitOneInvitation } from "./limits.ts";
import { findForAdmin, getInvitation, lockEmail, lockInvitation, newLink, queueInvitationEmail, type Actor } from "./shared.ts";
import { effectiveStatus } from "./view.ts";

/**
 * A new link and a new email; the earlier link stops working at once. Expired ones revive.
 * Both limits are spent before anything changes, so a refused resend leaves the old link working.
 */
export async function resendInvitation(services: Services, actor: Actor, id: string) {
  const { email } = await getInvitation(services, id);
  await limitOneInvitation(services, actor.user.id, email);
  const now = services.clock.now();
  return services.db.prisma.$transaction(async (tx) => {
    // The email's lock first, then the row's, in the order create takes them (no deadlock).
    await lockEmail(tx, (await findForAdmin(tx, id)).email);
    await lockInvitation(tx, id);
    const current = await findForAdmin(tx, id);
    const status = effectiveStatus(current, now);
    if (status === "ACCEPTED") throw new AppError("INVITATION_USED", "This invitation was already accepted.");
    if (status === "REVOKED") throw new AppError("INVITATION_REVOKED", "This invitation was revoked; invite the person again.");
    // A fresh link lasts as long as the inviter chose, from now.
    const { token, tokenHash } = newLink();
    const expiresAt = new Date(now.getTime() + current.lifetimeHours * 3_600_000);
    const invitation = await tx.invitation.update({
      where: { id },
      data: { status: "PENDING", expiresAt, tokenHash, sendCount: { increment: 1 } },
    });
    await queueInvitationEmail(services, tx, invitation, actor.user, token, now, true);
    await recordAudit(
      tx,
      { actorId: actor.user.id, action: "invitation.resend", targetType: "invitation", targetId: id, ip: actor.ip },
      now,
    );
    return { row: await findForAdmin(tx, id), token };
  });
}
