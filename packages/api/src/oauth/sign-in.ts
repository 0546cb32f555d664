import type { User } from "@invite/db";
import { isEmailDomainAllowed } from "@invite/schemas";
import { recordAudit } from "../audit.ts";
import { rotateSession, type NewSession } from "../auth/sign-in-session.ts";
import type { Services } from "../context.ts";
import { isUniqueViolation } from "../errors.ts";
import { getSettings } from "../settings.ts";
import { remindOfInvitation } from "../sign-up/invitation-reminder.ts";
import { defaultName } from "../users.ts";
import {
  displayNameOf,
  recordRefusal,
  refusal,
  type OAuthRefusal,
  type OAuthRequestMeta,
  type ProviderIdentity,
} from "./identity.ts";

export type { NewSession };

export type ProviderSignIn =
  | { ok: true; outcome: "signed_in" | "registered"; user: User; session: NewSession }
  | OAuthRefusal;

/**
 * Sign-in without an invitation. A linked provider account signs its user in; an unknown one
 * may only register while registration is OPEN, with a verified email at an allowed domain that
 * has no pending invitation (that invitation is sent again instead), and never by attaching
 * itself to an existing account with the same email (no implicit linking: that is how
 * accounts get pre-hijacked).
 */
export async function signInWithProvider(
  services: Services,
  identity: ProviderIdentity,
  meta: OAuthRequestMeta,
): Promise<ProviderSignIn> {
  const { prisma } = services.db;
  const now = services.clock.now();

  const account = await prisma.oAuthAccount.findUnique({
    where: { provider_providerUserId: { provider: identity.provider, providerUserId: identity.providerUserId } },
    include: { user: true },
  });
  if (account) {
    if (account.user.suspendedAt) {
      return recordRefusal(services, identity, meta, refusal("ACCOUNT_SUSPENDED"), account.userId);
    }
    const session = await prisma.$transaction(async (tx) => {
      const session = await rotateSession(tx, account.userId, now, meta);
      await recordAudit(
        tx,
        { actorId: account.userId, action: "auth.sign_in", targetType: "user", targetId: account.userId, ip: meta.ip, data: { method: identity.provider } },
        now,
      );
      return session;
    });
    return { ok: true, outcome: "signed_in", user: account.user, session };
  }

  const settings = await getSettings(prisma);
  if (settings.registration !== "OPEN") {
    return recordRefusal(services, identity, meta, refusal("REGISTRATION_CLOSED"));
  }
  if (identity.verifiedEmails.length === 0) return recordRefusal(services, identity, meta, refusal("EMAIL_NOT_VERIFIED"));
  // A provider's verified email is proof enough (SECURITY 34), but only at a listed domain:
  // the first verified email (primary first) that is.
  const email = identity.verifiedEmails.find((candidate) => isEmailDomainAllowed(candidate, settings.signUpDomains));
  if (!email) return recordRefusal(services, identity, meta, refusal("EMAIL_DOMAIN_NOT_ALLOWED"));
  // An invitation waits for this email: it is sent again, and only its link lets them in (SECURITY 35).
  if (!(await prisma.user.findUnique({ where: { email }, select: { id: true } })) && (await remindOfInvitation(services, email, meta.ip))) {
    return recordRefusal(services, identity, meta, refusal("INVITATION_PENDING"));
  }

  const result = await registerWithProvider(services, identity, email, meta).catch((error: unknown) => {
    // The same email or provider account registered in the same instant.
    if (isUniqueViolation(error)) return refusal("ACCOUNT_EXISTS");
    throw error;
  });
  return result.ok ? result : recordRefusal(services, identity, meta, result);
}

/** A new MEMBER with the provider's verified email, its provider link and a session: one transaction. */
async function registerWithProvider(
  services: Services,
  identity: ProviderIdentity,
  email: string,
  meta: OAuthRequestMeta,
): Promise<ProviderSignIn> {
  const now = services.clock.now();
  return services.db.prisma.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email }, select: { id: true } })) return refusal("ACCOUNT_EXISTS");
    const user = await tx.user.create({
      data: {
        email,
        name: displayNameOf(identity) ?? defaultName(email),
        role: "MEMBER",
        createdAt: now,
        accounts: { create: { provider: identity.provider, providerUserId: identity.providerUserId, email, createdAt: now } },
      },
    });
    const session = await rotateSession(tx, user.id, now, meta);
    await recordAudit(
      tx,
      { actorId: user.id, action: "auth.sign_up", targetType: "user", targetId: user.id, ip: meta.ip, data: { method: identity.provider } },
      now,
    );
    return { ok: true, outcome: "registered", user, session };
  });
}
