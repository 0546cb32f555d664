import type { EmailMessage, Invitation, User } from "@invite/db";
import type { DeliveryStatus, InvitationStatus, Role } from "@invite/schemas";

/** A pending invitation is EXPIRED the moment its time passes, whatever the job has written. */
export function effectiveStatus(invitation: { status: InvitationStatus; expiresAt: Date }, now: Date): InvitationStatus {
  if (invitation.status === "PENDING" && invitation.expiresAt.getTime() <= now.getTime()) return "EXPIRED";
  return invitation.status;
}

export type InvitationRow = Invitation & {
  /** Null once the inviter's account has been removed. */
  invitedBy: Pick<User, "id" | "email" | "name"> | null;
  emails: EmailMessage[];
};

/** What includes an invitation needs for its view: the inviter and its latest email. */
export const invitationInclude = {
  invitedBy: { select: { id: true, email: true, name: true } },
  emails: { orderBy: { createdAt: "desc" }, take: 1 },
} as const;

/**
 * An invitation as admins see it (`invitation.get`, `.list`, `.create`…): never the token hash,
 * never the link. Written out, with the enums of @invite/schemas, so clients' types need no Prisma.
 */
export interface InvitationView {
  id: string;
  email: string;
  /** The name the inviter gave; null when none. */
  name: string | null;
  role: Role;
  message: string | null;
  status: InvitationStatus;
  expiresAt: Date;
  createdAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
  sendCount: number;
  /** Null once the inviter's account has been removed. */
  invitedBy: { id: string; email: string; name: string } | null;
  /** The latest email's delivery; null for an invitation that never had an email. */
  delivery: { status: DeliveryStatus; attempts: number; lastError: string | null; sentAt: Date | null } | null;
}

export function toInvitationView(row: InvitationRow, now: Date): InvitationView {
  const email = row.emails[0];
  return {
    id: row.id,
    email: row.email,
    /** The name the inviter gave; null when none. */
    name: row.name,
    role: row.role,
    message: row.message,
    status: effectiveStatus(row, now),
    expiresAt: row.expiresAt,
    createdAt: row.createdAt,
    acceptedAt: row.acceptedAt,
    revokedAt: row.revokedAt,
    sendCount: row.sendCount,
    invitedBy: row.invitedBy,
    delivery: email
      ? { status: email.status, attempts: email.attempts, lastError: email.lastError, sentAt: email.sentAt }
      : null,
  };
}
