import type { Invitation, PrismaClient } from "@invite/db";
import type { InvitationStatus, Role } from "@invite/schemas";
import { recordAudit } from "../audit.ts";
import { assertStrongPassword, hashPassword } from "../auth/password.ts";
import { rotateSession, type SignInMeta } from "../auth/sign-in-session.ts";
import { hashToken } from "../auth/tokens.ts";
import type { Services } from "../context.ts";
import { AppError, isUniqueViolation, orAlreadyMember } from "../errors.ts";
import type { NewPasskey } from "../passkeys/relying-party.ts";
import { landingAfterJoin } from "../redirects.ts";
import { defaultName } from "../users.ts";
import { limitAcceptAttempt, limitAcceptFromAddress } from "./limits.ts";
import { cancelQueuedReminder, REMINDER_CANCELLED } from "./reminders.ts";
import type { Tx } from "./shared.ts";
import { effectiveStatus } from "./view.ts";

/** Whether a raw token has the shape ours have (32 base32 characters); others are never found. */
function isTokenShaped(token: string): boolean {
  return /^[a-z2-7]{32}$/.test(token);
}

/** An invitation found by its link, with its inviter; role and status typed from @invite/schemas (answers built from it name no Prisma type). */
export type TokenInvitation = Omit<Invitation, "role" | "status"> & {
  role: Role;
  status: InvitationStatus;
  invitedBy: { name: string; email: string; role: Role; suspendedAt: Date | null } | null;
};

/** Looks a raw token up by its hash; a malformed one is simply not found. */
export async function findByToken(tx: Tx | PrismaClient, token: string): Promise<TokenInvitation | null> {
  if (!isTokenShaped(token)) return null;
  return tx.invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { invitedBy: { select: { name: true, email: true, role: true, suspendedAt: true } } },
  });
}

function reasonFor(invitation: Pick<Invitation, "status" | "expiresAt"> | null, now: Date): AppError {
  if (!invitation) return new AppError("INVITATION_NOT_FOUND");
  const status = effectiveStatus(invitation, now);
  if (status === "ACCEPTED") return new AppError("INVITATION_USED");
  if (status === "REVOKED") return new AppError("INVITATION_REVOKED");
  return new AppError("INVITATION_EXPIRED");
}

/** Why this invitation cannot be accepted now, or null when it can. */
export function refusal(invitation: Awaited<ReturnType<typeof findByToken>>, now: Date): AppError | null {
  if (!invitation || effectiveStatus(invitation, now) !== "PENDING") return reasonFor(invitation, now);
  // Never more than the inviter has now (SECURITY 12): demoting, removing or suspending an admin
  // revokes their admin invitations, and this catches one created while that happened.
  const inviterIsAdmin = invitation.invitedBy?.role === "ADMIN" && !invitation.invitedBy.suspendedAt;
  if (invitation.role === "ADMIN" && !inviterIsAdmin) return new AppError("INVITATION_REVOKED");
  return null;
}

/** Fails early with the right reason before any password is hashed. */
export async function assertAcceptable(services: Services, token: string) {
  const invitation = await findByToken(services.db.prisma, token);
  const refused = refusal(invitation, services.clock.now());
  if (refused) throw refused;
  return invitation!;
}

export interface NewMember {
  /** How the account signs in: a password hash, a provider account to link, or a passkey. */
  passwordHash?: string;
  oauth?: { provider: string; providerUserId: string; email: string };
  passkey?: NewPasskey;
  /** The account's id when it was chosen beforehand (a passkey's user handle names it). */
  id?: string;
  name?: string | undefined;
}

/**
 * Accepting is one transaction: the pending-to-accepted claim, the user, the credential and
 * the session. Two concurrent accepts of one token give exactly one user: the claim is a
 * conditional update, and only one transaction can move the row out of PENDING. `redirectTo` is
 * where the new member goes next: the invitation's own, the settings' default, or home (redirects.ts).
 */
export async function claimInvitation(
  services: Services,
  token: string,
  member: NewMember,
  meta: SignInMeta,
) {
  const { prisma } = services.db;
  const now = services.clock.now();
  return prisma.$transaction(async (tx) => {
    const invitation = await findByToken(tx, token);
    if (!invitation) throw new AppError("INVITATION_NOT_FOUND");
    if (member.oauth && member.oauth.email !== invitation.email) {
      throw new AppError("EMAIL_MISMATCH", undefined, { invitedEmail: invitation.email, providerEmail: member.oauth.email });
    }
    const refused = refusal(invitation, now);
    if (refused) throw refused;
    // The token is part of the claim: a resend that committed meanwhile has retired it.
    const claimed = await tx.invitation.updateMany({
      where: { id: invitation.id, tokenHash: invitation.tokenHash, status: "PENDING", expiresAt: { gt: now } },
      data: { status: "ACCEPTED", acceptedAt: now },
    });
    if (claimed.count !== 1) throw reasonFor(await findByToken(tx, token), now);
    const taken = "An account with this email already exists. Sign in instead.";
    if (await tx.user.findUnique({ where: { email: invitation.email }, select: { id: true } })) {
      throw new AppError("ALREADY_MEMBER", taken);
    }
    const create = tx.user.create({
      data: {
        ...(member.id && { id: member.id }),
        email: invitation.email,
        // The invitee's own name first, then the one the inviter gave (a bulk list's).
        name: member.name?.trim() || invitation.name || defaultName(invitation.email),
        role: invitation.role,
        passwordHash: member.passwordHash ?? null,
        createdAt: now,
        ...(member.oauth
          ? { accounts: { create: { provider: member.oauth.provider, providerUserId: member.oauth.providerUserId, email: member.oauth.email } } }
          : {}),
      },
    });
    // A provider's unique conflicts are the OAuth flow's to name (oauth/accept.ts).
    const user = member.oauth ? await create : await orAlreadyMember(create, taken);
    if (member.passkey) await addFirstPasskey(tx, user.id, member.passkey, now);
    await tx.invitation.update({ where: { id: invitation.id }, data: { acceptedById: user.id } });
    await cancelQueuedReminder(tx, invitation.id, REMINDER_CANCELLED.accepted);
    const session = await rotateSession(tx, user.id, now, meta);
    await recordAudit(
      tx,
      {
        actorId: user.id,
        action: "invitation.accept",
        targetType: "invitation",
        targetId: invitation.id,
        ip: meta.ip,
        data: { method: member.oauth?.provider ?? (member.passkey ? "passkey" : "password") },
      },
      now,
    );
    return { user, session, redirectTo: await landingAfterJoin(services, invitation.redirectUrl, tx) };
  });
}

/** The new account's passkey; one already registered (to anyone) is refused, and the claim rolls back. */
async function addFirstPasskey(tx: Tx, userId: string, passkey: NewPasskey, now: Date) {
  try {
    await tx.passkey.create({ data: { ...passkey, userId, name: "Passkey", createdAt: now } });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("PASSKEY_VERIFICATION_FAILED", "That passkey is already registered. Create a new one.");
    throw error;
  }
}

/** Accept with a password: judged and hashed before the transaction, so no lock waits on Argon2. */
export async function acceptWithPassword(
  services: Services,
  input: { token: string; password: string; name?: string | undefined },
  meta: SignInMeta,
) {
  await limitAcceptFromAddress(services, meta.ip);
  const invitation = await assertAcceptable(services, input.token);
  // Judged before anything is counted: a password refused as too weak costs no hashing, and
  // must not use up the invitee's tries, or they could lock themselves out of their invitation.
  await assertStrongPassword(input.password, [invitation.email, input.name ?? ""]);
  await limitAcceptAttempt(services, invitation);
  const passwordHash = await hashPassword(input.password);
  return claimInvitation(services, input.token, { passwordHash, name: input.name }, meta);
}
