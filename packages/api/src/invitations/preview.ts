import type { Services } from "../context.ts";
import { AppError } from "../errors.ts";
import { findByToken, refusal } from "./accept.ts";
import { effectiveStatus } from "./view.ts";

/**
 * The analytics' "opened": the first preview's time, written once. A conditional UPDATE of that
 * column alone (no updatedAt, no status, no token), so it consumes nothing and fires no webhook;
 * later previews see it set and skip the write.
 */
async function markViewed(services: Services, invitation: { id: string; firstViewedAt: Date | null }, now: Date) {
  if (invitation.firstViewedAt) return;
  await services.db.prisma.$executeRaw`
    UPDATE "Invitation" SET "firstViewedAt" = ${now.toISOString()}::timestamp(3)
    WHERE "id" = ${invitation.id} AND "firstViewedAt" IS NULL`;
}

/** What the invite page shows. Consumes nothing, so mail scanners that open links break nothing. */
export async function previewInvitation(services: Services, token: string) {
  const invitation = await findByToken(services.db.prisma, token);
  if (!invitation) throw new AppError("INVITATION_NOT_FOUND");
  const now = services.clock.now();
  await markViewed(services, invitation, now);
  // An admin invitation whose sender is no longer an admin reads as what it is (see refusal).
  const status = refusal(invitation, now)?.reason === "INVITATION_REVOKED" ? "REVOKED" : effectiveStatus(invitation, now);
  return {
    email: invitation.email,
    role: invitation.role,
    // Only admins invite; one since removed is still who the invitation came from.
    inviterName: invitation.invitedBy?.name ?? "An administrator",
    message: status === "PENDING" ? invitation.message : null,
    // The name the inviter gave, to fill in the form; like the message, only while it can be used.
    name: status === "PENDING" ? invitation.name : null,
    expiresAt: invitation.expiresAt,
    status,
    methods: ["password", ...services.config.providers.map((p) => p.id)],
  };
}
