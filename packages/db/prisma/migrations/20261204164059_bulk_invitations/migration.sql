-- invitation.createMany: a list may name each person, and the per-admin hourly allowance
-- of invitation emails becomes a setting (500, as it was fixed before).
-- AlterTable
ALTER TABLE "Invitation" ADD COLUMN     "name" TEXT;

-- AlterTable
ALTER TABLE "Settings" ADD COLUMN     "invitesPerAdminPerHour" INTEGER NOT NULL DEFAULT 500;
