import type { PasskeyCreationOptions, PasskeyRequestOptions } from "@invite/schemas";
import type { Services } from "../context.ts";
import { consume } from "../rate-limits.ts";
import { CHALLENGE_TTL_MS, issueChallenge, type ChallengeBinding, type ChallengePurpose } from "./challenges.ts";
import { relyingParty, userHandle, webAuthn } from "./relying-party.ts";

/** Each options call keeps a row for 5 minutes: bounded per address like sign-in tries. */
export async function limitChallenges(services: Pick<Services, "limits">, ip: string | null): Promise<void> {
  await consume(services.limits.passkeyChallengesPerIp, ip ?? "unknown");
}

/**
 * Options to create a passkey: discoverable (so sign-in needs no email), user verification
 * required, no attestation asked (we trust no vendor list, and keep no certificate).
 */
export async function creationOptions(
  services: Pick<Services, "config" | "db">,
  purpose: Extract<ChallengePurpose, "register" | "accept" | "signUp">,
  account: { userId: string; email: string; name: string; subjectId?: string },
  exclude: Array<{ credentialId: string; transports: string[] }>,
  now: Date,
): Promise<{ attemptId: string; options: PasskeyCreationOptions }> {
  const { rpID, rpName } = relyingParty(services.config.appUrl);
  const { generateRegistrationOptions } = await webAuthn();
  const options = await generateRegistrationOptions({
    rpName,
    rpID,
    userName: account.email,
    userDisplayName: account.name,
    userID: userHandle(account.userId),
    timeout: CHALLENGE_TTL_MS,
    attestationType: "none",
    excludeCredentials: exclude.map((passkey) => ({ id: passkey.credentialId, transports: passkey.transports })),
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
  });
  const binding: ChallengeBinding = { userId: account.userId, ...(account.subjectId && { subjectId: account.subjectId }) };
  const attemptId = await issueChallenge(services.db.prisma, options.challenge, purpose, binding, now);
  return { attemptId, options };
}

/** Options to sign in: any of this site's discoverable passkeys, user verification required. */
export async function requestOptions(
  services: Pick<Services, "config" | "db">,
  now: Date,
): Promise<{ attemptId: string; options: PasskeyRequestOptions }> {
  const { rpID } = relyingParty(services.config.appUrl);
  const { generateAuthenticationOptions } = await webAuthn();
  const options = await generateAuthenticationOptions({ rpID, userVerification: "required", timeout: CHALLENGE_TTL_MS });
  const attemptId = await issueChallenge(services.db.prisma, options.challenge, "signIn", {}, now);
  return { attemptId, options };
}
