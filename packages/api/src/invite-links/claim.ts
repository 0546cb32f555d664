import type { Role } from "@invite/db";
import { AppError } from "../errors.ts";
import type { Tx } from "../invitations/shared.ts";
import { assertLinkActive, assertLinkAdmitsEmail, findLinkById } from "./shared.ts";

/**
 * Spends one use of a link for `email`, in the caller's transaction, the one that makes the
 * account (SECURITY 36). One conditional UPDATE decides: it adds the use only while the link is
 * not revoked, not expired, under its cap, and (for an ADMIN link) its creator is still an active
 * admin. Concurrent claims on PostgreSQL queue on the row's lock and each re-checks the condition
 * against the row the one before it committed, so at one use left exactly one wins; the rest get
 * the link's reason and their transaction, account and all, rolls back: a refused claim creates
 * nothing. Returns the role the account gets.
 */
export async function claimLinkUse(tx: Tx, linkId: string, email: string, now: Date): Promise<Role> {
  const at = now.toISOString();
  const [claimed] = await tx.$queryRaw<Array<{ role: Role; allowedDomains: string[] }>>`
    UPDATE "InviteLink" AS link SET "uses" = link."uses" + 1
    WHERE link."id" = ${linkId}
      AND link."revokedAt" IS NULL
      AND (link."expiresAt" IS NULL OR link."expiresAt" > ${at}::timestamp(3))
      AND (link."maxUses" IS NULL OR link."uses" < link."maxUses")
      AND (link."role" = 'MEMBER' OR EXISTS (
        SELECT 1 FROM "User" AS creator
        WHERE creator."id" = link."createdById" AND creator."role" = 'ADMIN' AND creator."suspendedAt" IS NULL))
    RETURNING link."role"::text AS "role", link."allowedDomains"`;
  if (!claimed) {
    // Say why: the link as it is now (revoked, expired, full, or gone).
    assertLinkActive(await findLinkById(tx, linkId), now);
    throw new AppError("INVITE_LINK_FULL"); // changed back between the two reads: as full, it admitted no one
  }
  assertLinkAdmitsEmail(claimed, email);
  return claimed.role;
}
