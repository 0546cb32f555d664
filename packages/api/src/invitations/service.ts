import type { Invitation, Prisma, PrismaClient, Role, User } from "@invite/db";
import { recordAudit } from "../audit.ts";
import { assertStrongPassword, hashPassword } from "../auth/password.ts";
import { createSession } from "../auth/session.ts";
import { generateSecureRandomString, hashToken } from "../auth/tokens.ts";
import type { Services } from "../context.ts";
import { AppError, orAlreadyMember } from "../errors.ts";
import { enqueueEmail } from "../mail/outbox.ts";
import { consume } from "../rate-limits.ts";
import { getSettings } from "../settings.ts";
import { defaultName } from "../users.ts";
import { effectiveStatus, invitationInclude, type InvitationRow } from "./view.ts";

type Tx = Prisma.TransactionClient;

/** 160 bits from the CSPRNG, base32: 32 URL-safe characters. */
export function generateInvitationToken(): string {
  return generateSecureRandomString(20);
}

export function inviteUrl(appUrl: string, token: string): string {
  return `${appUrl}/invite/${token}`;
}

const ROLE_RANK: Record<Role, number> = { MEMBER: 0, ADMIN: 1 };

export interface Actor {
  user: Pick<User, "id" | "role" | "name" | "email">;
  ip: string | null;
}

/** One transaction at a time per email, on both databases, so one email never gets two invitations. */
async function lockEmail(tx: Tx, email: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`invitation:${email}`}))`;
}

/**
 * Holds the invitation's row until the transaction ends, so a resend or revoke and an accept
 * of the same invitation happen one after the other, each seeing what the other did.
 */
async function lockInvitation(tx: Tx, id: string) {
  await tx.$executeRaw`SELECT 1 FROM "Invitation" WHERE "id" = ${id} FOR UPDATE`;
}

/** A new link: the token for the email, and the hash that is all the database keeps. */
function newLink(): { token: string; tokenHash: Uint8Array<ArrayBuffer> } {
  const token = generateInvitationToken();
  return { token, tokenHash: hashToken(token) };
}

/** Queues the email carrying `token`; an earlier email still waiting would deliver a dead link. */
async function queueInvitationEmail(
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
      data: { status: "FAILED", lastError: "Superseded by a newer link.", sealedSecret: null },
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
      payload: {
        inviterName: inviter.name,
        inviterEmail: inviter.email,
        role: invitation.role,
        message: invitation.message,
        expiresAt: invitation.expiresAt.toISOString(),
        appUrl: services.config.appUrl,
      },
    },
    now,
  );
}

export interface CreateInvitation {
  email: string;
  role: Role;
  expiresInHours?: number | undefined;
  message?: string | undefined;
}

/**
 * Invites an email, or refreshes its pending invitation (new link, new expiry) rather than
 * making a second one. The invitation, its token hash and its email are one transaction.
 */
export async function createInvitation(services: Services, actor: Actor, input: CreateInvitation) {
  const { prisma } = services.db;
  if (ROLE_RANK[input.role] > ROLE_RANK[actor.user.role]) throw new AppError("ROLE_NOT_ALLOWED");
  const now = services.clock.now();
  const hours = input.expiresInHours ?? (await getSettings(prisma)).defaultInviteHours;
  const expiresAt = new Date(now.getTime() + hours * 3_600_000);
  const message = input.message?.trim() || null;

  return prisma.$transaction(async (tx) => {
    await lockEmail(tx, input.email);
    if (await tx.user.findUnique({ where: { email: input.email }, select: { id: true } })) {
      throw new AppError("ALREADY_MEMBER", `${input.email} already has an account.`);
    }
    const pending = await tx.invitation.findFirst({
      where: { email: input.email, status: "PENDING", expiresAt: { gt: now } },
      orderBy: { createdAt: "desc" },
    });
    const { token, tokenHash } = newLink();
    const invitation = pending
      ? await tx.invitation.update({
          where: { id: pending.id },
          data: {
            role: input.role,
            message,
            expiresAt,
            lifetimeHours: hours,
            tokenHash,
            sendCount: { increment: 1 },
            invitedById: actor.user.id,
          },
        })
      : await tx.invitation.create({
          data: {
            email: input.email,
            role: input.role,
            message,
            expiresAt,
            lifetimeHours: hours,
            tokenHash,
            invitedById: actor.user.id,
            createdAt: now,
          },
        });
    const email = await queueInvitationEmail(services, tx, invitation, actor.user, token, now, Boolean(pending));
    await recordAudit(
      tx,
      {
        actorId: actor.user.id,
        action: pending ? "invitation.refresh" : "invitation.create",
        targetType: "invitation",
        targetId: invitation.id,
        ip: actor.ip,
        data: { email: invitation.email, role: invitation.role },
      },
      now,
    );
    // Everything the view needs was just written or is the caller: no read-back.
    const { id, email: inviterEmail, name } = actor.user;
    const row: InvitationRow = { ...invitation, invitedBy: { id, email: inviterEmail, name }, emails: [email] };
    return { row, token, refreshed: Boolean(pending) };
  });
}

async function findForAdmin(tx: Tx | PrismaClient, id: string): Promise<InvitationRow> {
  const row = await tx.invitation.findUnique({ where: { id }, include: invitationInclude });
  if (!row) throw new AppError("NOT_FOUND", "That invitation does not exist.");
  return row;
}

export function getInvitation(services: Services, id: string) {
  return findForAdmin(services.db.prisma, id);
}

/** A new link and a new email; the earlier link stops working at once. Expired ones revive. */
export async function resendInvitation(services: Services, actor: Actor, id: string) {
  const now = services.clock.now();
  return services.db.prisma.$transaction(async (tx) => {
    // The email's lock first, then the row's, in the order create takes them (no deadlock).
    await lockEmail(tx, (await findForAdmin(tx, id)).email);
    await lockInvitation(tx, id);
    const current = await findForAdmin(tx, id);
    const status = effectiveStatus(current, now);
    if (status === "ACCEPTED") throw new AppError("INVITATION_USED", "This invitation was already accepted.");
    if (status === "REVOKED") throw new AppError("INVITATION_REVOKED", "This invitation was revoked; invite the person again.");
    // A fresh link lasts as long as the inviter chose, from now.
    const { token, tokenHash } = newLink();
    const expiresAt = new Date(now.getTime() + current.lifetimeHours * 3_600_000);
    const invitation = await tx.invitation.update({
      where: { id },
      data: { status: "PENDING", expiresAt, tokenHash, sendCount: { increment: 1 } },
    });
    await queueInvitationEmail(services, tx, invitation, actor.user, token, now, true);
    await recordAudit(
      tx,
      { actorId: actor.user.id, action: "invitation.resend", targetType: "invitation", targetId: id, ip: actor.ip },
      now,
    );
    return { row: await findForAdmin(tx, id), token };
  });
}

/** Stops the link at once. Accepted invitations cannot be revoked. */
export async function revokeInvitation(services: Services, actor: Actor, id: string) {
  const now = services.clock.now();
  return services.db.prisma.$transaction(async (tx) => {
    await lockInvitation(tx, id);
    const current = await findForAdmin(tx, id);
    if (current.status === "ACCEPTED") throw new AppError("INVITATION_USED", "This invitation was already accepted.");
    if (current.status !== "REVOKED") {
      await tx.invitation.update({ where: { id }, data: { status: "REVOKED", revokedAt: now } });
      // A queued email for a revoked invitation must not go out.
      await tx.emailMessage.updateMany({
        where: { invitationId: id, status: "QUEUED" },
        data: { status: "FAILED", lastError: "Invitation revoked before delivery.", sealedSecret: null },
      });
      await recordAudit(
        tx,
        { actorId: actor.user.id, action: "invitation.revoke", targetType: "invitation", targetId: id, ip: actor.ip },
        now,
      );
    }
    return findForAdmin(tx, id);
  });
}

/**
 * Revokes the admin invitations not yet accepted that `sentBy` selects, because whoever sent
 * them is no longer an active admin: an invitation never grants more than its inviter has
 * (SECURITY 12). Their waiting emails stay unsent. In the caller's transaction: changes to
 * members and the periodic job use it. Returns how many.
 */
export async function revokeAdminInvitations(tx: Tx, sentBy: Prisma.InvitationWhereInput, now: Date): Promise<number> {
  const open = { ...sentBy, role: "ADMIN", status: { in: ["PENDING", "EXPIRED"] } } satisfies Prisma.InvitationWhereInput;
  await tx.emailMessage.updateMany({
    where: { status: "QUEUED", invitation: open },
    data: { status: "FAILED", lastError: "Revoked: whoever sent it is no longer an admin.", sealedSecret: null },
  });
  // The status is part of the update: one accepted meanwhile stays accepted.
  const { count } = await tx.invitation.updateMany({ where: open, data: { status: "REVOKED", revokedAt: now } });
  return count;
}

/** Whether a raw token has the shape ours have (32 base32 characters); others are never found. */
function isTokenShaped(token: string): boolean {
  return /^[a-z2-7]{32}$/.test(token);
}

/** Looks a raw token up by its hash; a malformed one is simply not found. */
async function findByToken(tx: Tx | PrismaClient, token: string) {
  if (!isTokenShaped(token)) return null;
  return tx.invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { invitedBy: { select: { name: true, email: true, role: true, suspendedAt: true } } },
  });
}

/** What the invite page shows. Consumes nothing, so mail scanners that open links break nothing. */
export async function previewInvitation(services: Services, token: string) {
  const invitation = await findByToken(services.db.prisma, token);
  if (!invitation) throw new AppError("INVITATION_NOT_FOUND");
  const now = services.clock.now();
  // An admin invitation whose sender is no longer an admin reads as what it is (see refusal).
  const status = refusal(invitation, now)?.reason === "INVITATION_REVOKED" ? "REVOKED" : effectiveStatus(invitation, now);
  return {
    email: invitation.email,
    role: invitation.role,
    // Only admins invite; one since removed is still who the invitation came from.
    inviterName: invitation.invitedBy?.name ?? "An administrator",
    message: status === "PENDING" ? invitation.message : null,
    expiresAt: invitation.expiresAt,
    status,
    methods: ["password", ...services.config.providers.map((p) => p.id)],
  };
}

function reasonFor(invitation: Pick<Invitation, "status" | "expiresAt"> | null, now: Date): AppError {
  if (!invitation) return new AppError("INVITATION_NOT_FOUND");
  const status = effectiveStatus(invitation, now);
  if (status === "ACCEPTED") return new AppError("INVITATION_USED");
  if (status === "REVOKED") return new AppError("INVITATION_REVOKED");
  return new AppError("INVITATION_EXPIRED");
}

/** Why this invitation cannot be accepted now, or null when it can. */
function refusal(invitation: Awaited<ReturnType<typeof findByToken>>, now: Date): AppError | null {
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
  /** How the account signs in: a password hash, or a provider account to link. */
  passwordHash?: string;
  oauth?: { provider: string; providerUserId: string; email: string };
  name?: string | undefined;
}

/**
 * Accepting is one transaction: the pending-to-accepted claim, the user, the credential and
 * the session. Two concurrent accepts of one token give exactly one user: the claim is a
 * conditional update, and only one transaction can move the row out of PENDING.
 */
export async function claimInvitation(
  services: Services,
  token: string,
  member: NewMember,
  meta: { ip: string | null; userAgent: string | null },
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
        email: invitation.email,
        name: member.name?.trim() || defaultName(invitation.email),
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
    await tx.invitation.update({ where: { id: invitation.id }, data: { acceptedById: user.id } });
    const session = await createSession(tx, user.id, now, meta);
    await recordAudit(
      tx,
      {
        actorId: user.id,
        action: "invitation.accept",
        targetType: "invitation",
        targetId: invitation.id,
        ip: meta.ip,
        data: { method: member.oauth?.provider ?? "password" },
      },
      now,
    );
    return { user, session };
  });
}

/** Accept with a password: judged and hashed before the transaction, so no lock waits on Argon2. */
export async function acceptWithPassword(
  services: Services,
  input: { token: string; password: string; name?: string | undefined },
  meta: { ip: string | null; userAgent: string | null },
) {
  const invitation = await assertAcceptable(services, input.token);
  // Judged before anything is counted: a password refused as too weak costs no hashing, and
  // must not use up the invitee's tries, or they could lock themselves out of their invitation.
  await assertStrongPassword(input.password, [invitation.email, input.name ?? ""]);
  // Per link, and per invited email (SECURITY 21), so a resend's new link starts no new count.
  await consume(services.limits.acceptPerToken, Buffer.from(invitation.tokenHash!).toString("hex"));
  await consume(services.limits.acceptPerEmail, invitation.email);
  const passwordHash = await hashPassword(input.password);
  return claimInvitation(services, input.token, { passwordHash, name: input.name }, meta);
}
