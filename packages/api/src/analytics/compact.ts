import type { PrismaClient } from "@invite/db";

/**
 * Folds the analytics rollup's appended rows into one per key and moves their times to accept
 * into the histograms, per day and per month: the SQL function `invitation_stats_compact` (the
 * migration `invitation_accept_times`), one process at a time (the others skip). Answers how
 * many rows it wrote.
 */
export async function compactInvitationStats(prisma: PrismaClient): Promise<number> {
  const [{ written }] = await prisma.$queryRaw<[{ written: number }]>`SELECT invitation_stats_compact() AS written`;
  return written;
}
