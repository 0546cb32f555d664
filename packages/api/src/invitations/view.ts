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
  /** The latest invitation email (at most one), with the reminder of its link if one was scheduled. */
  emails: (EmailMessage & { reminder: EmailMessage | null })[];
};

/** What includes an invitation needs for its view: the inviter, its latest email and that link's reminder. */
export const invitationInclude = {
  invitedBy: { select: { id: true, email: true, name: true } },
  emails: { where: { template: "invitation" }, orderBy: { createdAt: "desc" }, take: 1, include: { reminder: true } },
} as const;

/**
 * The current link's reminder email, as the invitation's history shows it: `scheduledFor` when
 * it is (or was) due, `sentAt` once sent, `cancelled` with the reason when it never will be.
 */
export interface ReminderView {
  status: DeliveryStatus;
  scheduledFor: Date;
  sentAt: Date | null;
  /** Why it was cancelled (or, while queued, the last transient failure). */
  lastError: string | null;
}

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
  /** Where the invitee goes after accepting; null: the settings' default, else home. */
  redirectUrl: string | null;
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
  /** False when an admin turned this invitation's reminder email off (`invitation.setReminder`). */
  sendReminder: boolean;
  /** The current link's reminder; null until its invitation email is sent, or when it gets none. */
  reminder: ReminderView | null;
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
    redirectUrl: row.redirectUrl,
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
    sendReminder: row.sendReminder,
    reminder: email?.reminder ? reminderView(email.reminder) : null,
  };
}

function reminderView(reminder: EmailMessage): ReminderView {
  // While claimed, nextAttemptAt is the claim's lease: the time it was due is not kept, so a
  // reminder being sent reads as due now. Once sent, it was due when it went out at the latest.
  return {
    status: reminder.status,
    scheduledFor: reminder.sentAt && reminder.sentAt < reminder.nextAttemptAt ? reminder.sentAt : reminder.nextAttemptAt,
    sentAt: reminder.sentAt,
    lastError: reminder.lastError,
  };
}
