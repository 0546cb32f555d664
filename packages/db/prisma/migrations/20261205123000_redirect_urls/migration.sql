-- Where an invitee lands after joining (issue 17): an invitation's and a shareable link's own
-- `redirectUrl`, and the workspace's default in Settings. Each is a path on this site ("/x") or an
-- absolute http(s) URL on APP_URL's origin or one of TRUSTED_ORIGINS; the API checks that when it
-- is written and again when it is used (packages/api/src/redirects.ts), so the column holds text.
-- NULL: none (the next in line is used: the link's or invitation's, the default, then "/").

ALTER TABLE "Invitation" ADD COLUMN "redirectUrl" TEXT;
ALTER TABLE "InviteLink" ADD COLUMN "redirectUrl" TEXT;
ALTER TABLE "Settings" ADD COLUMN "defaultRedirectUrl" TEXT;

-- A member's home page says who invited them: the invitation they accepted, found by its account.
CREATE INDEX "Invitation_acceptedById_idx" ON "Invitation"("acceptedById");

-- invitation.create with a redirect: invitation_create_v3 takes invitation_create_v2's arguments
-- plus `p_redirect_url` (checked by the API; NULL for none). A new invitation gets it; a renewal
-- takes it as it takes the role and the message (the latest terms win, NULL included). Nothing
-- else changes: the email and the audit event are exactly what v2 writes.
--
-- invitation_create_v2 stays, as invitation_create did, for servers still running the code before
-- this one until they stop (it neither reads nor writes the column, so a renewal through it keeps
-- the redirect). A later migration may drop it.

CREATE FUNCTION invitation_create_v3(
  p_email TEXT,
  p_role TEXT,
  p_message TEXT,
  p_hours INTEGER,
  p_inviter_id TEXT,
  p_ip TEXT,
  p_now TIMESTAMP(3),
  p_invitation_id TEXT,
  p_token_hash BYTEA,
  p_email_id TEXT,
  p_sealed_secret TEXT,
  p_payload JSONB,
  p_audit_id TEXT,
  p_superseded TEXT,
  p_lock_key TEXT,
  p_default_hours INTEGER,
  p_default_allowance INTEGER,
  p_now_ms BIGINT,
  p_admin_key TEXT,
  p_admin_window_ms BIGINT,
  p_recipient_key TEXT,
  p_recipient_points INTEGER,
  p_recipient_window_ms BIGINT,
  p_name TEXT,
  p_redirect_url TEXT,
  OUT outcome TEXT,
  OUT allowance INTEGER,
  OUT limit_points INTEGER,
  OUT limit_expire BIGINT,
  OUT invitation_id TEXT,
  OUT invitation_name TEXT,
  OUT expires_at TIMESTAMPTZ,
  OUT lifetime_hours INTEGER,
  OUT send_count INTEGER,
  OUT created_at TIMESTAMPTZ
) LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  v_settings_hours INTEGER;
  v_settings_allowance INTEGER;
  v_pending TEXT;
  v_expires TIMESTAMP(3);
  v_invitation "Invitation"%ROWTYPE;
  v_payload JSONB;
BEGIN
  -- The lock create, resend and createMany take for an email (invitations/shared.ts), before any
  -- bucket: createMany takes the email locks and then the recipients' buckets, so the same order
  -- here never deadlocks with it. Held until this statement's transaction ends.
  PERFORM pg_advisory_xact_lock(hashtext(p_lock_key));

  SELECT "defaultInviteHours", "invitesPerAdminPerHour" INTO v_settings_hours, v_settings_allowance
  FROM "Settings" WHERE "id" = 1;
  allowance := COALESCE(v_settings_allowance, p_default_allowance);

  IF p_admin_key IS NOT NULL AND invite_allowance_spend(p_admin_key, 1, allowance, p_now_ms, p_admin_window_ms) IS NULL THEN
    outcome := 'allowance';
    SELECT "points", "expire" INTO limit_points, limit_expire FROM "RateLimit" WHERE "key" = p_admin_key AND "expire" > p_now_ms;
    RETURN;
  END IF;

  IF p_recipient_key IS NOT NULL THEN
    -- rate-limiter-flexible's own upsert (RateLimiterPostgres._upsert), so its limiters read the same counts.
    INSERT INTO "RateLimit" ("key", "points", "expire") VALUES (p_recipient_key, 1, p_now_ms + p_recipient_window_ms)
    ON CONFLICT ("key") DO UPDATE SET
      "points" = CASE WHEN "RateLimit"."expire" <= p_now_ms THEN 1 ELSE "RateLimit"."points" + 1 END,
      "expire" = CASE WHEN "RateLimit"."expire" <= p_now_ms THEN p_now_ms + p_recipient_window_ms ELSE "RateLimit"."expire" END
    RETURNING "points", "expire" INTO limit_points, limit_expire;
    IF limit_points > p_recipient_points THEN
      outcome := 'recipient';
      RETURN;
    END IF;
  END IF;

  IF EXISTS (SELECT 1 FROM "User" WHERE "email" = p_email) THEN
    outcome := 'member';
    RETURN;
  END IF;

  lifetime_hours := COALESCE(p_hours, v_settings_hours, p_default_hours);
  v_expires := p_now + make_interval(hours => lifetime_hours);
  -- Only this email's rows, by its index: asked for the newest pending one directly, the planner
  -- (before the table's first ANALYZE, and in the plan this function keeps) walked the
  -- (status, createdAt) index backwards through every pending invitation.
  WITH this_email AS MATERIALIZED (
    SELECT "id", "status", "expiresAt", "createdAt" FROM "Invitation" WHERE "email" = p_email
  )
  SELECT "id" INTO v_pending FROM this_email
  WHERE "status" = 'PENDING' AND "expiresAt" > p_now
  ORDER BY "createdAt" DESC LIMIT 1;

  IF v_pending IS NOT NULL THEN
    -- Accept takes no email lock: one accepted since the check above has its member now.
    UPDATE "Invitation" SET
      "role" = p_role::"Role", "message" = p_message, "name" = COALESCE(p_name, "name"), "redirectUrl" = p_redirect_url, "expiresAt" = v_expires, "lifetimeHours" = lifetime_hours,
      "tokenHash" = p_token_hash, "sendCount" = "sendCount" + 1, "invitedById" = p_inviter_id, "updatedAt" = p_now
    WHERE "id" = v_pending AND "status" = 'PENDING'
    RETURNING * INTO v_invitation;
    IF NOT FOUND THEN
      outcome := 'member';
      RETURN;
    END IF;
    -- Its earlier emails still waiting would deliver a link that no longer works.
    UPDATE "EmailMessage" SET "status" = 'FAILED', "lastError" = p_superseded, "sealedSecret" = NULL
    WHERE "invitationId" = v_pending AND "status" = 'QUEUED';
    outcome := 'renewed';
  ELSE
    INSERT INTO "Invitation" ("id", "email", "role", "message", "name", "redirectUrl", "tokenHash", "status", "expiresAt", "lifetimeHours",
      "sendCount", "invitedById", "createdAt", "updatedAt")
    VALUES (p_invitation_id, p_email, p_role::"Role", p_message, p_name, p_redirect_url, p_token_hash, 'PENDING', v_expires, lifetime_hours,
      1, p_inviter_id, p_now, p_now)
    RETURNING * INTO v_invitation;
    outcome := 'created';
  END IF;

  -- The email greets the invitee by the invitation's name, the one just given or the one it kept;
  -- without one the payload is exactly what invitation_create writes, and so is the email.
  v_payload := jsonb_set(p_payload, '{expiresAt}', to_jsonb(to_char(v_expires, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')));
  IF v_invitation."name" IS NOT NULL THEN
    v_payload := v_payload || jsonb_build_object('inviteeName', v_invitation."name");
  END IF;
  INSERT INTO "EmailMessage" ("id", "invitationId", "to", "template", "payload", "sealedSecret", "status", "attempts",
    "nextAttemptAt", "createdAt")
  VALUES (p_email_id, v_invitation."id", p_email, 'invitation', v_payload, p_sealed_secret, 'QUEUED', 0, p_now, p_now);

  -- The name too, when there is one, so the activity page names whom the event was about.
  INSERT INTO "AuditEvent" ("id", "actorId", "action", "targetType", "targetId", "ip", "data", "createdAt")
  VALUES (p_audit_id, p_inviter_id, CASE outcome WHEN 'renewed' THEN 'invitation.refresh' ELSE 'invitation.create' END,
    'invitation', v_invitation."id", p_ip,
    jsonb_build_object('email', p_email, 'role', p_role)
      || CASE WHEN v_invitation."name" IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('name', v_invitation."name") END,
    p_now);

  -- Timestamps are stored as UTC wall time: handed back as instants, whatever the session's zone.
  invitation_id := v_invitation."id";
  invitation_name := v_invitation."name";
  expires_at := v_invitation."expiresAt" AT TIME ZONE 'UTC';
  send_count := v_invitation."sendCount";
  created_at := v_invitation."createdAt" AT TIME ZONE 'UTC';
END
$$;
