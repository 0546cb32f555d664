import type { PrismaClient } from "@invite/db";
import { generateSecureRandomString } from "../auth/tokens.ts";
import { AppError } from "../errors.ts";

/** A ceremony must finish within this; the authenticator's own timeout is the same. */
export const CHALLENGE_TTL_MS = 5 * 60 * 1000;

export type ChallengePurpose = "register" | "accept" | "signUp" | "signIn";

export interface ChallengeBinding {
  /** register: the account adding a passkey; accept, signUp: the id the new account will get. */
  userId?: string;
  /** accept: the invitation the passkey is made for; signUp: the sign-up link (EmailProof). */
  subjectId?: string;
}

/**
 * Keeps the challenge the library drew (32 random bytes) for one attempt, with what it is for.
 * The attempt id goes back to the client, which sends it with the authenticator's answer.
 */
export async function issueChallenge(
  prisma: Pick<PrismaClient, "passkeyChallenge">,
  challenge: string,
  purpose: ChallengePurpose,
  binding: ChallengeBinding,
  now: Date,
): Promise<string> {
  const attemptId = generateSecureRandomString(15);
  await prisma.passkeyChallenge.create({
    data: {
      id: attemptId,
      challenge,
      purpose,
      userId: binding.userId ?? null,
      subjectId: binding.subjectId ?? null,
      expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS),
    },
  });
  return attemptId;
}

interface ChallengeRow {
  challenge: string;
  userId: string | null;
  subjectId: string | null;
  expiresAtMs: number;
}

/**
 * Takes the attempt's challenge out, once: one DELETE … RETURNING, so of two requests with the
 * same attempt only one gets it, and a failed verification has spent it too (SECURITY 39).
 * Unknown, used, of another purpose or past its 5 minutes: CHALLENGE_EXPIRED. `expiresAt` is a
 * UTC `timestamp`, whose epoch PostgreSQL reads as UTC on both drivers.
 */
export async function consumeChallenge(
  prisma: Pick<PrismaClient, "$queryRaw">,
  attemptId: string,
  purpose: ChallengePurpose,
  now: Date,
): Promise<Omit<ChallengeRow, "expiresAtMs">> {
  const rows = await prisma.$queryRaw<ChallengeRow[]>`
    DELETE FROM "PasskeyChallenge" WHERE "id" = ${attemptId} AND "purpose" = ${purpose}
    RETURNING "challenge", "userId", "subjectId", (EXTRACT(EPOCH FROM "expiresAt") * 1000)::float8 AS "expiresAtMs"`;
  const row = rows[0];
  if (!row || Number(row.expiresAtMs) <= now.getTime()) throw new AppError("CHALLENGE_EXPIRED");
  return { challenge: row.challenge, userId: row.userId, subjectId: row.subjectId };
}
