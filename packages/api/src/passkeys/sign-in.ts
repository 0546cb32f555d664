import { encodeBase64urlNoPadding } from "@oslojs/encoding";
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { recordAudit } from "../audit.ts";
import { trustThisDevice } from "../auth/sign-in-attempts.ts";
import { rotateSession, setSessionCookie, signInMeta, type NewSession } from "../auth/sign-in-session.ts";
import type { Context } from "../context.ts";
import { AppError } from "../errors.ts";
import { consume } from "../rate-limits.ts";
import { withProviders, type UserWithProviders } from "../users.ts";
import { consumeChallenge } from "./challenges.ts";
import { userHandle, verifyPasskeyUse } from "./relying-party.ts";

const failed = () => new AppError("PASSKEY_VERIFICATION_FAILED");

/**
 * `passkey.signIn`: a discoverable passkey's answer to our challenge. Tries are spent per
 * address as password tries are; a wrong or unknown passkey has no email to lock out. The
 * counter is written only if it is still what was checked, so two uses of one non-synced
 * passkey in the same instant cannot both pass.
 */
export async function signInWithPasskey(
  ctx: Context,
  input: { attemptId: string; response: AuthenticationResponseJSON },
): Promise<{ user: UserWithProviders; session: NewSession }> {
  const { prisma } = ctx.db;
  await consume(ctx.limits.signInPerIp, ctx.request.ip ?? "unknown");
  const now = ctx.clock.now();
  const { challenge } = await consumeChallenge(prisma, input.attemptId, "signIn", now);

  const passkey = await prisma.passkey.findUnique({
    where: { credentialId: input.response.id },
    include: { user: { include: withProviders } },
  });
  if (!passkey) throw failed();
  // A discoverable passkey names its account; it must be the one the passkey belongs to.
  const handle = input.response.response.userHandle;
  if (handle && handle !== encodeBase64urlNoPadding(userHandle(passkey.userId))) throw failed();
  const used = await verifyPasskeyUse(ctx, input.response, challenge, {
    id: passkey.credentialId,
    publicKey: new Uint8Array(passkey.publicKey),
    counter: Number(passkey.counter),
    transports: passkey.transports,
  });
  const { user } = passkey;
  if (user.suspendedAt) throw new AppError("ACCOUNT_SUSPENDED");

  const session = await prisma.$transaction(async (tx) => {
    const { count } = await tx.passkey.updateMany({
      where: { id: passkey.id, counter: passkey.counter },
      data: { counter: BigInt(used.newCounter), backedUp: used.credentialBackedUp, deviceType: used.credentialDeviceType, lastUsedAt: now },
    });
    if (count !== 1) throw failed();
    const audit = { actorId: user.id, action: "auth.sign_in", targetType: "user", targetId: user.id, ip: ctx.request.ip };
    await recordAudit(tx, { ...audit, data: { method: "passkey" } }, now);
    return rotateSession(tx, user.id, now, signInMeta(ctx));
  });
  setSessionCookie(ctx.cookie, session);
  // The passkey proved this browser can get into the account, as a right password does.
  trustThisDevice(ctx, user.email);
  return { user, session };
}
