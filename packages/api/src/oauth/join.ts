import type { User } from "@invite/db";
import { isEmailDomainAllowed } from "@invite/schemas";
import { rotateSession } from "../auth/sign-in-session.ts";
import type { Services } from "../context.ts";
import { AppError, isUniqueViolation } from "../errors.ts";
import { lockEmail } from "../invitations/shared.ts";
import { joinThroughLink } from "../invite-links/claim.ts";
import { assertLinkActive, findLinkByToken } from "../invite-links/shared.ts";
import { landingAfterJoin } from "../redirects.ts";
import { remindOfInvitation } from "../sign-up/invitation-reminder.ts";
import { findPendingInvitation } from "../sign-up/proof.ts";
import { defaultName } from "../users.ts";
import {
  displayNameOf,
  recordRefusal,
  refusal,
  refusalFromError,
  type OAuthRefusal,
  type OAuthRequestMeta,
  type ProviderIdentity,
} from "./identity.ts";
import { signInWithProvider, type NewSession } from "./sign-in.ts";

export type InviteLinkCheck = { ok: true } | OAuthRefusal;

/** Before sending anyone to a provider from `/join/<token>`: does the link admit people now? */
export async function checkInviteLink(services: Services, token: string): Promise<InviteLinkCheck> {
  try {
    assertLinkActive(await findLinkByToken(services.db.prisma, token), services.clock.now());
    return { ok: true };
  } catch (error) {
    if (error instanceof AppError) return refusalFromError(error);
    throw error;
  }
}

export type ProviderJoin = { ok: true; user: User; session: NewSession; redirectTo?: string } | OAuthRefusal;

/**
 * Joins through a shareable link with a provider account (`/auth/:provider/start?join=<token>`):
 * the provider's verified email is the proof (SECURITY 34), the first one at an allowed domain
 * (SECURITY 36). Then, as the emailed proof would: an email with an account is ACCOUNT_EXISTS
 * (no implicit linking, SECURITY 28), one with a pending invitation gets that invitation again
 * and INVITATION_PENDING (SECURITY 35); anyone else becomes a member of the link's role, with one
 * use claimed atomically in the transaction that makes them (a refused claim creates nothing).
 * A provider account already linked to a member just signs that member in, spending nothing.
 */
export async function joinWithProvider(
  services: Services,
  token: string,
  identity: ProviderIdentity,
  meta: OAuthRequestMeta,
): Promise<ProviderJoin> {
  const { prisma } = services.db;
  const link = await findLinkByToken(prisma, token);
  try {
    assertLinkActive(link, services.clock.now());
  } catch (error) {
    if (error instanceof AppError) return recordRefusal(services, identity, meta, refusalFromError(error));
    throw error;
  }

  const linked = await prisma.oAuthAccount.findUnique({
    where: { provider_providerUserId: { provider: identity.provider, providerUserId: identity.providerUserId } },
    select: { userId: true },
  });
  if (linked) return signInWithProvider(services, identity, meta);

  if (identity.verifiedEmails.length === 0) return recordRefusal(services, identity, meta, refusal("EMAIL_NOT_VERIFIED"));
  const email = identity.verifiedEmails.find((candidate) => isEmailDomainAllowed(candidate, link.allowedDomains));
  if (!email) return recordRefusal(services, identity, meta, refusal("EMAIL_DOMAIN_NOT_ALLOWED"));
  if (await prisma.user.findUnique({ where: { email }, select: { id: true } })) {
    return recordRefusal(services, identity, meta, refusal("ACCOUNT_EXISTS"));
  }
  if (await remindOfInvitation(services, email, meta.ip)) return recordRefusal(services, identity, meta, refusal("INVITATION_PENDING"));

  try {
    const now = services.clock.now();
    const { user, session, redirectTo } = await prisma.$transaction(async (tx) => {
      // Inviting takes this lock too: an invitation or account made meanwhile is seen (or waits for us).
      await lockEmail(tx, email);
      if (await tx.user.findUnique({ where: { email }, select: { id: true } })) throw new AppError("ACCOUNT_EXISTS");
      if (await findPendingInvitation(tx, email, now)) throw new AppError("INVITATION_PENDING");
      const account = {
        name: displayNameOf(identity) ?? defaultName(email),
        credential: { oauth: { provider: identity.provider, providerUserId: identity.providerUserId } },
        method: identity.provider,
      };
      const { user, redirectUrl } = await joinThroughLink(tx, link.id, email, account, meta.ip, now);
      const redirectTo = await landingAfterJoin(services, redirectUrl, tx);
      return { user, session: await rotateSession(tx, user.id, now, meta), redirectTo };
    });
    return { ok: true, user, session, redirectTo };
  } catch (error) {
    // Lost a race: the link filled or was revoked, or the email or provider account registered, in the same instant.
    if (error instanceof AppError) {
      const reason = error.reason === "ALREADY_MEMBER" ? refusal("ACCOUNT_EXISTS") : refusalFromError(error);
      return recordRefusal(services, identity, meta, reason);
    }
    if (isUniqueViolation(error)) return recordRefusal(services, identity, meta, refusal("ACCOUNT_LINKED_ELSEWHERE"));
    throw error;
  }
}
