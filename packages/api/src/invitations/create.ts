import type { Role } from "@invite/db";
import { recordAudit } from "../audit.ts";
import type { Services } from "../context.ts";
import { AppError } from "../errors.ts";
import { getSettings } from "../settings.ts";
import { limitOneInvitation } from "./limits.ts";
import { assertRoleAllowed, lockEmail, newLink, queueInvitationEmail, type Actor } from "./shared.ts";
import type { InvitationRow } from "./view.ts";

export interface CreateInvitation {
  email: string;
  role: Role;
  expiresInHours?: number | undefined;
  message?: string | undefined;
}

/** invitation.create: the admin's allowance and the recipient's limit, then the invitation. */
export async function inviteOne(services: Services, actor: Actor, input: CreateInvitation) {
  await limitOneInvitation(services, actor.user.id, input.email);
  return createInvitation(services, actor, input);
}

/**
 * Invites an email, or refreshes its pending invitation (new link, new expiry) rather than
 * making a second one. The invitation, its token hash and its email are one transaction.
 * Spends no rate limit: `inviteOne` does, for the API; the CLI and tests call this directly.
 */
export async function createInvitation(services: Services, actor: Actor, input: CreateInvitation) {
  const { prisma } = services.db;
  assertRoleAllowed(actor, input.role);
  const now = services.clock.now();
  const hours = input.expiresInHours ?? (await getSettings(prisma)).defaultInviteHours;
  const expiresAt = new Date(now.getTime() + hours * 3_600_000);
  const message = input.message?.trim() || null;

  return prisma.$transaction(async (tx) => {
    await lockEmail(tx, input.email);
    if (await tx.user.findUnique({ where: { email: input.email }, select: { id: true } })) {
      throw new AppError("ALREADY_MEMBER", `${input.email} already has an account.`);
    }
    const pending = await tx.invitation.findFirst({
      where: { email: input.email, status: "PENDING", expiresAt: { gt: now } },
      orderBy: { createdAt: "desc" },
    });
    const { token, tokenHash } = newLink();
    const invitation = pending
      ? await tx.invitation.update({
          where: { id: pending.id },
          data: {
            role: input.role,
            message,
            expiresAt,
            lifetimeHours: hours,
            tokenHash,
            sendCount: { increment: 1 },
            invitedById: actor.user.id,
          },
        })
      : await tx.invitation.create({
          data: {
            email: input.email,
            role: input.role,
            message,
            expiresAt,
            lifetimeHours: hours,
            tokenHash,
            invitedById: actor.user.id,
            createdAt: now,
          },
        });
    const email = await queueInvitationEmail(services, tx, invitation, actor.user, token, now, Boolean(pending));
    await recordAudit(
      tx,
      {
        actorId: actor.user.id,
        action: pending ? "invitation.refresh" : "invitation.create",
        targetType: "invitation",
        targetId: invitation.id,
        ip: actor.ip,
        data: { email: invitation.email, role: invitation.role },
      },
      now,
    );
    // Everything the view needs was just written or is the caller: no read-back.
    const { id, email: inviterEmail, name } = actor.user;
    const row: InvitationRow = { ...invitation, invitedBy: { id, email: inviterEmail, name }, emails: [email] };
    return { row, token, refreshed: Boolean(pending) };
  });
}
