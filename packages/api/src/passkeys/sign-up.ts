import type { RegistrationResponseJSON } from "@simplewebauthn/server";
import type { SignInMeta } from "../auth/sign-in-session.ts";
import type { Services } from "../context.ts";
import { AppError } from "../errors.ts";
import { uuid7s } from "../invitations/uuid7.ts";
import { consume } from "../rate-limits.ts";
import { assertProofUsable, claimProof, remindingOfInvitation } from "../sign-up/complete.ts";
import { consumeChallenge } from "./challenges.ts";
import { creationOptions, limitChallenges } from "./options.ts";
import { verifyNewPasskey } from "./relying-party.ts";

/**
 * `passkey.signUpOptions`: a passkey for a proven email (an open sign-up's link, or the proof a
 * shareable invitation link emailed), bound to that link and to the id the account will get.
 */
export async function passkeySignUpOptions(services: Services, token: string, ip: string | null) {
  await limitChallenges(services, ip);
  const proof = await assertProofUsable(services, token);
  const [userId] = uuid7s(1) as [string];
  const account = { userId, email: proof.email, name: proof.email, subjectId: proof.id };
  return creationOptions(services, "signUp", account, [], services.clock.now());
}

/**
 * `passkey.completeSignUp`: as `auth.completeSignUp` with a password (the same limit, checks and
 * one-transaction claim, a shareable link's use included), the passkey in its place.
 */
export async function completeSignUpWithPasskey(
  services: Services,
  input: { token: string; attemptId: string; response: RegistrationResponseJSON; name: string },
  meta: SignInMeta,
) {
  await consume(services.limits.signInPerIp, meta.ip ?? "unknown");
  return remindingOfInvitation(services, input.token, meta, async () => {
    const proof = await assertProofUsable(services, input.token);
    const challenge = await consumeChallenge(services.db.prisma, input.attemptId, "signUp", services.clock.now());
    if (challenge.subjectId !== proof.id || !challenge.userId) throw new AppError("CHALLENGE_EXPIRED");
    const passkey = await verifyNewPasskey(services, input.response, challenge.challenge);
    const account = { name: input.name, credential: { passkey: { ...passkey, userId: challenge.userId } }, method: "passkey" };
    return claimProof(services, input.token, account, meta);
  });
}
