import { recordAudit } from "../audit.ts";
import type { Services } from "../context.ts";
import { AppError } from "../errors.ts";
import type { Actor } from "../invitations/shared.ts";
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
    if (count === 1) {
      await recordAudit(tx, { actorId: actor.user.id, action: "inviteLink.revoke", targetType: "invite_link", targetId: id, ip: actor.ip }, now);
    }
    return findLinkById(tx, id);
  });
  if (!revoked) throw new AppError("NOT_FOUND", "That invitation link does not exist.");
  const joined = await joinedThrough(prisma, [id]);
  return toInviteLinkView(revoked, joined.get(id) ?? [], now);
}
