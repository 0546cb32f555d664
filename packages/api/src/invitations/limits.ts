import type { PrismaClient } from "@invite/db";
import type { Services } from "../context.ts";
import { AppError } from "../errors.ts";
import { consume, formatWait } from "../rate-limits.ts";
import { getSettings } from "../settings.ts";
import type { Tx } from "./shared.ts";

/*
 * Every invitation action's rate limits, in one place (README "Rate limits"):
 * - create and resend: one email from the admin's hourly allowance (the setting
 *   `invitesPerAdminPerHour`), and one of the recipient's 5 an hour, before anything changes
 *   (create spends them inside its one statement, create.ts);
 * - createMany: the whole list's emails from the allowance up front (refused whole when it
 *   does not fit), the unsent given back at the end; each recipient's in its chunk's transaction;
 * - accept: per IP, per link and per invited email.
 * Buckets are rate-limiter-flexible's rows in "RateLimit" (its keys, its fixed windows), so
 * they hold across processes, and the library's own limiters and ours read the same counts.
 */

/**
 * resend: spent before anything changes, so a refused one leaves the old link working. create
 * spends the same two in its one statement (create.ts, `oneInvitationLimits`).
 */
export async function limitOneInvitation(services: Services, adminId: string, email: string): Promise<void> {
  await spendInviteAllowance(services, adminId, 1);
  await consume(services.limits.invitesPerRecipient, email);
}

/** accept with a password, before the token is looked at: per address. */
export async function limitAcceptFromAddress(services: Services, ip: string | null): Promise<void> {
  await consume(services.limits.acceptPerIp, ip ?? "unknown");
}

/**
 * accept with a password, once the invitation is found: per link, and per invited email
 * (SECURITY 21), so a resend's new link starts no new count.
 */
export async function limitAcceptAttempt(services: Services, invitation: { tokenHash: Uint8Array | null; email: string }): Promise<void> {
  await consume(services.limits.acceptPerToken, Buffer.from(invitation.tokenHash!).toString("hex"));
  await consume(services.limits.acceptPerEmail, invitation.email);
}

export interface SpentAllowance {
  /** Gives back emails spent but not sent (members, rate-limited recipients, a failed chunk). */
  refund(count: number): Promise<void>;
}

/**
 * Spends `count` emails of the admin's hourly allowance, all or none: one conditional upsert
 * (the SQL function `invite_allowance_spend`, which invitation.create's function calls too), so
 * two requests at once (in any processes) never spend past it together. The window is
 * rate-limiter-flexible's: it starts with the first email and lasts the limiter's duration.
 * Refused: RATE_LIMITED, saying how many may go now and when the window ends.
 */
export async function spendInviteAllowance(
  services: Services,
  adminId: string,
  count: number,
  allowance?: number,
): Promise<SpentAllowance> {
  const { prisma } = services.db;
  const perHour = allowance ?? (await getSettings(prisma)).invitesPerAdminPerHour;
  const limiter = services.limits.invitesPerAdmin;
  const key = limiter.getKey(adminId);
  const nowMs = Date.now();
  const [spent] = await prisma.$queryRaw<Array<{ expire: bigint | null }>>`
    SELECT invite_allowance_spend(${key}, ${count}::int, ${perHour}::int, ${String(nowMs)}::bigint, ${String(limiter.duration * 1000)}::bigint) AS "expire"`;
  const expire = spent?.expire;
  if (expire == null) throw await allowanceExceeded(prisma, key, count, perHour);
  return {
    async refund(unsent) {
      if (unsent <= 0) return;
      // Only into the window it was spent in: a later window never counted it.
      await prisma.$executeRaw`
        UPDATE "RateLimit" SET "points" = GREATEST("points" - ${unsent}::int, 0)
        WHERE "key" = ${key} AND "expire" = ${String(expire)}::bigint`;
    },
  };
}

/** The admin's allowance key and window, and the recipient's, for invitation.create's one statement. */
export function oneInvitationLimits(services: Services, adminId: string, email: string) {
  const { invitesPerAdmin, invitesPerRecipient } = services.limits;
  return {
    adminKey: invitesPerAdmin.getKey(adminId),
    adminWindowMs: invitesPerAdmin.duration * 1000,
    recipientKey: invitesPerRecipient.getKey(email),
    recipientPoints: invitesPerRecipient.points,
    recipientWindowMs: invitesPerRecipient.duration * 1000,
  };
}

/** The admin's bucket as it stands, in words. */
async function allowanceExceeded(prisma: PrismaClient, key: string, count: number, perHour: number): Promise<AppError> {
  const nowMs = Date.now();
  const [bucket] = await prisma.$queryRaw<Array<{ points: number; expire: bigint }>>`
    SELECT "points", "expire" FROM "RateLimit" WHERE "key" = ${key} AND "expire" > ${String(nowMs)}::bigint`;
  return allowanceRefused(count, perHour, bucket ? { points: bucket.points, expire: Number(bucket.expire) } : null, nowMs);
}

/**
 * RATE_LIMITED in words: how many may go now, and when the rest can. `bucket` is the admin's,
 * if its window has not ended at `nowMs`.
 */
export function allowanceRefused(count: number, perHour: number, bucket: { points: number; expire: number } | null, nowMs: number): AppError {
  const remaining = Math.max(0, perHour - (bucket?.points ?? 0));
  const retryAfterSeconds = bucket ? Math.max(1, Math.ceil((bucket.expire - nowMs) / 1000)) : 0;
  const invitations = (n: number) => `${n.toLocaleString("en")} ${n === 1 ? "invitation" : "invitations"}`;
  const limit = `${invitations(perHour)} an hour`;
  let message: string;
  if (count > perHour) {
    message = `That's ${invitations(count)}, more than the ${limit} each admin may send. You can send ${remaining.toLocaleString("en")} now; send the rest in smaller lists.`;
  } else if (remaining === 0) {
    message = `You've sent the ${limit} each admin may send. Try again in ${formatWait(retryAfterSeconds)}.`;
  } else {
    message = `That's ${invitations(count)}, but you can send only ${remaining.toLocaleString("en")} more this hour (${limit}). Send that many now, or the whole list in ${formatWait(retryAfterSeconds)}.`;
  }
  return new AppError("RATE_LIMITED", message, { retryAfterSeconds, remaining, allowance: perHour, requested: count });
}

/**
 * createMany, in a chunk's transaction: one email to each recipient, as the library's
 * `consume` would spend it, in one statement. Returns the addresses now past their limit;
 * rolled back with the chunk, so a failed chunk spends nothing.
 */
export async function spendRecipientLimits(services: Services, tx: Tx, emails: string[]): Promise<Set<string>> {
  if (emails.length === 0) return new Set();
  const limiter = services.limits.invitesPerRecipient;
  const nowMs = Date.now();
  const newExpire = nowMs + limiter.duration * 1000;
  const keys = emails.map((email) => limiter.getKey(email));
  const rows = await tx.$queryRaw<Array<{ key: string; points: number }>>`
    INSERT INTO "RateLimit" ("key", "points", "expire")
    SELECT k, 1, ${String(newExpire)}::bigint FROM unnest(${keys}::text[]) AS k ORDER BY k
    ON CONFLICT ("key") DO UPDATE SET
      "points" = CASE WHEN "RateLimit"."expire" <= ${String(nowMs)}::bigint THEN 1 ELSE "RateLimit"."points" + 1 END,
      "expire" = CASE WHEN "RateLimit"."expire" <= ${String(nowMs)}::bigint THEN ${String(newExpire)}::bigint ELSE "RateLimit"."expire" END
    RETURNING "key", "points"`;
  const over = new Set(rows.filter((row) => row.points > limiter.points).map((row) => row.key));
  return new Set(emails.filter((email) => over.has(limiter.getKey(email))));
}
