-- Shareable invitation links (SECURITY 35, 36): the link (its token stored only as SHA-256), the
-- proof links emailed to people joining through it, and who joined through which link.
-- The INVITE_LINK purpose is only added here; nothing in this file uses it (it could not, in the
-- transaction that adds it).
-- AlterEnum
ALTER TYPE "EmailProofPurpose" ADD VALUE 'INVITE_LINK';

-- AlterTable
ALTER TABLE "EmailProof" ADD COLUMN     "inviteLinkId" TEXT;

-- CreateTable
CREATE TABLE "InviteLink" (
    "id" TEXT NOT NULL,
    "tokenHash" BYTEA NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'MEMBER',
    "createdById" TEXT,
    "expiresAt" TIMESTAMP(3),
    "maxUses" INTEGER,
    "uses" INTEGER NOT NULL DEFAULT 0,
    "allowedDomains" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InviteLink_pkey" PRIMARY KEY ("id"),
    -- The claim is one conditional UPDATE (uses < maxUses); the database refuses what a bug could overshoot.
    CONSTRAINT "InviteLink_uses_within_cap" CHECK ("uses" >= 0 AND ("maxUses" IS NULL OR "uses" <= "maxUses"))
);

-- CreateTable
CREATE TABLE "InviteLinkJoin" (
    "userId" TEXT NOT NULL,
    "linkId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InviteLinkJoin_pkey" PRIMARY KEY ("userId")
);

-- CreateIndex
CREATE UNIQUE INDEX "InviteLink_tokenHash_key" ON "InviteLink"("tokenHash");

-- CreateIndex
CREATE INDEX "InviteLink_createdAt_idx" ON "InviteLink"("createdAt");

-- CreateIndex
CREATE INDEX "InviteLinkJoin_linkId_createdAt_idx" ON "InviteLinkJoin"("linkId", "createdAt");

-- AddForeignKey
ALTER TABLE "EmailProof" ADD CONSTRAINT "EmailProof_inviteLinkId_fkey" FOREIGN KEY ("inviteLinkId") REFERENCES "InviteLink"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InviteLink" ADD CONSTRAINT "InviteLink_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InviteLinkJoin" ADD CONSTRAINT "InviteLinkJoin_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InviteLinkJoin" ADD CONSTRAINT "InviteLinkJoin_linkId_fkey" FOREIGN KEY ("linkId") REFERENCES "InviteLink"("id") ON DELETE CASCADE ON UPDATE CASCADE;
