import type { User } from "@invite/db";
import { recordAudit } from "../audit.ts";
import { assertStrongPassword, hashPassword } from "../auth/password.ts";
import { createSession, type SessionMeta } from "../auth/session.ts";
import type { Services } from "../context.ts";
import { AppError, orAlreadyMember } from "../errors.ts";
import { lockEmail, type Tx } from "../invitations/shared.ts";
import { getSettings } from "../settings.ts";
import { assertSignUpAllowed, findProof, proofStatus, refusalFor } from "./proof.ts";

/** How the new account signs in: a password hash, or the provider account that proved the email. */
export type SignUpCredential =
  | { passwordHash: string; oauth?: undefined }
  | { passwordHash?: undefined; oauth: { provider: string; providerUserId: string } };

/**
 * Checks a proof link before anything costly: unknown, used, expired, an account or a pending
 * invitation for its email, or sign-up since closed (or its domain since unlisted) each have
 * their reason. Guessing costs a lookup, never a hash.
 */
export async function assertProofUsable(services: Services, token: string) {
  const { prisma } = services.db;
  const proof = await findProof(prisma, token);
  if (!proof) throw new AppError("SIGN_UP_LINK_NOT_FOUND");
  const status = await proofStatus(prisma, proof, services.clock.now());
  if (status !== "PENDING") throw refusalFor(status);
  assertSignUpAllowed(await getSettings(prisma), proof.email);
  return proof;
}

/** `auth.completeSignUp`: a name and a password on a proven email make a member, signed in. */
export async function completeSignUpWithPassword(
  services: Services,
  input: { token: string; name: string; password: string },
  meta: SessionMeta,
) {
  const proof = await assertProofUsable(services, input.token);
  await assertStrongPassword(input.password, [proof.email, input.name]);
  const passwordHash = await hashPassword(input.password);
  return claimProof(services, input.token, { name: input.name, credential: { passwordHash } }, meta);
}

/**
 * Spends the link and makes the account, in one transaction: the claim (a conditional update
 * only one transaction can win), the user with its credential, and its first session. Two
 * completes of one link at once make one user; two links of one email race on its unique
 * index, and the loser hears ALREADY_MEMBER with nothing of its own left behind.
 */
export async function claimProof(
  services: Services,
  token: string,
  account: { name: string; credential: SignUpCredential; method?: string },
  meta: SessionMeta,
): Promise<{ user: User; session: Awaited<ReturnType<typeof createSession>> }> {
  const now = services.clock.now();
  return services.db.prisma.$transaction(async (tx) => {
    const found = await findProof(tx, token);
    if (!found) throw new AppError("SIGN_UP_LINK_NOT_FOUND");
    // Inviting takes this lock, and so does a second complete of this email: read again under
    // it, so an invitation or account made meanwhile is seen (or waits for us).
    await lockEmail(tx, found.email);
    const proof = (await findProof(tx, token))!;
    const status = await proofStatus(tx, proof, now);
    if (status !== "PENDING") throw refusalFor(status);
    const claimed = await tx.emailProof.updateMany({
      where: { id: proof.id, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (claimed.count !== 1) throw new AppError("SIGN_UP_LINK_USED");
    const user = await createMember(tx, proof.email, account, now);
    await tx.emailProof.update({ where: { id: proof.id }, data: { userId: user.id } });
    await recordAudit(
      tx,
      {
        actorId: user.id,
        action: "auth.sign_up",
        targetType: "user",
        targetId: user.id,
        ip: meta.ip,
        data: { method: account.method ?? "password", via: "email_link" },
      },
      now,
    );
    return { user, session: await createSession(tx, user.id, now, meta) };
  });
}

function createMember(tx: Tx, email: string, account: { name: string; credential: SignUpCredential }, now: Date) {
  const { passwordHash, oauth } = account.credential;
  return orAlreadyMember(
    tx.user.create({
      data: {
        email,
        name: account.name,
        role: "MEMBER",
        passwordHash: passwordHash ?? null,
        createdAt: now,
        ...(oauth && { accounts: { create: { ...oauth, email, createdAt: now } } }),
      },
    }),
    "An account with this email already exists. Sign in instead.",
  );
}
