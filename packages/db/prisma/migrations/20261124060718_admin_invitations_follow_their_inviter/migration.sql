-- An invitation can never grant more than its inviter has (SECURITY 12). From now on, demoting
-- or removing an admin revokes the admin invitations they sent; this does the same for those
-- already sent by someone who is no longer an admin, and keeps their queued emails unsent.
UPDATE "EmailMessage" SET "status" = 'FAILED', "lastError" = 'Revoked: whoever sent it is no longer an admin.', "sealedSecret" = NULL
WHERE "status" = 'QUEUED' AND "invitationId" IN (
  SELECT i."id" FROM "Invitation" i LEFT JOIN "User" u ON u."id" = i."invitedById"
  WHERE i."role" = 'ADMIN' AND i."status" IN ('PENDING', 'EXPIRED') AND (u."id" IS NULL OR u."role" <> 'ADMIN')
);

UPDATE "Invitation" SET "status" = 'REVOKED', "revokedAt" = (now() AT TIME ZONE 'UTC')
WHERE "role" = 'ADMIN' AND "status" IN ('PENDING', 'EXPIRED') AND (
  "invitedById" IS NULL OR "invitedById" IN (SELECT "id" FROM "User" WHERE "role" <> 'ADMIN')
);
