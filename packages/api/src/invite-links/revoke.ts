import { recordAudit } from "../audit.ts";
import type { Services } from "../context.ts";
import { AppError } from "../errors.ts";
import type { Actor, Tx } from "../invitations/shared.ts";
import { joinedThrough } from "./list.ts";
import { findLinkById } from "./shared.ts";
import { toInviteLinkView } from "./view.ts";

/**
 * `inviteLink.revoke`: the link stops at once (SECURITY 36). A join in flight that has not
 * committed its claim is refused (the claim's UPDATE requires `revokedAt IS NULL`), and proof
 * links already emailed through it make nothing. Revoking a revoked link changes nothing.
 */
export async function revokeInviteLink(services: Services, actor: Actor, id: string) {
  const now = services.clock.now();
  const { prisma } = services.db;
  const revoked = await prisma.$transaction(async (tx) => {
    const { count } = await tx.inviteLink.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: now } });
    const link = await findLinkById(tx, id);
    if (count === 1 && link) {
      await recordAudit(
        tx,
        { actorId: actor.user.id, action: "inviteLink.revoke", targetType: "invite_link", targetId: id, ip: actor.ip, data: { role: link.role, uses: link.uses } },
        now,
      );
    }
    return link;
  });
  if (!revoked) throw new AppError("NOT_FOUND", "That invitation link does not exist.");
  const joined = await joinedThrough(prisma, [id]);
  return toInviteLinkView(revoked, joined.get(id) ?? [], now);
}

/**
 * Revokes the ADMIN links `createdById` made that still stand, because that account is no longer
 * an active admin (demoted, suspended, removed): a link never grants more than its creator has
 * (SECURITY 35). Reads already treat such a link as revoked; writing it keeps it so when the
 * account is made an admin again, as its admin invitations stay revoked. In the caller's transaction.
 */
export async function revokeAdminLinks(tx: Tx, createdById: string, now: Date): Promise<number> {
  const { count } = await tx.inviteLink.updateMany({ where: { createdById, role: "ADMIN", revokedAt: null }, data: { revokedAt: now } });
  return count;
}
