import type { EmailProof, PrismaClient } from "@invite/db";
import { isEmailDomainAllowed, SIGN_UP_LINK_TTL_HOURS, type SignUpLinkStatus } from "@invite/schemas";
import { hashToken } from "../auth/tokens.ts";
import { getBranding } from "../branding/read.ts";
import type { Services } from "../context.ts";
import { AppError } from "../errors.ts";
import type { Tx } from "../invitations/shared.ts";
import { findLinkById, linkStatus } from "../invite-links/shared.ts";
import type { AppSettings } from "../settings.ts";

/** A sign-up link works for an hour, once (SECURITY 34; OWASP: short-lived, single use). */
export const SIGN_UP_LINK_TTL_MS = SIGN_UP_LINK_TTL_HOURS * 60 * 60 * 1000;

/** `${APP_URL}/sign-up/<token>`: built from the configured origin, never a Host header (SECURITY 9). */
export function signUpUrl(appUrl: string, token: string): string {
  return `${appUrl}/sign-up/${token}`;
}

/**
 * Whether `email` may sign up at all under these settings: only while registration is OPEN,
 * and only at a listed domain when there is a list. Neither depends on whether the email has
 * an account, so saying so out loud tells a stranger nothing about anyone.
 */
export function assertSignUpAllowed(settings: AppSettings, email: string): void {
  if (settings.registration !== "OPEN") throw new AppError("REGISTRATION_CLOSED");
  if (!isEmailDomainAllowed(email, settings.signUpDomains)) throw new AppError("EMAIL_DOMAIN_NOT_ALLOWED");
}

/** A raw token looked up by its hash; one not shaped like ours (32 base32 characters) is never found. */
export async function findProof(prisma: PrismaClient | Tx, token: string): Promise<EmailProof | null> {
  if (!/^[a-z2-7]{32}$/.test(token)) return null;
  return prisma.emailProof.findUnique({ where: { tokenHash: hashToken(token) } });
}

/** A pending invitation to this email, as accepting would see it (unexpired, its inviter still entitled). */
export async function findPendingInvitation(prisma: PrismaClient | Tx, email: string, now: Date) {
  const invitation = await prisma.invitation.findFirst({
    where: { email, status: "PENDING", expiresAt: { gt: now }, tokenHash: { not: null } },
    orderBy: { createdAt: "desc" },
    include: { invitedBy: { select: { id: true, name: true, email: true, role: true, suspendedAt: true } } },
  });
  // An admin invitation whose sender is no longer an active admin is revoked in all but name.
  if (invitation?.role === "ADMIN" && (invitation.invitedBy?.role !== "ADMIN" || invitation.invitedBy.suspendedAt)) return null;
  return invitation;
}

/**
 * What a proof link is now, in the order that helps its holder most: used, then the email has
 * an account by another way, then too old, then an invitation is waiting for it.
 */
export async function proofStatus(prisma: PrismaClient | Tx, proof: EmailProof, now: Date): Promise<SignUpLinkStatus> {
  if (proof.usedAt) return "USED";
  if (await prisma.user.findUnique({ where: { email: proof.email }, select: { id: true } })) return "ACCOUNT_EXISTS";
  if (proof.expiresAt <= now) return "EXPIRED";
  if (await findPendingInvitation(prisma, proof.email, now)) return "INVITED";
  return "PENDING";
}

/** Why a link that is not PENDING cannot make an account. */
export function refusalFor(status: Exclude<SignUpLinkStatus, "PENDING">): AppError {
  switch (status) {
    case "USED":
      return new AppError("SIGN_UP_LINK_USED");
    case "ACCOUNT_EXISTS":
      return new AppError("ALREADY_MEMBER", "An account with this email already exists. Sign in instead.");
    case "EXPIRED":
      return new AppError("SIGN_UP_LINK_EXPIRED");
    case "INVITED":
      return new AppError("INVITATION_PENDING");
  }
}

/**
 * What the `/sign-up/<token>` page shows at once. Consumes nothing (SECURITY 7): a mail
 * scanner that opens the link breaks nothing. An unknown link is SIGN_UP_LINK_NOT_FOUND.
 * A proof sent by a shareable invitation link says so in `inviteLink` ("Join Acme as Member"),
 * with that link's own status: the account can be made while `status` is PENDING and the
 * link's is ACTIVE.
 */
export async function previewSignUp(services: Services, token: string) {
  const { prisma } = services.db;
  const proof = await findProof(prisma, token);
  if (!proof) throw new AppError("SIGN_UP_LINK_NOT_FOUND");
  const now = services.clock.now();
  return {
    email: proof.email,
    status: await proofStatus(prisma, proof, now),
    expiresAt: proof.expiresAt,
    methods: ["password", ...services.config.providers.map((provider) => provider.id)],
    inviteLink: proof.inviteLinkId ? await joiningThrough(services, proof.inviteLinkId, now) : null,
  };
}

/** The shareable link a proof joins through, as its page names it; never its token. */
async function joiningThrough(services: Services, linkId: string, now: Date) {
  const { prisma } = services.db;
  const [link, branding] = await Promise.all([findLinkById(prisma, linkId), getBranding(prisma)]);
  if (!link) return null; // links are never deleted; a proof outliving one reads as plain sign-up
  return {
    id: link.id,
    role: link.role,
    inviterName: link.createdBy?.name ?? "An administrator",
    status: linkStatus(link, now),
    expiresAt: link.expiresAt,
    workspaceName: branding.workspaceName,
  };
}
