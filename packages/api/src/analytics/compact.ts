import type { PrismaClient } from "@invite/db";

/** Any number; only this job takes it. */
const COMPACTION_LOCK_KEY = 72707370;

/**
 * Folds the rollup rows the triggers appended since the last run into one row per key, for each
 * day they touched, in one statement: its snapshot's rows of those days are deleted and their
 * sums written back, so the totals never change, and rows appended meanwhile wait for the next
 * run. Keys whose invitations are all gone (sent sums to 0) are dropped. One process at a time
 * (the others skip); answers how many rows it wrote.
 */
export function compactInvitationStats(prisma: PrismaClient): Promise<number> {
  return prisma.$executeRawUnsafe(`
    WITH lock AS (SELECT pg_try_advisory_xact_lock(${COMPACTION_LOCK_KEY}) AS mine),
    touched AS (SELECT DISTINCT "day" FROM "InvitationStat", lock WHERE lock.mine AND NOT "compacted"),
    moved AS (DELETE FROM "InvitationStat" AS s USING touched WHERE s."day" = touched."day" RETURNING s.*)
    INSERT INTO "InvitationStat" ("day", "role", "inviterId", "acceptedDay", "acceptBucket", "sent", "delivered", "opened", "accepted", "expired", "compacted")
    SELECT "day", "role", "inviterId", "acceptedDay", "acceptBucket", sum("sent"), sum("delivered"), sum("opened"), sum("accepted"), sum("expired"), true
    FROM moved GROUP BY 1, 2, 3, 4, 5 HAVING sum("sent") <> 0`);
}
