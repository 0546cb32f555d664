import type { Invitation, Prisma, PrismaClient, Role, User } from "@invite/db";
import { generateSecureRandomString, hashToken } from "../auth/tokens.ts";
import type { Services } from "../context.ts";
import { AppError } from "../errors.ts";
import { enqueueEmail, type InvitationEmailPayload } from "../mail/outbox.ts";
import { invitationInclude, type InvitationRow } from "./view.ts";

// What every invitation operation shares: who acts, links, locks, the invitation email.

export type Tx = Prisma.TransactionClient;

export interface Actor {
  user: Pick<User, "id" | "role" | "name" | "email">;
  ip: string | null;
}

/** 160 bits from the CSPRNG, base32: 32 URL-safe characters. */
export function generateInvitationToken(): string {
  return generateSecureRandomString(20);
}

export function inviteUrl(appUrl: string, token: string): string {
  return `${appUrl}/invite/${token}`;
}

/** A new link: the token for the email, and the hash that is all the database keeps. */
export function newLink(): { token: string; tokenHash: Uint8Array<ArrayBuffer> } {
  const token = generateInvitationToken();
  return { token, tokenHash: hashToken(token) };
}

const ROLE_RANK: Record<Role, number> = { MEMBER: 0, ADMIN: 1 };

/** An invitation never grants more than its inviter has (SECURITY 12). */
export function assertRoleAllowed(actor: Actor, role: Role): void {
  if (ROLE_RANK[role] > ROLE_RANK[actor.user.role]) throw new AppError("ROLE_NOT_ALLOWED");
}

/** The advisory lock's key for one email: create, resend and createMany all take it. */
export function emailLockKey(email: string): string {
  return `invitation:${email}`;
}

/** One transaction at a time per email, on both databases, so one email never gets two invitations. */
export async function lockEmail(tx: Tx, email: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${emailLockKey(email)}))`;
}

/**
 * Holds the invitation's row until the transaction ends, so a resend or revoke and an accept
 * of the same invitation happen one after the other, each seeing what the other did.
 */
export async function lockInvitation(tx: Tx, id: string) {
  await tx.$executeRaw`SELECT 1 FROM "Invitation" WHERE "id" = ${id} FOR UPDATE`;
}

/**
 * What the invitation email says besides its link. The invitee's name only when the invitation
 * has one: without it the payload, and so the email, is what it was before names existed.
 */
export function invitationEmailPayload(
  services: Services,
  inviter: Actor["user"],
  invitation: Pick<Invitation, "role" | "message" | "expiresAt"> & { name?: string | null },
): InvitationEmailPayload {
  return {
    inviterName: inviter.name,
    inviterEmail: inviter.email,
    role: invitation.role,
    message: invitation.message,
    expiresAt: invitation.expiresAt.toISOString(),
    appUrl: services.config.appUrl,
    ...(invitation.name ? { inviteeName: invitation.name } : {}),
  };
}

/** Queues the email carrying `token`; an earlier email still waiting would deliver a dead link. */
export async function queueInvitationEmail(
  services: Services,
  tx: Tx,
  invitation: Invitation,
  inviter: Actor["user"],
  token: string,
  now: Date,
  supersede: boolean,
) {
  if (supersede) {
    await tx.emailMessage.updateMany({
      where: { invitationId: invitation.id, status: "QUEUED" },
      data: { status: "FAILED", lastError: SUPERSEDED, sealedSecret: null },
    });
  }
  return enqueueEmail(
    tx,
    services.sealer,
    {
      to: invitation.email,
      template: "invitation",
      invitationId: invitation.id,
      secret: token,
      payload: invitationEmailPayload(services, inviter, invitation),
    },
    now,
  );
}

/** Why a queued email was not sent: a newer link replaced the one it carries. */
export const SUPERSEDED = "Superseded by a newer link.";

export async function findForAdmin(tx: Tx | PrismaClient, id: string): Promise<InvitationRow> {
  const row = await tx.invitation.findUnique({ where: { id }, include: invitationInclude });
  if (!row) throw new AppError("NOT_FOUND", "That invitation does not exist.");
  return row;
}

export function getInvitation(services: Services, id: string) {
  return findForAdmin(services.db.prisma, id);
}
