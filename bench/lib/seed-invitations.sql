-- $1 invitations created over the past year, newest ids last (UUIDv7 from created_at), with
-- realistic unique emails, statuses as they stand after the maintenance job, one outbox email each. $2 is the inviting admin.
WITH base AS (
  SELECT n,
         now() - (($1::int - n) * interval '315 seconds') - random() * interval '300 seconds' AS created,
         random() AS r
  FROM generate_series(1, $1::int) AS n
), named AS (
  SELECT n, created,
         -- the maintenance job writes EXPIRED, so PENDING rows are the ones still within 48 hours
         CASE WHEN created > now() - interval '48 hours'
              THEN CASE WHEN r < 0.70 THEN 'PENDING' WHEN r < 0.95 THEN 'ACCEPTED' ELSE 'REVOKED' END
              ELSE CASE WHEN r < 0.60 THEN 'ACCEPTED' WHEN r < 0.88 THEN 'EXPIRED' ELSE 'REVOKED' END
         END AS status,
         (ARRAY['olivia','liam','emma','noah','ava','elijah','sophia','mateo','mia','lucas','amelia','levi',
                'harper','ezra','evelyn','james','luna','leo','ella','jack','aria','asher','nora','hugo',
                'chloe','omar','zoe','ivan','maya','kenji','sara','diego','lena','yusuf','ines','arjun',
                'fatima','tomas','hana','felix'])[1 + n % 40] || '.' ||
         (ARRAY['smith','garcia','nguyen','muller','kowalski','rossi','tanaka','silva','kim','johnson',
                'dubois','jensen','novak','costa','khan','ivanova','lopez','brown','wilson','fischer',
                'moreau','santos','sato','patel','cohen','haddad','okafor','larsen','horvat','petrov',
                'schmidt','martin','bianchi','yilmaz','chen','ali','murphy','walsh','berg','nielsen',
                'lindqvist','popescu','nagy','fernandez','mendes','suzuki','park','ahmed','reyes','das'])[1 + (n / 40) % 50]
           || (n / 2000)::text || '@' ||
         (ARRAY['example.com','acme.io','globex.net','initech.co','umbrella.org','hooli.dev','stark.industries','wayne.enterprises'])[1 + (n * 7) % 8]
           AS email,
         lpad(to_hex((extract(epoch FROM created) * 1000)::bigint), 12, '0') || '7' ||
           substr(md5(random()::text), 1, 3) || substr('89ab', 1 + floor(random() * 4)::int, 1) ||
           substr(md5(random()::text), 1, 15) AS hex
  FROM base
), invited AS (
  INSERT INTO "Invitation" (id, email, role, status, "expiresAt", "lifetimeHours", "invitedById", "acceptedAt", "revokedAt", "createdAt", "updatedAt")
  SELECT substr(hex, 1, 8) || '-' || substr(hex, 9, 4) || '-' || substr(hex, 13, 4) || '-' || substr(hex, 17, 4) || '-' || substr(hex, 21, 12),
         email, CASE WHEN n % 50 = 0 THEN 'ADMIN' ELSE 'MEMBER' END::"Role", status::"InvitationStatus",
         created + interval '48 hours', 48, $2,
         CASE WHEN status = 'ACCEPTED' THEN least(created + interval '3 hours', now()) END,
         CASE WHEN status = 'REVOKED' THEN least(created + interval '1 hour', now()) END,
         created, created
  FROM named
  RETURNING id, email, "createdAt"
) -- one email per invitation, so the invitation's id serves as the email's id too
INSERT INTO "EmailMessage" (id, "invitationId", "to", template, payload, status, attempts, "nextAttemptAt", "sentAt", "createdAt")
SELECT id, id, email, 'invitation', '{"inviterName":"admin","role":"MEMBER","message":null}', 'SENT', 1,
       "createdAt", "createdAt" + interval '2 seconds', "createdAt"
FROM invited;
