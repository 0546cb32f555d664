-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateIndex
CREATE INDEX "Invitation_email_trgm_idx" ON "Invitation" USING GIN ("email" gin_trgm_ops);
