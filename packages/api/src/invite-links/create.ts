import type { Role } from "@invite/db";
import { recordAudit } from "../audit.ts";
import type { Services } from "../context.ts";
import { assertRoleAllowed, newLink, type Actor } from "../invitations/shared.ts";
import { checkRedirectUrl } from "../redirects.ts";
import { inviteLinkUrl, linkCreator } from "./shared.ts";
import { toInviteLinkView } from "./view.ts";

export interface CreateInviteLink {
  role: Role;
  /** Null: never expires. */
  expiresInHours: number | null;
  /** Null: no cap. */
  maxUses: number | null;
  allowedDomains: string[];
  /** Where people who join through it go next ("" or absent: none); checked like an invitation's. */
  redirectUrl?: string | undefined;
}

/**
 * `inviteLink.create`: a link that admits anyone who proves an email, with a role never above
 * the creator's (SECURITY 35). Its token is made as an invitation's (160 bits, base32) and only
 * its SHA-256 is kept (SECURITY 1, 2): the URL in this answer is the only time it is shown.
 */
export async function createInviteLink(services: Services, actor: Actor, input: CreateInviteLink) {
  assertRoleAllowed(actor, input.role);
  const redirectUrl = checkRedirectUrl(services.config, input.redirectUrl);
  const now = services.clock.now();
  const { token, tokenHash } = newLink();
  const expiresAt = input.expiresInHours === null ? null : new Date(now.getTime() + input.expiresInHours * 60 * 60 * 1000);
  const link = await services.db.prisma.$transaction(async (tx) => {
    const created = await tx.inviteLink.create({
      data: {
        tokenHash,
        role: input.role,
        createdById: actor.user.id,
        expiresAt,
        maxUses: input.maxUses,
        allowedDomains: input.allowedDomains,
        redirectUrl,
        createdAt: now,
      },
      include: { createdBy: linkCreator },
    });
    await recordAudit(
      tx,
      {
        actorId: actor.user.id,
        action: "inviteLink.create",
        targetType: "invite_link",
        targetId: created.id,
        ip: actor.ip,
        data: { role: input.role, expiresAt: expiresAt?.toISOString() ?? null, maxUses: input.maxUses, allowedDomains: input.allowedDomains, redirectUrl },
      },
      now,
    );
    return created;
  });
  return { link: toInviteLinkView(link, [], now), url: inviteLinkUrl(services.config.appUrl, token) };
}
