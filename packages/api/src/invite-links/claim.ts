import type { Role } from "@invite/db";
import { recordAudit } from "../audit.ts";
import { AppError } from "../errors.ts";
import type { Tx } from "../invitations/shared.ts";
import { createMember, type NewAccount } from "../sign-up/member.ts";
import { assertLinkActive, assertLinkAdmitsEmail, findLinkById } from "./shared.ts";

/**
 * Spends one use of a link for `email`, in the caller's transaction, the one that makes the
 * account (SECURITY 36). One conditional UPDATE decides: it adds the use only while the link is
 * not revoked, not expired, under its cap, and (for an ADMIN link) its creator is still an active
 * admin. Concurrent claims on PostgreSQL queue on the row's lock and each re-checks the condition
 * against the row the one before it committed, so at one use left exactly one wins; the rest get
 * the link's reason and their transaction, account and all, rolls back: a refused claim creates
 * nothing. Returns the role the account gets, and where the link sends people next.
 */
export async function claimLinkUse(tx: Tx, linkId: string, email: string, now: Date): Promise<{ role: Role; redirectUrl: string | null }> {
  const at = now.toISOString();
  const [claimed] = await tx.$queryRaw<Array<{ role: Role; redirectUrl: string | null }>>`
    UPDATE "InviteLink" AS link SET "uses" = link."uses" + 1
    WHERE link."id" = ${linkId}
      AND link."revokedAt" IS NULL
      AND (link."expiresAt" IS NULL OR link."expiresAt" > ${at}::timestamp(3))
      AND (link."maxUses" IS NULL OR link."uses" < link."maxUses")
      AND (link."role" = 'MEMBER' OR EXISTS (
        SELECT 1 FROM "User" AS creator
        WHERE creator."id" = link."createdById" AND creator."role" = 'ADMIN' AND creator."suspendedAt" IS NULL))
    RETURNING link."role"::text AS "role", link."redirectUrl"`;
  if (!claimed) {
    // Say why: the link as it is now (revoked, expired, full, or gone).
    assertLinkActive(await findLinkById(tx, linkId), now);
    throw new AppError("INVITE_LINK_FULL"); // changed back between the two reads: as full, it admitted no one
  }
  // Callers checked the domain before; a link's domains never change, but the claim does not rest on that.
  assertLinkAdmitsEmail(await tx.inviteLink.findUniqueOrThrow({ where: { id: linkId }, select: { allowedDomains: true } }), email);
  return claimed;
}

/**
 * The account of an email proven through a shareable link (an emailed proof, or a provider's
 * verified email), in the caller's transaction: one use claimed, the member with the link's role,
 * the record of which link they came through, and the activity page's `inviteLink.join`. Also
 * answers the link's `redirectUrl` (unchecked: landingAfterJoin checks it).
 */
export async function joinThroughLink(tx: Tx, linkId: string, email: string, account: NewAccount, ip: string | null, now: Date) {
  const { role, redirectUrl } = await claimLinkUse(tx, linkId, email, now);
  const user = await createMember(tx, email, account, role, now);
  await tx.inviteLinkJoin.create({ data: { userId: user.id, linkId, createdAt: now } });
  await recordAudit(
    tx,
    {
      actorId: user.id,
      action: "inviteLink.join",
      targetType: "invite_link",
      targetId: linkId,
      ip,
      data: { method: account.method ?? "password", role, email },
    },
    now,
  );
  return { user, redirectUrl };
}
