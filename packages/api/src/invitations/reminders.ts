import type { PrismaClient } from "@invite/db";
import { digestsEqual, hashToken } from "../auth/tokens.ts";
import { recordAudit } from "../audit.ts";
import type { Services } from "../context.ts";
import { AppError } from "../errors.ts";
import { getSettings } from "../settings.ts";
import { findForAdmin, lockInvitation, type Actor, type Tx } from "./shared.ts";

/*
 * One reminder email per invitation link, a set time before the link expires (issue 15).
 *
 * The outbox worker schedules it in the statement that records the invitation email SENT
 * (apps/server/src/mail/sent-records.ts): a new outbox row with the same sealed token, due
 * `reminderHoursBeforeExpiry` before expiry. So the reminder carries the link the invitee
 * already has (links are not rotated: rotating would kill the first email's link for no gain),
 * the create request does no extra work, and `reminderForId` being unique means a link gets
 * one reminder however many processes record sends. A resend supersedes it like any queued
 * email of the old link, and the new link's send schedules a new one.
 *
 * Whether it still goes out is decided when it is due (`reminderRefusal`): the invitation still
 * pending and unexpired, its link still the one the reminder carries, reminders on for it and
 * for the workspace. Otherwise the row is cancelled (FAILED, with the reason, secret erased).
 */

/** The outbox template of reminder emails. */
export const REMINDER_TEMPLATE = "invitationReminder";

/** Why a queued reminder was not sent, as the invitation's history shows it. */
export const REMINDER_CANCELLED = {
  revoked: "Reminder cancelled: the invitation was revoked.",
  accepted: "Reminder cancelled: the invitation was accepted.",
  expired: "Reminder cancelled: the invitation expired.",
  superseded: "Reminder cancelled: the invitation has a newer link.",
  turnedOff: "Reminder cancelled: reminders are turned off for this invitation.",
  workspaceOff: "Reminder cancelled: reminders are turned off in the settings.",
  tooLate: "Reminder cancelled: the new reminder time had already passed.",
} as const;

/**
 * Why the reminder `email` must not go out now, or null when it may. `secret` is its unsealed
 * token: a link the invitation no longer has (a resend raced the scheduling) is never sent.
 */
export async function reminderRefusal(
  prisma: Pick<PrismaClient, "invitation" | "settings">,
  email: { invitationId: string | null },
  secret: string | null,
  now: Date,
): Promise<string | null> {
  const invitation = email.invitationId
    ? await prisma.invitation.findUnique({
        where: { id: email.invitationId },
        select: { status: true, expiresAt: true, tokenHash: true, sendReminder: true },
      })
    : null;
  if (!invitation || invitation.status === "REVOKED") return REMINDER_CANCELLED.revoked;
  if (invitation.status === "ACCEPTED") return REMINDER_CANCELLED.accepted;
  if (invitation.status === "EXPIRED" || invitation.expiresAt <= now) return REMINDER_CANCELLED.expired;
  if (!secret || !invitation.tokenHash || !digestsEqual(hashToken(secret), invitation.tokenHash)) return REMINDER_CANCELLED.superseded;
  if (!invitation.sendReminder) return REMINDER_CANCELLED.turnedOff;
  if ((await getSettings(prisma)).reminderHoursBeforeExpiry === 0) return REMINDER_CANCELLED.workspaceOff;
  return null;
}

/** Cancels the invitation's queued reminder, in the caller's transaction (accept, revoke). */
export async function cancelQueuedReminder(tx: Tx, invitationId: string, reason: string) {
  await tx.emailMessage.updateMany({
    where: { invitationId, template: REMINDER_TEMPLATE, status: "QUEUED" },
    data: { status: "FAILED", lastError: reason, sealedSecret: null },
  });
}

/**
 * After the lead time changed: queued reminders move to `hours` before their link's expiry.
 * One whose new time has passed is cancelled (it would arrive late and out of the blue); with
 * 0 (off) they stay queued as they are, and are cancelled when due unless reminders are back on
 * by then. Reminders not yet claimed only: one being sent is left to finish.
 */
export async function retimeReminders(tx: Tx, hours: number, now: Date) {
  if (hours === 0) return;
  const nowText = now.toISOString();
  await tx.$executeRaw`
    UPDATE "EmailMessage" AS m
    SET "nextAttemptAt" = r."due",
        "status" = (CASE WHEN r."late" THEN 'FAILED' ELSE 'QUEUED' END)::"DeliveryStatus",
        "lastError" = CASE WHEN r."late" THEN ${REMINDER_CANCELLED.tooLate} END,
        "sealedSecret" = CASE WHEN r."late" THEN NULL ELSE m."sealedSecret" END
    FROM (
      SELECT q."id", i."expiresAt" - make_interval(hours => ${hours}::integer) AS "due",
        i."expiresAt" - make_interval(hours => ${hours}::integer) <= ${nowText}::timestamp(3) AS "late"
      FROM "EmailMessage" AS q JOIN "Invitation" AS i ON i."id" = q."invitationId"
      WHERE q."template" = ${REMINDER_TEMPLATE} AND q."status" = 'QUEUED' AND q."attempts" = 0
        AND q."nextAttemptAt" > ${nowText}::timestamp(3)
    ) AS r
    WHERE m."id" = r."id" AND m."status" = 'QUEUED' AND m."attempts" = 0`;
}

/**
 * `invitation.setReminder`: turns this invitation's reminder off or back on. The queued
 * reminder stays queued either way (it is checked when due), so turning it back on before
 * then works; once it is due while off, it is cancelled for good.
 */
export async function setInvitationReminder(services: Services, actor: Actor, id: string, enabled: boolean) {
  const now = services.clock.now();
  return services.db.prisma.$transaction(async (tx) => {
    await lockInvitation(tx, id);
    const current = await findForAdmin(tx, id);
    if (current.sendReminder !== enabled) {
      if (current.status === "ACCEPTED") throw new AppError("INVITATION_USED", "This invitation was already accepted.");
      await tx.invitation.update({ where: { id }, data: { sendReminder: enabled } });
      await recordAudit(
        tx,
        { actorId: actor.user.id, action: "invitation.reminder", targetType: "invitation", targetId: id, ip: actor.ip, data: { enabled } },
        now,
      );
    }
    return findForAdmin(tx, id);
  });
}
