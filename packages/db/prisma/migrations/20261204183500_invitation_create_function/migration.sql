-- invitation.create as one statement (packages/api/src/invitations/create.ts): through Prisma it
-- took 13 statements and round trips (settings twice, two rate-limit buckets, BEGIN, the email's
-- lock, the member and pending checks, the invitation, its outbox email, its audit event, COMMIT),
-- each costing the server 0.25-0.5 ms of CPU. A call of this function is atomic by itself.
-- PL/pgSQL, not one data-modifying CTE: each statement of a volatile function sees what other
-- transactions committed before it ran, so the checks after the lock see the invitation that a
-- concurrent create of the same email has just made (one CTE would keep its first snapshot).
-- Servers call it as a named prepared statement: to change what it takes or returns, add a
-- function with a new name rather than replace this one under the servers still running.

-- The admin's hourly allowance (invitations/limits.ts): `p_count` emails, all or none, in
-- rate-limiter-flexible's bucket and window. The bucket's end, or NULL when refused (nothing spent).
-- An INSERT (no bucket yet) is not checked by the WHERE: a count over the whole allowance is refused first.
CREATE FUNCTION invite_allowance_spend(p_key TEXT, p_count INTEGER, p_allowance INTEGER, p_now_ms BIGINT, p_window_ms BIGINT)
RETURNS BIGINT LANGUAGE plpgsql AS $$
DECLARE
  v_expire BIGINT;
BEGIN
  IF p_count > p_allowance THEN
    RETURN NULL;
  END IF;
  INSERT INTO "RateLimit" ("key", "points", "expire") VALUES (p_key, p_count, p_now_ms + p_window_ms)
  ON CONFLICT ("key") DO UPDATE SET
    "points" = CASE WHEN "RateLimit"."expire" <= p_now_ms THEN p_count ELSE "RateLimit"."points" + p_count END,
    "expire" = CASE WHEN "RateLimit"."expire" <= p_now_ms THEN p_now_ms + p_window_ms ELSE "RateLimit"."expire" END
  WHERE "RateLimit"."expire" <= p_now_ms OR "RateLimit"."points" + p_count <= p_allowance
  RETURNING "expire" INTO v_expire;
  RETURN v_expire;
END
$$;

-- Invites `p_email`, or renews its pending invitation (new link, new expiry, sendCount + 1, its
-- queued emails superseded), with its outbox email (`p_payload` with the expiry set here, the
-- token sealed by the caller) and its audit event. With `p_admin_key`, first the admin's
-- allowance (the setting, else `p_default_allowance`), and with `p_recipient_key` the
-- recipient's limit, spent as rate-limiter-flexible's `consume` spends it (a refused one still
-- counts, as there). Outcomes: 'created', 'renewed'; refused: 'allowance' (nothing spent;
-- limit_points and limit_expire are the admin's bucket, if it is in its window), 'recipient'
-- (limit_points and limit_expire are the recipient's bucket), 'member' (the email has an account,
-- or its pending invitation was accepted meanwhile). A refusal writes nothing but the buckets.
CREATE FUNCTION invitation_create(
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
      "role" = p_role::"Role", "message" = p_message, "expiresAt" = v_expires, "lifetimeHours" = lifetime_hours,
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
    INSERT INTO "Invitation" ("id", "email", "role", "message", "tokenHash", "status", "expiresAt", "lifetimeHours",
      "sendCount", "invitedById", "createdAt", "updatedAt")
    VALUES (p_invitation_id, p_email, p_role::"Role", p_message, p_token_hash, 'PENDING', v_expires, lifetime_hours,
      1, p_inviter_id, p_now, p_now)
    RETURNING * INTO v_invitation;
    outcome := 'created';
  END IF;

  INSERT INTO "EmailMessage" ("id", "invitationId", "to", "template", "payload", "sealedSecret", "status", "attempts",
    "nextAttemptAt", "createdAt")
  VALUES (p_email_id, v_invitation."id", p_email, 'invitation',
    jsonb_set(p_payload, '{expiresAt}', to_jsonb(to_char(v_expires, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))),
    p_sealed_secret, 'QUEUED', 0, p_now, p_now);

  INSERT INTO "AuditEvent" ("id", "actorId", "action", "targetType", "targetId", "ip", "data", "createdAt")
  VALUES (p_audit_id, p_inviter_id, CASE outcome WHEN 'renewed' THEN 'invitation.refresh' ELSE 'invitation.create' END,
    'invitation', v_invitation."id", p_ip, jsonb_build_object('email', p_email, 'role', p_role), p_now);

  -- Timestamps are stored as UTC wall time: handed back as instants, whatever the session's zone.
  invitation_id := v_invitation."id";
  invitation_name := v_invitation."name";
  expires_at := v_invitation."expiresAt" AT TIME ZONE 'UTC';
  send_count := v_invitation."sendCount";
  created_at := v_invitation."createdAt" AT TIME ZONE 'UTC';
END
$$;
