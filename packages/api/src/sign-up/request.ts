import { generateSecureRandomString, hashToken } from "../auth/tokens.ts";
import type { Services } from "../context.ts";
import { enqueueEmail } from "../mail/outbox.ts";
import { remindOfInvitation } from "./invitation-reminder.ts";
import { consume } from "../rate-limits.ts";
import { getSettings } from "../settings.ts";
import { assertSignUpAllowed, SIGN_UP_LINK_TTL_MS } from "./proof.ts";

/**
 * `auth.signUp({ email })`: always the same answer for an allowed email, given before any work
 * that depends on the email's account, so neither the answer nor its timing tells a stranger
 * whether the email has an account or an invitation. Registration mode, domain list and rate
 * limits are checked here (none depend on the account); the rest runs after the answer.
 */
export async function startSignUp(services: Services, email: string, ip: string | null): Promise<void> {
  assertSignUpAllowed(await getSettings(services.db.prisma), email);
  await consume(services.limits.signUpsPerIp, ip ?? "unknown");
  await consume(services.limits.signUpsPerEmail, email);
  services.background.run("sign-up link", () => requestSignUp(services, email, ip));
}

/**
 * The work behind `auth.signUp({ email })`, run after the answer so that neither its words nor
 * its timing say which case the email is (the caller has already checked the registration
 * mode, the domain list and the rate limits, none of which depend on the email's account):
 * - an account: an email saying so, with the ways in (sign in, reset the password) and no
 *   link that does anything; a suspended account gets nothing;
 * - a pending invitation: that invitation again (invitation-reminder.ts), never a sign-up link;
 * - anyone else: a single-use link to `${APP_URL}/sign-up/<token>`, valid one hour.
 *
 * Nothing here makes a user, a session or anything that could stand in the owner's way
 * (SECURITY 34): a stranger's request leaves a link only the mailbox's owner can read, and
 * earlier links stay valid, so a request can never cancel the owner's own.
 */
export async function requestSignUp(services: Services, email: string, ip: string | null): Promise<void> {
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

  const token = generateSecureRandomString(20);
  const expiresAt = new Date(now.getTime() + SIGN_UP_LINK_TTL_MS);
  await prisma.$transaction(async (tx) => {
    await tx.emailProof.create({ data: { tokenHash: hashToken(token), email, purpose: "SIGN_UP", expiresAt, createdAt: now } });
    await enqueueEmail(
      tx,
      services.sealer,
      { to: email, template: "signUp", secret: token, payload: { expiresAt: expiresAt.toISOString(), appUrl } },
      now,
    );
  });
}
