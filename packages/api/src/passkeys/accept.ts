import type { RegistrationResponseJSON } from "@simplewebauthn/server";
import type { SignInMeta } from "../auth/sign-in-session.ts";
import type { Services } from "../context.ts";
import { AppError } from "../errors.ts";
import { assertAcceptable, claimInvitation } from "../invitations/accept.ts";
import { limitAcceptAttempt, limitAcceptFromAddress } from "../invitations/limits.ts";
import { uuid7s } from "../invitations/uuid7.ts";
import { consumeChallenge } from "./challenges.ts";
import { creationOptions, limitChallenges } from "./options.ts";
import { verifyNewPasskey } from "./relying-party.ts";

/**
 * `passkey.acceptOptions`: a passkey for the invited email, its challenge bound to this
 * invitation and to the id the account will get (the passkey's user handle).
 */
export async function passkeyAcceptOptions(services: Services, token: string, ip: string | null) {
  await limitChallenges(services, ip);
  const invitation = await assertAcceptable(services, token);
  const [userId] = uuid7s(1) as [string];
  const account = { userId, email: invitation.email, name: invitation.name ?? invitation.email, subjectId: invitation.id };
  return creationOptions(services, "accept", account, [], services.clock.now());
}

/**
 * `passkey.accept`: the same limits as a password accept, the challenge taken once and checked
 * to be this invitation's, the passkey verified, then the same atomic claim (claimInvitation):
 * one account however many tries race.
 */
export async function acceptWithPasskey(
  services: Services,
  input: { invitation: string; attemptId: string; response: RegistrationResponseJSON; name?: string | undefined },
  meta: SignInMeta,
) {
  await limitAcceptFromAddress(services, meta.ip);
  const invitation = await assertAcceptable(services, input.invitation);
  await limitAcceptAttempt(services, invitation);
  const challenge = await consumeChallenge(services.db.prisma, input.attemptId, "accept", services.clock.now());
  if (challenge.subjectId !== invitation.id || !challenge.userId) throw new AppError("CHALLENGE_EXPIRED");
  const passkey = await verifyNewPasskey(services, input.response, challenge.challenge);
  return claimInvitation(services, input.invitation, { id: challenge.userId, passkey, name: input.name }, meta);
}
