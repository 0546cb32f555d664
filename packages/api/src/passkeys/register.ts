import type { RegistrationResponseJSON } from "@simplewebauthn/server";
import { recordAudit } from "../audit.ts";
import { invalidateUserSessions } from "../auth/session.ts";
import type { Context } from "../context.ts";
import { AppError, isUniqueViolation } from "../errors.ts";
import { consumeChallenge } from "./challenges.ts";
import { listPasskeys } from "./manage.ts";
import { creationOptions, limitChallenges } from "./options.ts";
import { verifyNewPasskey } from "./relying-party.ts";

/** Enough for every device and password manager a person has; bounds what one account can store. */
export const PASSKEYS_PER_USER_MAX = 20;

type SignedIn = Context & { user: NonNullable<Context["user"]>; sessionId: string };

function tooMany() {
  return new AppError("FORBIDDEN", `You have ${PASSKEYS_PER_USER_MAX} passkeys, the most an account may have. Remove one first.`);
}

/** `passkey.registrationOptions`: the account's own passkeys are excluded, so one authenticator is not added twice. */
export async function registrationOptions(ctx: SignedIn) {
  await limitChallenges(ctx, ctx.request.ip);
  const existing = await ctx.db.prisma.passkey.findMany({ where: { userId: ctx.user.id }, select: { credentialId: true, transports: true } });
  if (existing.length >= PASSKEYS_PER_USER_MAX) throw tooMany();
  const account = { userId: ctx.user.id, email: ctx.user.email, name: ctx.user.name };
  return creationOptions(ctx, "register", account, existing, ctx.clock.now());
}

/**
 * `passkey.register`: the challenge must be this account's; a new passkey is a new way in, so
 * the account's other sessions end, as when a password is set or a provider linked (SECURITY 17).
 */
export async function registerPasskey(ctx: SignedIn, input: { attemptId: string; response: RegistrationResponseJSON; name?: string | undefined }) {
  const { prisma } = ctx.db;
  const now = ctx.clock.now();
  const challenge = await consumeChallenge(prisma, input.attemptId, "register", now);
  if (challenge.userId !== ctx.user.id) throw new AppError("CHALLENGE_EXPIRED");
  const passkey = await verifyNewPasskey(ctx, input.response, challenge.challenge);
  const userId = ctx.user.id;
  try {
    await prisma.$transaction(async (tx) => {
      // Two adds at once must not both fit under the cap.
      await tx.$executeRaw`SELECT 1 FROM "User" WHERE "id" = ${userId} FOR UPDATE`;
      const count = await tx.passkey.count({ where: { userId } });
      if (count >= PASSKEYS_PER_USER_MAX) throw tooMany();
      const name = input.name ?? (count === 0 ? "Passkey" : `Passkey ${count + 1}`);
      const created = await tx.passkey.create({ data: { ...passkey, userId, name, createdAt: now } });
      await invalidateUserSessions(tx, userId, ctx.sessionId);
      const audit = { actorId: userId, action: "account.add_passkey", targetType: "user", targetId: userId, ip: ctx.request.ip };
      await recordAudit(tx, { ...audit, data: { passkey: created.id, name } }, now);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("PASSKEY_VERIFICATION_FAILED", "That passkey is already registered.");
    throw error;
  }
  return listPasskeys(ctx, userId);
}
