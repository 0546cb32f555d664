-- AlterTable
ALTER TABLE "Invitation" ADD COLUMN     "firstViewedAt" TIMESTAMP(3);
