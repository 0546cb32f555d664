import type { User } from "@invite/db";
import { recordAudit } from "../audit.ts";
import { assertStrongPassword, hashPassword } from "../auth/password.ts";
import { rotateSession, type NewSession, type SignInMeta } from "../auth/sign-in-session.ts";
import type { Services } from "../context.ts";
import { AppError } from "../errors.ts";
import { lockEmail, type Tx } from "../invitations/shared.ts";
import { joinThroughLink } from "../invite-links/claim.ts";
import { assertLinkActive, assertLinkAdmitsEmail, findLinkById } from "../invite-links/shared.ts";
import { consume } from "../rate-limits.ts";
import { landingAfterJoin } from "../redirects.ts";
import { getSettings } from "../settings.ts";
import { remindOfInvitation } from "./invitation-reminder.ts";
import { createMember, type NewAccount } from "./member.ts";
import { assertSignUpAllowed, findProof, previewSignUp, proofStatus, refusalFor } from "./proof.ts";

/**
 * Checks a proof link before anything costly: unknown, used, expired, an account or a pending
 * invitation for its email each have their reason; then what admits the email: open sign-up
 * (since closed, or its domain since unlisted), or the shareable link it joins through (since
 * revoked, expired or filled, SECURITY 36; the registration mode does not matter then).
 * Guessing costs a lookup, never a hash.
 */
export async function assertProofUsable(services: Services, token: string) {
  const { prisma } = services.db;
  const proof = await findProof(prisma, token);
  if (!proof) throw new AppError("SIGN_UP_LINK_NOT_FOUND");
  const now = services.clock.now();
  const status = await proofStatus(prisma, proof, now);
  if (status !== "PENDING") throw refusalFor(status);
  if (proof.inviteLinkId) {
    const link = await findLinkById(prisma, proof.inviteLinkId);
    assertLinkActive(link, now);
    assertLinkAdmitsEmail(link, proof.email);
  } else {
    assertSignUpAllowed(await getSettings(prisma), proof.email);
  }
  return proof;
}

/** `auth.completeSignUp`: a name and a password on a proven email make a member, signed in. */
export async function completeSignUpWithPassword(
  services: Services,
  input: { token: string; name: string; password: string },
  meta: SignInMeta,
) {
  await consume(services.limits.signInPerIp, meta.ip ?? "unknown");
  return remindingOfInvitation(services, input.token, meta, async () => {
    const proof = await assertProofUsable(services, input.token);
    await assertStrongPassword(input.password, [proof.email, input.name]);
    const passwordHash = await hashPassword(input.password);
    return claimProof(services, input.token, { name: input.name, credential: { passwordHash } }, meta);
  });
}

/** Completes a sign-up; an invitation made for this email after the link was sent is emailed again: it, not sign-up, lets them in. */
export async function remindingOfInvitation<T>(services: Services, token: string, meta: SignInMeta, complete: () => Promise<T>): Promise<T> {
  try {
    return await complete();
  } catch (error) {
    if (error instanceof AppError && error.reason === "INVITATION_PENDING") {
      const preview = await previewSignUp(services, token);
      services.background.run("invitation reminder", () => remindOfInvitation(services, preview.email, meta.ip));
    }
    throw error;
  }
}

/**
 * Spends the link and makes the account, in one transaction: the claim (a conditional update
 * only one transaction can win), the user with its credential, and its first session. Two
 * completes of one link at once make one user; two links of one email race on its unique
 * index, and the loser hears ALREADY_MEMBER with nothing of its own left behind. A proof sent
 * through a shareable link also claims one of that link's uses here (SECURITY 36), and the
 * account gets the link's role; a refused claim rolls everything back.
 */
export async function claimProof(
  services: Services,
  token: string,
  account: NewAccount,
  meta: SignInMeta,
): Promise<{ user: User; session: NewSession; redirectTo: string }> {
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
    const { user, redirectUrl } = proof.inviteLinkId
      ? await joinThroughLink(tx, proof.inviteLinkId, proof.email, account, meta.ip, now)
      : { user: await signUpMember(tx, proof.email, account, meta.ip, now), redirectUrl: null };
    await tx.emailProof.update({ where: { id: proof.id }, data: { userId: user.id } });
    // The link's own next page, else the settings' default, else home.
    const redirectTo = await landingAfterJoin(services, redirectUrl, tx);
    return { user, session: await rotateSession(tx, user.id, now, meta), redirectTo };
  });
}

/** Open sign-up's member, and its event on the activity page. */
async function signUpMember(tx: Tx, email: string, account: NewAccount, ip: string | null, now: Date) {
  const user = await createMember(tx, email, account, "MEMBER", now);
  await recordAudit(
    tx,
    {
      actorId: user.id,
      action: "auth.sign_up",
      targetType: "user",
      targetId: user.id,
      ip,
      data: { method: account.method ?? "password", via: "email_link" },
    },
    now,
  );
  return user;
}
