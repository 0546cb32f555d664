import type { User } from "@invite/db";
import type { Services } from "../context.ts";
import { AppError, isUniqueViolation } from "../errors.ts";
import { assertAcceptable, claimInvitation } from "../invitations/service.ts";
import {
  displayNameOf,
  recordRefusal,
  refusal,
  refusalFromError,
  type OAuthRefusal,
  type OAuthRequestMeta,
  type ProviderIdentity,
} from "./identity.ts";
import type { NewSession } from "./sign-in.ts";

export type InvitationCheck = { ok: true; email: string } | OAuthRefusal;

/** Before sending anyone to a provider: is this token a pending, unexpired invitation? */
export async function checkInvitation(services: Services, token: string): Promise<InvitationCheck> {
  try {
    const invitation = await assertAcceptable(services, token);
    return { ok: true, email: invitation.email };
  } catch (error) {
    if (error instanceof AppError) return refusalFromError(error);
    throw error;
  }
}

export type ProviderAcceptance = { ok: true; user: User; session: NewSession; redirectTo: string } | OAuthRefusal;

/**
 * Accepts an invitation with a provider account. The provider must have verified the invited
 * email (any of the account's verified emails may be it); otherwise nothing is created and the
 * invitation stays pending, still usable with a password or another account.
 */
export async function acceptInvitationWithProvider(
  services: Services,
  token: string,
  identity: ProviderIdentity,
  meta: OAuthRequestMeta,
): Promise<ProviderAcceptance> {
  const check = await checkInvitation(services, token);
  if (!check.ok) return recordRefusal(services, identity, meta, check);

  const email = identity.verifiedEmails.find((candidate) => candidate === check.email);
  if (!email) {
    const providerEmail = identity.verifiedEmails[0];
    return recordRefusal(
      services,
      identity,
      meta,
      providerEmail
        ? { ok: false, reason: "EMAIL_MISMATCH", invitedEmail: check.email, providerEmail }
        : refusal("EMAIL_NOT_VERIFIED"),
    );
  }

  const linked = await services.db.prisma.oAuthAccount.findUnique({
    where: { provider_providerUserId: { provider: identity.provider, providerUserId: identity.providerUserId } },
    select: { userId: true },
  });
  if (linked) return recordRefusal(services, identity, meta, refusal("ACCOUNT_LINKED_ELSEWHERE"));

  try {
    const oauth = { provider: identity.provider, providerUserId: identity.providerUserId, email };
    const { user, session, redirectTo } = await claimInvitation(services, token, { oauth, name: displayNameOf(identity) }, meta);
    return { ok: true, user, session, redirectTo };
  } catch (error) {
    // Lost a race: the invitation was claimed, or the provider account linked, in the same instant.
    if (error instanceof AppError) return recordRefusal(services, identity, meta, refusalFromError(error));
    if (isUniqueViolation(error)) return recordRefusal(services, identity, meta, refusal("ACCOUNT_LINKED_ELSEWHERE"));
    throw error;
  }
}
