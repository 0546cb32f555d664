import type { Prisma } from "@invite/db";
import { recordAudit } from "../audit.ts";
import type { Services } from "../context.ts";
import { AppError } from "../errors.ts";
import { cancelQueuedReminder, REMINDER_CANCELLED } from "./reminders.ts";
import { findForAdmin, lockInvitation, type Actor, type Tx } from "./shared.ts";

/** Stops the link at once. Accepted invitations cannot be revoked. */
export async function revokeInvitation(services: Services, actor: Actor, id: string) {
  const now = services.clock.now();
  return services.db.prisma.$transaction(async (tx) => {
    await lockInvitation(tx, id);
    const current = await findForAdmin(tx, id);
    if (current.status === "ACCEPTED") throw new AppError("INVITATION_USED", "This invitation was already accepted.");
    if (current.status !== "REVOKED") {
      await tx.invitation.update({ where: { id }, data: { status: "REVOKED", revokedAt: now } });
      // A queued email for a revoked invitation must not go out; its reminder says so in its words.
      await cancelQueuedReminder(tx, id, REMINDER_CANCELLED.revoked);
      await tx.emailMessage.updateMany({
        where: { invitationId: id, status: "QUEUED" },
        data: { status: "FAILED", lastError: "Invitation revoked before delivery.", sealedSecret: null },
      });

      await recordAudit(
        tx,
        { actorId: actor.user.id, action: "invitation.revoke", targetType: "invitation", targetId: id, ip: actor.ip },
        now,
      );
    }
    return findForAdmin(tx, id);
  });
}

/**
 * Revokes the admin invitations not yet accepted that `sentBy` selects, because whoever sent
 * them is no longer an active admin: an invitation never grants more than its inviter has
 * (SECURITY 12). Their waiting emails stay unsent. In the caller's transaction: changes to
 * members and the periodic job use it. Returns how many.
 */
export async function revokeAdminInvitations(tx: Tx, sentBy: Prisma.InvitationWhereInput, now: Date): Promise<number> {
  const open = { ...sentBy, role: "ADMIN", status: { in: ["PENDING", "EXPIRED"] } } satisfies Prisma.InvitationWhereInput;
  const ids = (await tx.invitation.findMany({ where: open, select: { id: true }, orderBy: { id: "asc" } })).map(({ id }) => id);
  if (!ids.length) return 0;
  // The invitations before their emails, in id order: the order revoke, resend and the outbox's
  // SENT records take them in, so none of them can deadlock with this.
  await tx.$executeRaw`SELECT 1 FROM "Invitation" WHERE "id" = ANY(${ids}::text[]) ORDER BY "id" FOR UPDATE`;
  await tx.emailMessage.updateMany({
    where: { status: "QUEUED", invitationId: { in: ids }, invitation: open },
    data: { status: "FAILED", lastError: "Revoked: whoever sent it is no longer an admin.", sealedSecret: null },
  });
  // The status is part of the update: one accepted meanwhile stays accepted.
  const { count } = await tx.invitation.updateMany({ where: { ...open, id: { in: ids } }, data: { status: "REVOKED", revokedAt: now } });
  return count;
}
