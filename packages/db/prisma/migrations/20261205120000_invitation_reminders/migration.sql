-- Reminders before expiry (issue 15 item 2): a workspace setting (hours before expiry, 0 off), a
-- per-invitation switch, and on a reminder email the invitation email whose link it repeats
-- (unique: one reminder per link).
-- AlterTable
ALTER TABLE "EmailMessage" ADD COLUMN     "reminderForId" TEXT;

-- AlterTable
ALTER TABLE "Invitation" ADD COLUMN     "sendReminder" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "Settings" ADD COLUMN     "reminderHoursBeforeExpiry" INTEGER NOT NULL DEFAULT 24;

-- CreateIndex
CREATE UNIQUE INDEX "EmailMessage_reminderForId_key" ON "EmailMessage"("reminderForId");

-- AddForeignKey
ALTER TABLE "EmailMessage" ADD CONSTRAINT "EmailMessage_reminderForId_fkey" FOREIGN KEY ("reminderForId") REFERENCES "EmailMessage"("id") ON DELETE SET NULL ON UPDATE CASCADE;

