import type { InviteLink, PrismaClient } from "@invite/db";
import { isEmailDomainAllowed, inviteLinkRefusals, type InviteLinkStatus, type Role } from "@invite/schemas";
import { hashToken } from "../auth/tokens.ts";
import { AppError } from "../errors.ts";
import type { Tx } from "../invitations/shared.ts";

// What every shareable-link operation shares: the link's URL, looking a token up, and what a link is now.

/** `${APP_URL}/join/<token>`: built from the configured origin, never a Host header (SECURITY 9). */
export function inviteLinkUrl(appUrl: string, token: string): string {
  return `${appUrl}/join/${token}`;
}

/** The creator as far as a link's use depends on them: an ADMIN link follows its creator's standing. */
export const linkCreator = { select: { id: true, name: true, email: true, role: true, suspendedAt: true } } as const;

/** A link and its creator; the role typed from @invite/schemas, so answers built from it name no Prisma type. */
export type LinkRow = Omit<InviteLink, "role"> & {
  role: Role;
  createdBy: { id: string; name: string; email: string; role: Role; suspendedAt: Date | null } | null;
};

/** A raw token looked up by its hash (SECURITY 2); one not shaped like ours (32 base32 characters) is never found. */
export async function findLinkByToken(prisma: PrismaClient | Tx, token: string): Promise<LinkRow | null> {
  if (!/^[a-z2-7]{32}$/.test(token)) return null;
  return prisma.inviteLink.findUnique({ where: { tokenHash: hashToken(token) }, include: { createdBy: linkCreator } });
}

export async function findLinkById(prisma: PrismaClient | Tx, id: string): Promise<LinkRow | null> {
  return prisma.inviteLink.findUnique({ where: { id }, include: { createdBy: linkCreator } });
}

/**
 * A link never grants more than its creator has (SECURITY 35): an ADMIN link admits people only
 * while whoever made it is an active admin. Demoted, suspended or removed, it reads as revoked.
 */
export function creatorEntitled(link: Pick<LinkRow, "role" | "createdBy">): boolean {
  return link.role !== "ADMIN" || (link.createdBy?.role === "ADMIN" && !link.createdBy.suspendedAt);
}

/** What the link is now, revocation first (it is the admin's explicit word), then expiry, then the cap. */
export function linkStatus(link: Pick<LinkRow, "role" | "createdBy" | "revokedAt" | "expiresAt" | "maxUses" | "uses">, now: Date): InviteLinkStatus {
  if (link.revokedAt || !creatorEntitled(link)) return "REVOKED";
  if (link.expiresAt && link.expiresAt <= now) return "EXPIRED";
  if (link.maxUses !== null && link.uses >= link.maxUses) return "FULL";
  return "ACTIVE";
}

/** Throws the link's own reason unless it admits people now (SECURITY 36: revoking or expiry stops it at once). */
export function assertLinkActive(link: LinkRow | null, now: Date): asserts link is LinkRow {
  if (!link) throw new AppError("INVITE_LINK_NOT_FOUND");
  const status = linkStatus(link, now);
  if (status !== "ACTIVE") throw new AppError(inviteLinkRefusals[status]);
}

/** Allowed domains are checked against the email being proven (SECURITY 36), exact, as sign-up's list. */
export function assertLinkAdmitsEmail(link: Pick<InviteLink, "allowedDomains">, email: string): void {
  if (isEmailDomainAllowed(email, link.allowedDomains)) return;
  const listed = link.allowedDomains.map((domain) => `@${domain}`).join(", ");
  throw new AppError("EMAIL_DOMAIN_NOT_ALLOWED", `This invitation link is only for addresses at ${listed}.`, {
    allowedDomains: link.allowedDomains,
  });
}
