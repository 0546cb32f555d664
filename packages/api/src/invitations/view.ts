import type { EmailMessage, Invitation, InvitationStatus, User } from "@invite/db";

/** A pending invitation is EXPIRED the moment its time passes, whatever the job has written. */
export function effectiveStatus(invitation: Pick<Invitation, "status" | "expiresAt">, now: Date): InvitationStatus {
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

/** The public shape; never the token hash, never the link. */
export function toInvitationView(row: InvitationRow, now: Date) {
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

export type InvitationView = ReturnType<typeof toInvitationView>;
