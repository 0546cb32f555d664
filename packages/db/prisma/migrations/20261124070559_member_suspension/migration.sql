-- A suspended account keeps its history and the invitations it sent, but cannot sign in.
-- AlterTable
ALTER TABLE "User" ADD COLUMN     "suspendedAt" TIMESTAMP(3);
