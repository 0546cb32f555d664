import type { Prisma, PrismaClient } from "@invite/db";
import type { Sealer } from "./sealer.ts";

export interface InvitationEmailPayload {
  inviterName: string;
  inviterEmail: string;
  role: "ADMIN" | "MEMBER";
  message: string | null;
  expiresAt: string;
  appUrl: string;
  /** The name the inviter gave ("Hi Ada,"); absent when none. */
  inviteeName?: string;
}

export interface PasswordResetEmailPayload {
  expiresAt: string;
  appUrl: string;
}

/** The link that proves an email before sign-up (its token is the sealed secret). */
export interface SignUpEmailPayload {
  expiresAt: string;
  appUrl: string;
  /** Set when the email is joining through a shareable invitation link: what it joins as, and who shared it. */
  join?: { role: "ADMIN" | "MEMBER"; inviterName: string | null };
}

/** Sent instead of a sign-up link to an email that has an account: no link, no secret. */
export interface AccountExistsEmailPayload {
  appUrl: string;
}

export interface EmailTemplates {
  invitation: InvitationEmailPayload;
  passwordReset: PasswordResetEmailPayload;
  signUp: SignUpEmailPayload;
  accountExists: AccountExistsEmailPayload;
}

/**
 * Queues an email in the caller's transaction (the outbox): it is sent if and only if the
 * change it announces commits. A worker delivers it with retries.
 */
export async function enqueueEmail<T extends keyof EmailTemplates>(
  tx: Pick<PrismaClient, "emailMessage">,
  sealer: Sealer,
  email: { to: string; template: T; payload: EmailTemplates[T]; secret?: string; invitationId?: string },
  now: Date,
) {
  return tx.emailMessage.create({
    data: {
      to: email.to,
      template: email.template,
      payload: email.payload as unknown as Prisma.InputJsonValue,
      sealedSecret: email.secret ? sealer.seal(email.secret) : null,
      invitationId: email.invitationId ?? null,
      nextAttemptAt: now,
      createdAt: now,
    },
  });
}
