-- A resent link lasts as long as the inviter chose, not the default: remember the choice.
-- AlterTable
ALTER TABLE "Invitation" ADD COLUMN     "lifetimeHours" INTEGER;

-- Invitations made before this column: their lifetime is what they were given at creation,
-- within the bounds invitation.create allows.
UPDATE "Invitation"
SET "lifetimeHours" = GREATEST(1, LEAST(720, ROUND(EXTRACT(EPOCH FROM ("expiresAt" - "createdAt")) / 3600)));

ALTER TABLE "Invitation" ALTER COLUMN "lifetimeHours" SET NOT NULL;
