-- A bucket key is the limit's name and an email: an email alone may be 254 characters, so
-- VARCHAR(255) refused long addresses with an error instead of counting them.

-- AlterTable
ALTER TABLE "RateLimit" DROP CONSTRAINT "RateLimit_pkey",
ALTER COLUMN "key" SET DATA TYPE TEXT,
ADD CONSTRAINT "RateLimit_pkey" PRIMARY KEY ("key");
