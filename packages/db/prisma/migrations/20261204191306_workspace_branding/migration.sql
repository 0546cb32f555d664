-- The product says whose it is: the workspace name and accent colour in settings, and the
-- uploaded logo in its own single-row table (SECURITY 37), so reading settings never carries it.
-- AlterTable
ALTER TABLE "Settings" ADD COLUMN     "accentColor" TEXT,
ADD COLUMN     "workspaceName" TEXT;

-- CreateTable
CREATE TABLE "WorkspaceLogo" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "contentType" TEXT NOT NULL,
    "bytes" BYTEA NOT NULL,
    "sha256" TEXT NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WorkspaceLogo_pkey" PRIMARY KEY ("id")
);
