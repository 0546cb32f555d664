-- A year's analytics read every rollup row of it: with accepted invitations spread over the
-- time-to-accept buckets, a compacted day held about a row per acceptance (each bucket x day of
-- accepting), some 60,000 rows for 100,000 invitations, 40-50 ms. The times to accept move to
-- their own histogram table, per day and per month, so the rollup's compacted rows are counts
-- (a few dozen a day) and a long period reads whole months from the monthly histogram.

-- CreateTable
CREATE TABLE "InvitationAcceptTime" (
    "id" BIGSERIAL NOT NULL,
    "day" DATE NOT NULL,
    "monthly" BOOLEAN NOT NULL,
    "role" "Role" NOT NULL,
    "inviterId" TEXT,
    "acceptBucket" SMALLINT NOT NULL,
    "accepted" INTEGER NOT NULL,
    "compacted" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "InvitationAcceptTime_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "InvitationAcceptTime_monthly_day_idx" ON "InvitationAcceptTime"("monthly", "day");

-- The maintenance job's compaction (packages/api/src/analytics/compact.ts calls it), one process
-- at a time (the others skip). Folds the rollup rows the triggers appended into one row per key
-- for each day they touched (that day's rows deleted, their sums written back, so totals never
-- change; rows appended meanwhile wait for the next run), moving the time-to-accept buckets of
-- the folded rows into InvitationAcceptTime, per day and per month, then folds that the same
-- way. Keys whose invitations are all gone are dropped. Answers how many rows it wrote.
CREATE FUNCTION invitation_stats_compact() RETURNS INTEGER LANGUAGE plpgsql AS $$
DECLARE
  counts INTEGER;
  times INTEGER;
BEGIN
  IF NOT pg_try_advisory_xact_lock(72707370) THEN
    RETURN 0;
  END IF;
  WITH touched AS (SELECT DISTINCT "day" FROM "InvitationStat" WHERE NOT "compacted"),
  moved AS (DELETE FROM "InvitationStat" AS s USING touched WHERE s."day" = touched."day" RETURNING s.*),
  folded AS (
    INSERT INTO "InvitationStat" ("day", "role", "inviterId", "acceptedDay", "sent", "delivered", "opened", "accepted", "expired", "compacted")
    SELECT "day", "role", "inviterId", "acceptedDay", sum("sent"), sum("delivered"), sum("opened"), sum("accepted"), sum("expired"), true
    FROM moved GROUP BY 1, 2, 3, 4 HAVING sum("sent") <> 0
    RETURNING 1
  ),
  timed AS (
    SELECT "day", "role", "inviterId", "acceptBucket", sum("accepted") AS "accepted"
    FROM moved WHERE "acceptBucket" IS NOT NULL GROUP BY 1, 2, 3, 4 HAVING sum("accepted") <> 0
  ),
  appended AS (
    INSERT INTO "InvitationAcceptTime" ("day", "monthly", "role", "inviterId", "acceptBucket", "accepted")
    SELECT "day", false, "role", "inviterId", "acceptBucket", "accepted" FROM timed
    UNION ALL
    SELECT date_trunc('month', "day")::DATE, true, "role", "inviterId", "acceptBucket", sum("accepted") FROM timed GROUP BY 1, 3, 4, 5
    RETURNING 1
  )
  SELECT count(*) FROM folded INTO counts; -- appended runs to completion all the same

  WITH touched AS (SELECT DISTINCT "monthly", "day" FROM "InvitationAcceptTime" WHERE NOT "compacted"),
  moved AS (
    DELETE FROM "InvitationAcceptTime" AS a USING touched
    WHERE a."monthly" = touched."monthly" AND a."day" = touched."day" RETURNING a.*
  ),
  folded AS (
    INSERT INTO "InvitationAcceptTime" ("day", "monthly", "role", "inviterId", "acceptBucket", "accepted", "compacted")
    SELECT "day", "monthly", "role", "inviterId", "acceptBucket", sum("accepted"), true
    FROM moved GROUP BY 1, 2, 3, 4, 5 HAVING sum("accepted") <> 0
    RETURNING 1
  )
  SELECT count(*) FROM folded INTO times;
  RETURN counts + times;
END $$;

-- What is there already: the compacted rows' buckets move out.
UPDATE "InvitationStat" SET "compacted" = false WHERE "acceptBucket" IS NOT NULL;
SELECT invitation_stats_compact();
