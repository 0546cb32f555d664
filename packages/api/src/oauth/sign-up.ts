import type { User } from "@invite/db";
import type { Services } from "../context.ts";
import { AppError, isUniqueViolation } from "../errors.ts";
import { defaultName } from "../users.ts";
import { assertProofUsable, claimProof } from "../sign-up/complete.ts";
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

export type SignUpLinkCheck = { ok: true; email: string } | OAuthRefusal;

/** Before sending anyone to a provider from a sign-up link: can this link still make an account? */
export async function checkSignUpLink(services: Services, token: string): Promise<SignUpLinkCheck> {
  try {
    return { ok: true, email: (await assertProofUsable(services, token)).email };
  } catch (error) {
    if (error instanceof AppError) return refusalFromError(error);
    throw error;
  }
}

export type ProviderSignUp = { ok: true; user: User; session: NewSession; redirectTo: string } | OAuthRefusal;

/**
 * Completes a sign-up link with a provider account instead of a password. The provider must
 * have verified the link's email (any of the account's verified emails may be it), as for an
 * invitation (SECURITY 29); otherwise nothing is created and the link stays usable.
 */
export async function completeSignUpWithProvider(
  services: Services,
  token: string,
  identity: ProviderIdentity,
  meta: OAuthRequestMeta,
): Promise<ProviderSignUp> {
  const check = await checkSignUpLink(services, token);
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
    const oauth = { provider: identity.provider, providerUserId: identity.providerUserId };
    const name = displayNameOf(identity) ?? defaultName(email);
    const { user, session, redirectTo } = await claimProof(services, token, { name, credential: { oauth }, method: identity.provider }, meta);
    return { ok: true, user, session, redirectTo };
  } catch (error) {
    // Lost a race: the link was used, or the provider account linked, in the same instant.
    if (error instanceof AppError) return recordRefusal(services, identity, meta, refusalFromError(error));
    if (isUniqueViolation(error)) return recordRefusal(services, identity, meta, refusal("ACCOUNT_LINKED_ELSEWHERE"));
    throw error;
  }
}
