-- Rate-limit buckets move to rate-limiter-flexible's PostgreSQL store: one atomic upsert per
-- attempt instead of a delete and an upsert through Prisma. Buckets last at most an hour;
-- dropping them forgets at most one window of attempts.

-- DropTable
DROP TABLE "RateLimiterFlexible";

-- CreateTable
CREATE TABLE "RateLimit" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "RateLimit_pkey" PRIMARY KEY ("key")
);
