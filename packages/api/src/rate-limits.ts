import type { PrismaClient } from "@invite/db";
import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import { AppError } from "./errors.ts";

/**
 * Limits sized for people, not robots; buckets live in the database, so every server
 * process on one PostgreSQL shares them. The README lists each one.
 */
export const RATE_LIMITS = {
  signInPerIp: { points: 100, duration: 15 * 60 },
  signInPerEmail: { points: 10, duration: 15 * 60 },
  acceptPerIp: { points: 100, duration: 15 * 60 },
  acceptPerToken: { points: 10, duration: 15 * 60 },
  invitesPerAdmin: { points: 500, duration: 60 * 60 },
  invitesPerRecipient: { points: 5, duration: 60 * 60 },
  passwordResetsPerEmail: { points: 3, duration: 60 * 60 },
} as const;

export type LimitName = keyof typeof RATE_LIMITS;
export type RateLimits = Record<LimitName, RateLimiterPrisma>;

export function createRateLimits(prisma: PrismaClient): RateLimits {
  return Object.fromEntries(
    Object.entries(RATE_LIMITS).map(([name, limit]) => [
      name,
      new RateLimiterPrisma({
        storeClient: prisma,
        // The library indexes the client by this name: Prisma's accessor is camel-cased.
        tableName: "rateLimiterFlexible",
        keyPrefix: name,
        clearExpiredByTimeout: false,
        ...limit,
      }),
    ]),
  ) as RateLimits;
}

/** Spends one point, or throws RATE_LIMITED with how long to wait. */
export async function consume(limiter: RateLimiterPrisma, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    const retryAfterSeconds = Math.ceil(error.msBeforeNext / 1000);
    throw new AppError("RATE_LIMITED", `Too many attempts. Try again in ${formatWait(retryAfterSeconds)}.`, {
      retryAfterSeconds,
    });
  }
}

function formatWait(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}
