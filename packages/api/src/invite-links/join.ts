import { generateSecureRandomString, hashToken } from "../auth/tokens.ts";
import type { Services } from "../context.ts";
import { enqueueEmail } from "../mail/outbox.ts";
import { consume } from "../rate-limits.ts";
import { remindOfInvitation } from "../sign-up/invitation-reminder.ts";
import { SIGN_UP_LINK_TTL_MS } from "../sign-up/proof.ts";
import { assertLinkActive, assertLinkAdmitsEmail, findLinkById, findLinkByToken, linkStatus } from "./shared.ts";

/**
 * `inviteLink.join({ token, email })`: checks what does not depend on the email's account (the
 * link admits people now, the email's domain is allowed, the sign-up rate limits) and answers
 * `{ ok: true }`; the rest runs after the answer (`sendJoinProof`), so neither words nor timing
 * tell a stranger whether the email has an account or an invitation. The registration mode does
 * not matter: a valid link admits people into an invitation-only workspace.
 */
export async function requestJoin(services: Services, token: string, email: string, ip: string | null) {
  const link = await findLinkByToken(services.db.prisma, token);
  assertLinkActive(link, services.clock.now());
  assertLinkAdmitsEmail(link, email);
  // The same allowance as sign-up: a link's holder can't spray many inboxes, nor flood one.
  await consume(services.limits.signUpsPerIp, ip ?? "unknown");
  await consume(services.limits.signUpsPerEmail, email);
  services.background.run("invite link join", () => sendJoinProof(services, link.id, email, ip));
  return { ok: true as const };
}

/**
 * What the email gets, as open sign-up does (sign-up/request.ts), and nothing is created that
 * could stand in the owner's way until the email is proven (SECURITY 34):
 * - an account: the "you already have an account" email (a suspended account gets nothing);
 * - a pending invitation: that invitation again, never a link with the shareable link's role
 *   (SECURITY 35: only the invitation's own link grants its role);
 * - anyone else: a single-use proof link to `${APP_URL}/sign-up/<token>` (one hour) that
 *   `auth.completeSignUp` (or a provider) turns into a member of the link's role.
 */
export async function sendJoinProof(services: Services, linkId: string, email: string, ip: string | null): Promise<void> {
  const { prisma } = services.db;
  const now = services.clock.now();
  const appUrl = services.config.appUrl;
  const account = await prisma.user.findUnique({ where: { email }, select: { suspendedAt: true } });
  if (account) {
    if (!account.suspendedAt) {
      await enqueueEmail(prisma, services.sealer, { to: email, template: "accountExists", payload: { appUrl } }, now);
    }
    return;
  }
  if (await remindOfInvitation(services, email, ip)) return;

  const link = await findLinkById(prisma, linkId);
  if (!link || linkStatus(link, now) !== "ACTIVE") return; // revoked, or filled, since the answer
  const token = generateSecureRandomString(20);
  const expiresAt = new Date(now.getTime() + SIGN_UP_LINK_TTL_MS);
  await prisma.$transaction(async (tx) => {
    await tx.emailProof.create({
      data: { tokenHash: hashToken(token), email, purpose: "INVITE_LINK", inviteLinkId: link.id, expiresAt, createdAt: now },
    });
    await enqueueEmail(
      tx,
      services.sealer,
      {
        to: email,
        template: "signUp",
        secret: token,
        payload: { expiresAt: expiresAt.toISOString(), appUrl, join: { role: link.role, inviterName: link.createdBy?.name ?? null } },
      },
      now,
    );
  });
}
