-- Signed webhooks (issue 15, SECURITY 38): admins' endpoints and the webhook outbox. Events are
-- written by triggers on "Invitation" and "User", so every change that makes one (the app's
-- operations, invitation_create's SQL, the maintenance sweep's expiry, the CLI) queues it in its
-- own transaction: delivered if and only if the change commits. With no endpoint subscribed the
-- triggers stop at one indexed EXISTS, and the UPDATE triggers only fire when a watched column changes.
-- CreateTable
CREATE TABLE "WebhookEndpoint" (
    "id" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "events" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "sealedSecret" TEXT NOT NULL,
    "description" TEXT,
    "disabledAt" TIMESTAMP(3),
    "disabledReason" TEXT,
    "failingSince" TIMESTAMP(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WebhookEndpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "endpointId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'QUEUED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "responseStatus" INTEGER,
    "latencyMs" INTEGER,
    "deliveredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "WebhookEndpoint_createdAt_idx" ON "WebhookEndpoint"("createdAt");

-- CreateIndex
CREATE INDEX "WebhookDelivery_status_nextAttemptAt_idx" ON "WebhookDelivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "WebhookDelivery_endpointId_subject_seq_idx" ON "WebhookDelivery"("endpointId", "subject", "seq");

-- CreateIndex
CREATE INDEX "WebhookDelivery_endpointId_id_idx" ON "WebhookDelivery"("endpointId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_seq_key" ON "WebhookDelivery"("seq");

-- AddForeignKey
ALTER TABLE "WebhookEndpoint" ADD CONSTRAINT "WebhookEndpoint_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "WebhookEndpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Whether any enabled endpoint wants this type: the whole cost of an event nobody receives.
CREATE FUNCTION webhook_wanted(p_type TEXT) RETURNS BOOLEAN LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM "WebhookEndpoint" WHERE "disabledAt" IS NULL AND p_type = ANY("events"))
$$;

-- Timestamps are stored as UTC wall time (timestamp(3) without time zone): written as RFC 3339.
CREATE FUNCTION webhook_time(p_at TIMESTAMP) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
  SELECT to_char(p_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;

-- One event: a row per enabled endpoint subscribed to its type, all with one message id (the
-- Standard Webhooks webhook-id), and the body { type, timestamp, data } as it will be sent.
CREATE FUNCTION webhook_enqueue(p_type TEXT, p_subject TEXT, p_data JSONB) RETURNS VOID LANGUAGE plpgsql AS $$
DECLARE
  v_now TIMESTAMP(3) := now() AT TIME ZONE 'UTC';
  v_event_id TEXT := 'msg_' || replace(gen_random_uuid()::text, '-', '');
BEGIN
  INSERT INTO "WebhookDelivery" ("id", "endpointId", "eventId", "type", "subject", "payload", "nextAttemptAt", "createdAt")
  SELECT gen_random_uuid()::text, e."id", v_event_id, p_type, p_subject,
    jsonb_build_object('type', p_type, 'timestamp', webhook_time(v_now), 'data', p_data), v_now, v_now
  FROM "WebhookEndpoint" e
  WHERE e."disabledAt" IS NULL AND p_type = ANY(e."events")
  ORDER BY e."id";
END
$$;

CREATE FUNCTION webhook_invitation_event() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
  v_type TEXT;
BEGIN
  IF TG_OP = 'INSERT' THEN
    v_type := 'invitation.created';
  ELSIF NEW."sendCount" > OLD."sendCount" THEN
    -- A resend, a renewal by inviting the email again, or a reminder: a new link went out.
    v_type := 'invitation.resent';
  ELSIF NEW."status" IS DISTINCT FROM OLD."status" THEN
    v_type := CASE NEW."status"
      WHEN 'REVOKED' THEN 'invitation.revoked'
      WHEN 'EXPIRED' THEN 'invitation.expired'
      WHEN 'ACCEPTED' THEN 'invitation.accepted'
    END;
  END IF;
  IF v_type IS NULL OR NOT webhook_wanted(v_type) THEN
    RETURN NULL;
  END IF;
  PERFORM webhook_enqueue(v_type, 'invitation:' || NEW."id", jsonb_build_object(
    'id', NEW."id",
    'email', NEW."email",
    'name', NEW."name",
    'role', NEW."role",
    'status', NEW."status",
    'expiresAt', webhook_time(NEW."expiresAt"),
    'sendCount', NEW."sendCount",
    'invitedById', NEW."invitedById",
    'acceptedById', NEW."acceptedById",
    'createdAt', webhook_time(NEW."createdAt")));
  RETURN NULL;
END
$$;

CREATE TRIGGER "Invitation_webhook_insert" AFTER INSERT ON "Invitation"
  FOR EACH ROW EXECUTE FUNCTION webhook_invitation_event();
CREATE TRIGGER "Invitation_webhook_update" AFTER UPDATE OF "status", "sendCount" ON "Invitation"
  FOR EACH ROW WHEN (OLD."status" IS DISTINCT FROM NEW."status" OR OLD."sendCount" IS DISTINCT FROM NEW."sendCount")
  EXECUTE FUNCTION webhook_invitation_event();

CREATE FUNCTION webhook_member_data(p_user "User") RETURNS JSONB LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'id', p_user."id",
    'email', p_user."email",
    'name', p_user."name",
    'role', p_user."role",
    'suspended', p_user."suspendedAt" IS NOT NULL,
    'joinedAt', webhook_time(p_user."createdAt"))
$$;

CREATE FUNCTION webhook_member_event() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF webhook_wanted('member.joined') THEN
      PERFORM webhook_enqueue('member.joined', 'user:' || NEW."id", webhook_member_data(NEW));
    END IF;
  ELSIF TG_OP = 'DELETE' THEN
    IF webhook_wanted('member.removed') THEN
      PERFORM webhook_enqueue('member.removed', 'user:' || OLD."id", webhook_member_data(OLD));
    END IF;
  ELSE
    IF NEW."role" IS DISTINCT FROM OLD."role" AND webhook_wanted('member.role_changed') THEN
      PERFORM webhook_enqueue('member.role_changed', 'user:' || NEW."id",
        webhook_member_data(NEW) || jsonb_build_object('previousRole', OLD."role"));
    END IF;
    IF OLD."suspendedAt" IS NULL AND NEW."suspendedAt" IS NOT NULL AND webhook_wanted('member.suspended') THEN
      PERFORM webhook_enqueue('member.suspended', 'user:' || NEW."id", webhook_member_data(NEW));
    END IF;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "User_webhook_insert" AFTER INSERT ON "User"
  FOR EACH ROW EXECUTE FUNCTION webhook_member_event();
CREATE TRIGGER "User_webhook_delete" AFTER DELETE ON "User"
  FOR EACH ROW EXECUTE FUNCTION webhook_member_event();
CREATE TRIGGER "User_webhook_update" AFTER UPDATE OF "role", "suspendedAt" ON "User"
  FOR EACH ROW WHEN (OLD."role" IS DISTINCT FROM NEW."role" OR (OLD."suspendedAt" IS NULL AND NEW."suspendedAt" IS NOT NULL))
  EXECUTE FUNCTION webhook_member_event();
