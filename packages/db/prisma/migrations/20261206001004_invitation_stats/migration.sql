-- Analytics at any volume (issue 15): analytics.summary read every invitation of its period
-- and joined the outbox to find which were delivered, hundreds of milliseconds for a year of
-- 100,000. It now reads a daily rollup kept by the database (InvitationStat, in schema.prisma),
-- and the period's partial first and last days from the invitations themselves.
--
-- "Delivered" becomes a column, stamped by a trigger when one of the invitation's emails is
-- first recorded SENT, whoever records it.

-- AlterTable
ALTER TABLE "Invitation" ADD COLUMN     "deliveredAt" TIMESTAMP(3);
-- From the outbox, before the triggers below exist.
UPDATE "Invitation" AS i SET "deliveredAt" = m."at"
FROM (SELECT "invitationId", min(COALESCE("sentAt", "createdAt")) AS "at" FROM "EmailMessage"
      WHERE "status" = 'SENT' AND "invitationId" IS NOT NULL GROUP BY 1) AS m
WHERE m."invitationId" = i."id";

-- CreateTable
CREATE TABLE "InvitationStat" (
    "id" BIGSERIAL NOT NULL,
    "day" DATE NOT NULL,
    "role" "Role" NOT NULL,
    "inviterId" TEXT,
    "acceptedDay" DATE,
    "acceptBucket" SMALLINT,
    "sent" INTEGER NOT NULL,
    "delivered" INTEGER NOT NULL,
    "opened" INTEGER NOT NULL,
    "accepted" INTEGER NOT NULL,
    "expired" INTEGER NOT NULL,
    "compacted" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "InvitationStat_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "InvitationStat_day_idx" ON "InvitationStat"("day");

-- Time to accept, in a log-scale bucket: bucket k holds (g^(k-1), g^k] seconds, g = 1.01 / 0.99,
-- so its middle value 2g^k / (g + 1) is within 1% of everything in it (the analytics' median
-- and p90 are as exact as that; packages/api/src/analytics/histogram.ts reads them).
CREATE FUNCTION invitation_accept_bucket(seconds DOUBLE PRECISION) RETURNS SMALLINT
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT ceil(ln(greatest(seconds, 1)) / ln(1.01 / 0.99))::SMALLINT $$;

-- What one invitation counts towards in the rollup: its key and its counts (sent is 1).
CREATE FUNCTION invitation_stat_of(i "Invitation")
RETURNS TABLE ("day" DATE, "role" "Role", "inviterId" TEXT, "acceptedDay" DATE, "acceptBucket" SMALLINT,
               "delivered" INTEGER, "opened" INTEGER, "accepted" INTEGER, "expired" INTEGER)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT i."createdAt"::DATE, i."role", i."invitedById",
         CASE WHEN a.yes THEN i."acceptedAt"::DATE END,
         CASE WHEN a.yes THEN invitation_accept_bucket(extract(epoch FROM i."acceptedAt" - i."createdAt")::DOUBLE PRECISION) END,
         (i."deliveredAt" IS NOT NULL)::INTEGER, (i."firstViewedAt" IS NOT NULL)::INTEGER,
         a.yes::INTEGER, (i."status" = 'EXPIRED')::INTEGER
  FROM (SELECT i."status" = 'ACCEPTED' AND i."acceptedAt" IS NOT NULL AS yes) AS a
$$;

-- New invitations: one row per key per statement (a bulk invitation's chunk adds a handful).
CREATE FUNCTION invitation_stat_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "InvitationStat" ("day", "role", "inviterId", "acceptedDay", "acceptBucket", "sent", "delivered", "opened", "accepted", "expired")
  SELECT s."day", s."role", s."inviterId", s."acceptedDay", s."acceptBucket", count(*), sum(s."delivered"), sum(s."opened"), sum(s."accepted"), sum(s."expired")
  FROM added CROSS JOIN LATERAL invitation_stat_of(added::"Invitation") AS s
  GROUP BY 1, 2, 3, 4, 5;
  RETURN NULL;
END $$;

-- A changed or deleted invitation: -1 for what the old row counted towards, +1 for the new one,
-- netted (opening it is one row: opened +1 under the same key).
CREATE FUNCTION invitation_stat_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "InvitationStat" ("day", "role", "inviterId", "acceptedDay", "acceptBucket", "sent", "delivered", "opened", "accepted", "expired")
  SELECT c."day", c."role", c."inviterId", c."acceptedDay", c."acceptBucket", sum(c.sign), sum(c.sign * c."delivered"), sum(c.sign * c."opened"), sum(c.sign * c."accepted"), sum(c.sign * c."expired")
  FROM (
    SELECT -1 AS sign, o.* FROM invitation_stat_of(OLD) AS o
    UNION ALL
    SELECT 1, n.* FROM invitation_stat_of(NEW) AS n WHERE TG_OP = 'UPDATE'
  ) AS c
  GROUP BY 1, 2, 3, 4, 5
  HAVING sum(c.sign) <> 0 OR sum(c.sign * c."delivered") <> 0 OR sum(c.sign * c."opened") <> 0 OR sum(c.sign * c."accepted") <> 0 OR sum(c.sign * c."expired") <> 0;
  RETURN NULL;
END $$;

CREATE TRIGGER "Invitation_stat_insert" AFTER INSERT ON "Invitation"
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION invitation_stat_inserted();
-- Only changes the rollup sees: a resend, a new link or a forgotten token cost nothing here.
CREATE TRIGGER "Invitation_stat_update" AFTER UPDATE ON "Invitation" FOR EACH ROW
  WHEN (OLD."createdAt" IS DISTINCT FROM NEW."createdAt" OR OLD."role" IS DISTINCT FROM NEW."role"
     OR OLD."invitedById" IS DISTINCT FROM NEW."invitedById" OR OLD."status" IS DISTINCT FROM NEW."status"
     OR OLD."acceptedAt" IS DISTINCT FROM NEW."acceptedAt" OR OLD."deliveredAt" IS DISTINCT FROM NEW."deliveredAt"
     OR OLD."firstViewedAt" IS DISTINCT FROM NEW."firstViewedAt")
  EXECUTE FUNCTION invitation_stat_changed();
CREATE TRIGGER "Invitation_stat_delete" AFTER DELETE ON "Invitation" FOR EACH ROW EXECUTE FUNCTION invitation_stat_changed();

-- The first email recorded SENT stamps its invitation delivered. The outbox locks the
-- invitations it will stamp before their emails (apps/server/src/mail/sent-records.ts), the
-- order resend and revoke take them in, so this never waits while holding an email they want.
CREATE FUNCTION invitation_delivered() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Invitation" SET "deliveredAt" = COALESCE(NEW."sentAt", NEW."createdAt")
  WHERE "id" = NEW."invitationId" AND "deliveredAt" IS NULL;
  RETURN NULL;
END $$;
CREATE TRIGGER "EmailMessage_delivered" AFTER INSERT OR UPDATE OF "status" ON "EmailMessage" FOR EACH ROW
  WHEN (NEW."status" = 'SENT' AND NEW."invitationId" IS NOT NULL)
  EXECUTE FUNCTION invitation_delivered();

-- The rollup of what is there already, compacted.
INSERT INTO "InvitationStat" ("day", "role", "inviterId", "acceptedDay", "acceptBucket", "sent", "delivered", "opened", "accepted", "expired", "compacted")
SELECT s."day", s."role", s."inviterId", s."acceptedDay", s."acceptBucket", count(*), sum(s."delivered"), sum(s."opened"), sum(s."accepted"), sum(s."expired"), true
FROM "Invitation" AS i CROSS JOIN LATERAL invitation_stat_of(i) AS s
GROUP BY 1, 2, 3, 4, 5;
