import type { PrismaClient } from "@invite/db";
import { recordAudit } from "../audit.ts";
import { invalidateUserSessions } from "../auth/session.ts";
import type { Services } from "../context.ts";
import { AppError, isUniqueViolation } from "../errors.ts";
import {
  recordRefusal,
  refusal,
  type OAuthRefusal,
  type OAuthRequestMeta,
  type ProviderIdentity,
} from "./identity.ts";

export type ProviderLink = { ok: true } | OAuthRefusal;

type LinkConflict = "LINKED_HERE" | "ACCOUNT_LINKED_ELSEWHERE" | "PROVIDER_ALREADY_LINKED";

/** Why this provider account cannot be linked to this user, if it cannot. */
async function findLinkConflict(
  prisma: Pick<PrismaClient, "oAuthAccount">,
  userId: string,
  identity: ProviderIdentity,
): Promise<LinkConflict | null> {
  const owner = await prisma.oAuthAccount.findUnique({
    where: { provider_providerUserId: { provider: identity.provider, providerUserId: identity.providerUserId } },
    select: { userId: true },
  });
  if (owner) return owner.userId === userId ? "LINKED_HERE" : "ACCOUNT_LINKED_ELSEWHERE";
  const sameProvider = await prisma.oAuthAccount.findUnique({
    where: { userId_provider: { userId, provider: identity.provider } },
    select: { userId: true },
  });
  return sameProvider ? "PROVIDER_ALREADY_LINKED" : null;
}

/**
 * Links a provider account to the signed-in user: the only way a provider account ever joins
 * an existing user. Linking again what is already linked here is a no-op.
 */
export async function linkProvider(
  services: Services,
  userId: string,
  identity: ProviderIdentity,
  meta: OAuthRequestMeta,
): Promise<ProviderLink> {
  const { prisma } = services.db;
  const conflict = await findLinkConflict(prisma, userId, identity);
  if (conflict === "LINKED_HERE") return { ok: true };
  if (conflict) return recordRefusal(services, identity, meta, refusal(conflict), userId);

  const now = services.clock.now();
  try {
    await prisma.$transaction(async (tx) => {
      await tx.oAuthAccount.create({
        data: {
          provider: identity.provider,
          providerUserId: identity.providerUserId,
          userId,
          email: identity.verifiedEmails[0] ?? null,
          createdAt: now,
        },
      });
      // A new way in is a new credential: the account's other sessions end (SECURITY 17).
      if (meta.sessionId) await invalidateUserSessions(tx, userId, meta.sessionId);
      await recordAudit(
        tx,
        { actorId: userId, action: "account.link_provider", targetType: "user", targetId: userId, ip: meta.ip, data: { provider: identity.provider } },
        now,
      );
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Someone linked this provider account, or this user another one, in the same instant.
    const raced = await findLinkConflict(prisma, userId, identity);
    if (raced === "LINKED_HERE") return { ok: true };
    return recordRefusal(services, identity, meta, refusal(raced ?? "ACCOUNT_LINKED_ELSEWHERE"), userId);
  }
  return { ok: true };
}

/**
 * Removes a provider from the user's sign-in methods, unless nothing usable would remain:
 * a password, a passkey, or another linked provider that is still configured on this server.
 */
export async function unlinkProvider(
  services: Services,
  userId: string,
  provider: string,
  meta: Pick<OAuthRequestMeta, "ip">,
): Promise<void> {
  const now = services.clock.now();
  const configured = new Set(services.config.providers.map((p) => p.id));
  await services.db.prisma.$transaction(async (tx) => {
    // Two concurrent unlinks must not each count the other's provider as the one that remains.
    await tx.$executeRaw`SELECT 1 FROM "User" WHERE "id" = ${userId} FOR UPDATE`;
    const user = await tx.user.findUniqueOrThrow({
      where: { id: userId },
      select: { passwordHash: true, accounts: { select: { provider: true } }, _count: { select: { passkeys: true } } },
    });
    if (!user.accounts.some((account) => account.provider === provider)) {
      throw new AppError("NOT_FOUND", "That provider is not linked to your account.");
    }
    const remaining = user.accounts.filter((account) => account.provider !== provider && configured.has(account.provider));
    if (!user.passwordHash && remaining.length === 0 && user._count.passkeys === 0) throw new AppError("LAST_SIGN_IN_METHOD");

    await tx.oAuthAccount.delete({ where: { userId_provider: { userId, provider } } });
    await recordAudit(
      tx,
      { actorId: userId, action: "account.unlink_provider", targetType: "user", targetId: userId, ip: meta.ip, data: { provider } },
      now,
    );
  });
}

/** What the account page shows: how this user can sign in, and what else could be linked. */
export async function listSignInMethods(services: Services, userId: string) {
  const user = await services.db.prisma.user.findUniqueOrThrow({
    where: { id: userId },
    select: { passwordHash: true, accounts: { select: { provider: true, email: true, createdAt: true }, orderBy: { createdAt: "asc" } } },
  });
  const nameOf = (id: string) => services.config.providers.find((p) => p.id === id)?.name ?? id;
  const linked = new Set(user.accounts.map((account) => account.provider));
  return {
    password: Boolean(user.passwordHash),
    linked: user.accounts.map((account) => ({
      provider: account.provider,
      name: nameOf(account.provider),
      email: account.email,
      linkedAt: account.createdAt,
    })),
    available: services.config.providers.filter((p) => !linked.has(p.id)),
  };
}
