import type { Prisma } from "@invite/db";
import { compactInvitationStats } from "./analytics/compact.ts";
import type { Services } from "./context.ts";
import { revokeAdminInvitations } from "./invitations/service.ts";

/** How long a finished invitation's link still says "already used / expired / revoked". */
export const DEAD_TOKEN_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * How long a used or expired setup, reset or sign-up link is kept (only its hash), so that
 * opening it says "already used" or "expired" rather than "unknown".
 */
export const SPENT_LINK_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/** How long the audit trail (the activity page) keeps an event: a year, then it is deleted. */
export const AUDIT_RETENTION_MS = 365 * 24 * 60 * 60 * 1000;

/**
 * The periodic job: revokes admin invitations whose sender is no longer an admin, writes
 * EXPIRED on pending invitations whose time has passed (reads
 * already treat them as expired), forgets the token hashes of invitations finished more than
 * 30 days ago (their links then read as unknown), and deletes expired sessions, setup, password-reset
 * and sign-up links a week past their expiry, rate-limit buckets, and audit events older than a year; then compacts the analytics rollup. Safe to run in several processes at once.
 */
export async function runMaintenance(services: Services) {
  const { prisma } = services.db;
  const now = services.clock.now();
  const longAgo = new Date(now.getTime() - DEAD_TOKEN_RETENTION_MS);
  const auditHorizon = new Date(now.getTime() - AUDIT_RETENTION_MS);
  // Every link expires within a day of being made, so one past this is used or expired, and old.
  const spentLinks = { expiresAt: { lte: new Date(now.getTime() - SPENT_LINK_RETENTION_MS) } };
  // Demotion, removal and suspension revoke the sender's admin invitations; this catches one
  // sent while either ran.
  const notAnActiveAdmin = {
    OR: [{ invitedById: null }, { invitedBy: { role: { not: "ADMIN" } } }, { invitedBy: { suspendedAt: { not: null } } }],
  } satisfies Prisma.InvitationWhereInput;
  const adminInvitationsRevoked = await prisma.$transaction((tx) => revokeAdminInvitations(tx, notAnActiveAdmin, now));
  const [expired, forgotten, sessions, , setupTokens, passwordResets, emailProofs, , auditEvents] = await prisma.$transaction([
    prisma.invitation.updateMany({ where: { status: "PENDING", expiresAt: { lte: now } }, data: { status: "EXPIRED" } }),
    prisma.invitation.updateMany({
      where: {
        tokenHash: { not: null },
        OR: [
          { status: "ACCEPTED", acceptedAt: { lte: longAgo } },
          { status: "REVOKED", revokedAt: { lte: longAgo } },
          { status: { in: ["EXPIRED", "PENDING"] }, expiresAt: { lte: longAgo } },
        ],
      },
      data: { tokenHash: null },
    }),
    prisma.session.deleteMany({ where: { expiresAt: { lte: now } } }),
    prisma.passkeyChallenge.deleteMany({ where: { expiresAt: { lte: now } } }),
    prisma.setupToken.deleteMany({ where: spentLinks }),
    prisma.passwordReset.deleteMany({ where: spentLinks }),
    prisma.emailProof.deleteMany({ where: spentLinks }),
    prisma.rateLimit.deleteMany({ where: { expire: { lte: BigInt(now.getTime()) } } }),
    prisma.auditEvent.deleteMany({ where: { createdAt: { lte: auditHorizon } } }),
  ]);
  // After the expiries above, whose rollup rows it folds in.
  const analyticsRowsCompacted = await compactInvitationStats(prisma);
  return {
    adminInvitationsRevoked,
    invitationsExpired: expired.count,
    tokensForgotten: forgotten.count,
    sessionsDeleted: sessions.count,
    setupTokensDeleted: setupTokens.count,
    passwordResetsDeleted: passwordResets.count,
    signUpLinksDeleted: emailProofs.count,
    auditEventsDeleted: auditEvents.count,
    analyticsRowsCompacted,
  };
}
