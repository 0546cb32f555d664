import type { Database } from "@invite/db";
import { INVITES_PER_ADMIN_PER_HOUR_MAX } from "@invite/schemas";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { AppError } from "./errors.ts";

/**
 * Limits sized for people, not robots; buckets live in the database, so every server
 * process on one PostgreSQL shares them. The README lists each one.
 */
export const RATE_LIMITS = {
  signInPerIp: { points: 100, duration: 15 * 60 },
  /** Tries at one account's password from browsers it does not know (auth/sign-in-attempts.ts). */
  signInPerEmail: { points: 10, duration: 15 * 60 },
  /** A browser holding the account's device cookie spends its own, instead of per IP and per email. */
  signInPerDevice: { points: 10, duration: 15 * 60 },
  /**
   * Passkey options calls (each keeps a challenge for 5 minutes): the sign-in page asks once per
   * visit for the browser's autofill, so more than sign-in tries, still a bound on stored rows.
   */
  passkeyChallengesPerIp: { points: 300, duration: 15 * 60 },
  acceptPerIp: { points: 100, duration: 15 * 60 },
  acceptPerToken: { points: 10, duration: 15 * 60 },
  acceptPerEmail: { points: 10, duration: 15 * 60 },
  /**
   * A counter, not the allowance: the allowance is a setting (500 by default), so this bucket
   * counts up to the highest one allowed and invitations/limits.ts compares with the setting.
   */
  invitesPerAdmin: { points: INVITES_PER_ADMIN_PER_HOUR_MAX, duration: 60 * 60 },
  invitesPerRecipient: { points: 5, duration: 60 * 60 },
  passwordResetsPerEmail: { points: 3, duration: 60 * 60 },
  /**
   * Sign-up emails a stranger can make us send: per address asking (an office signing up
   * together fits) and per email (so no one's inbox is flooded).
   */
  signUpsPerIp: { points: 30, duration: 60 * 60 },
  signUpsPerEmail: { points: 3, duration: 60 * 60 },
} as const;

export type LimitName = keyof typeof RATE_LIMITS;
export type RateLimits = Record<LimitName, RateLimiterPostgres>;

/**
 * The library's PostgreSQL store spends a point in one atomic upsert (the Prisma store took a
 * delete and an upsert through Prisma, five times the CPU). Its table is the `RateLimit`
 * model, created by our migrations; the maintenance job deletes expired buckets.
 */
export function createRateLimits(db: Pick<Database, "sql">): RateLimits {
  return Object.fromEntries(
    Object.entries(RATE_LIMITS).map(([name, limit]) => [
      name,
      new RateLimiterPostgres({
        storeClient: db.sql,
        storeType: "client",
        tableName: "RateLimit",
        tableCreated: true,
        keyPrefix: name,
        clearExpiredByTimeout: false,
        ...limit,
      }),
    ]),
  ) as RateLimits;
}

/** Spends one point, or throws RATE_LIMITED with how long to wait. */
export async function consume(limiter: RateLimiterPostgres, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    throw rateLimited(error.msBeforeNext);
  }
}

/** RATE_LIMITED for a bucket spent past its points, `msBeforeNext` before its window ends. */
export function rateLimited(msBeforeNext: number): AppError {
  const retryAfterSeconds = Math.ceil(msBeforeNext / 1000);
  return new AppError("RATE_LIMITED", `Too many attempts. Try again in ${formatWait(retryAfterSeconds)}.`, { retryAfterSeconds });
}

export function formatWait(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}
