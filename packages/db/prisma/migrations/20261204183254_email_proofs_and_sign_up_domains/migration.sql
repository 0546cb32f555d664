-- Open sign-up proves the email first (SECURITY 34): single-use proof links, stored hashed,
-- and an optional list of the email domains allowed to sign up.
-- CreateEnum
CREATE TYPE "EmailProofPurpose" AS ENUM ('SIGN_UP');

-- AlterTable
ALTER TABLE "Settings" ADD COLUMN     "signUpDomains" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "EmailProof" (
    "id" TEXT NOT NULL,
    "tokenHash" BYTEA NOT NULL,
    "email" TEXT NOT NULL,
    "purpose" "EmailProofPurpose" NOT NULL DEFAULT 'SIGN_UP',
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "userId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EmailProof_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "EmailProof_tokenHash_key" ON "EmailProof"("tokenHash");

-- CreateIndex
CREATE INDEX "EmailProof_email_idx" ON "EmailProof"("email");

-- CreateIndex
CREATE INDEX "EmailProof_expiresAt_idx" ON "EmailProof"("expiresAt");

-- AddForeignKey
ALTER TABLE "EmailProof" ADD CONSTRAINT "EmailProof_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
