import type { Prisma } from "@invite/db";
import type { Services } from "./context.ts";

/** How long a finished invitation's link still says "already used / expired / revoked". */
export const DEAD_TOKEN_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

/** How long the audit trail (the activity page) keeps an event: a year, then it is deleted. */
export const AUDIT_RETENTION_MS = 365 * 24 * 60 * 60 * 1000;

/**
 * The periodic job: revokes admin invitations whose sender is no longer an admin, writes
 * EXPIRED on pending invitations whose time has passed (reads
 * already treat them as expired), forgets the token hashes of invitations finished more than
 * 30 days ago (their links then read as unknown), and deletes expired sessions, setup and password-reset
 * links, rate-limit buckets, and audit events older than a year. Safe to run in several processes at once.
 */
export async function runMaintenance(services: Services) {
  const { prisma } = services.db;
  const now = services.clock.now();
  const longAgo = new Date(now.getTime() - DEAD_TOKEN_RETENTION_MS);
  const auditHorizon = new Date(now.getTime() - AUDIT_RETENTION_MS);
  // Admin invitations whose sender is no longer an admin, or is suspended (SECURITY 12): demotion
  // and suspension revoke them, and this catches one sent while either ran.
  const orphaned = {
    role: "ADMIN",
    status: { in: ["PENDING", "EXPIRED"] },
    OR: [{ invitedById: null }, { invitedBy: { role: { not: "ADMIN" } } }, { invitedBy: { suspendedAt: { not: null } } }],
  } satisfies Prisma.InvitationWhereInput;
  const [, orphans, expired, forgotten, sessions, setupTokens, passwordResets, , auditEvents] = await prisma.$transaction([
    prisma.emailMessage.updateMany({
      where: { status: "QUEUED", invitation: orphaned },
      data: { status: "FAILED", lastError: "Revoked: whoever sent it is no longer an admin.", sealedSecret: null },
    }),
    prisma.invitation.updateMany({ where: orphaned, data: { status: "REVOKED", revokedAt: now } }),
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
    prisma.setupToken.deleteMany({ where: { OR: [{ expiresAt: { lte: now } }, { usedAt: { not: null } }] } }),
    prisma.passwordReset.deleteMany({ where: { OR: [{ expiresAt: { lte: now } }, { usedAt: { not: null } }] } }),
    prisma.rateLimit.deleteMany({ where: { expire: { lte: BigInt(now.getTime()) } } }),
    prisma.auditEvent.deleteMany({ where: { createdAt: { lte: auditHorizon } } }),
  ]);
  return {
    adminInvitationsRevoked: orphans.count,
    invitationsExpired: expired.count,
    tokensForgotten: forgotten.count,
    sessionsDeleted: sessions.count,
    setupTokensDeleted: setupTokens.count,
    passwordResetsDeleted: passwordResets.count,
    auditEventsDeleted: auditEvents.count,
  };
}
