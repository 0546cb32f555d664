import { REMINDER_TEMPLATE } from "@invite/api";
import type { PrismaClient } from "@invite/db";
import { REMINDER_HOURS_DEFAULT } from "@invite/schemas";

/** The claim an accepted send is recorded under: the row, and the attempt this process made. */
export interface AcceptedSend {
  id: string;
  attempts: number;
  /**
   * An invitation email's: the id its reminder gets and the sealed token it repeats. The reminder
   * is scheduled in the statement that records the send (invitations/reminders.ts in @invite/api).
   */
  reminder?: { id: string; sealedSecret: string; /** Hex SHA-256 of the token: the link the invitation must still have. */ linkHash: string } | undefined;
}

export interface SentRecords {
  /**
   * Records the send SENT (and erases its secret), if the row still carries this attempt.
   * Resolves true when it did, false when another process has claimed the row since; rejects
   * when the database refused the statement (the caller retries).
   */
  record(send: AcceptedSend): Promise<boolean>;
}

/** Rows per statement, at most. */
const MAX_ROWS = 500;

interface Waiting {
  send: AcceptedSend;
  resolve(recorded: boolean): void;
  reject(error: unknown): void;
}

/**
 * Group commit of SENT records: one UPDATE at a time, each taking every send accepted while the
 * previous one ran. A send alone is recorded at once, as before; a bulk invitation's thousands go
 * in tens per statement instead of one statement, one round trip and one commit each, which was
 * most of the outbox's database work (bench/README.md, outbox-delivery).
 */
export function createSentRecords(
  prisma: PrismaClient,
  now: () => Date,
  /** The reminder lead time until an admin saves settings (24 hours). */
  defaultReminderHours: number = REMINDER_HOURS_DEFAULT,
): SentRecords {
  const waiting: Waiting[] = [];
  let writing = false;

  async function writeAll() {
    writing = true;
    try {
      while (waiting.length) {
        const batch = waiting.splice(0, MAX_ROWS);
        try {
          // Guarded by the claim, not the status: a resend or revoke that marked the row FAILED
          // during the send was wrong about it. Timestamps as ISO text cast to the column's type
          // (UTC without a time zone, as Prisma writes them). An invitation email's reminder is
          // queued with it, due the lead time before the invitation expires, if that is still
          // ahead and the invitation pending with this email's link; one per email (reminderForId
          // is unique).
          const sentAt = now().toISOString();
          const ids = batch.map((w) => w.send.id);
          // The invitations this records a first delivery for are locked before their emails, the
          // order resend and revoke take them in: the database's trigger that then stamps their
          // deliveredAt would otherwise wait on one while holding an email it wants (a deadlock).
          // Every row the UPDATE joins needs the count, so the locks come first.
          const rows = await prisma.$queryRaw<{ id: string }[]>`
            WITH first_deliveries AS MATERIALIZED (
              SELECT i."id" FROM "Invitation" AS i
              WHERE i."deliveredAt" IS NULL
                AND i."id" IN (SELECT "invitationId" FROM "EmailMessage" WHERE "id" = ANY(${ids}::text[]))
              ORDER BY i."id" FOR UPDATE
            ), sent AS (
              UPDATE "EmailMessage" AS m
              SET "status" = 'SENT', "sentAt" = ${sentAt}::timestamp(3), "lastError" = NULL, "sealedSecret" = NULL
              FROM unnest(
                ${ids}::text[],
                ${batch.map((w) => w.send.attempts)}::integer[],
                ${batch.map((w) => w.send.reminder?.id ?? null)}::text[],
                ${batch.map((w) => w.send.reminder?.sealedSecret ?? null)}::text[],
                ${batch.map((w) => w.send.reminder?.linkHash ?? null)}::text[]
              ) AS s("id", "attempts", "reminderId", "secret", "linkHash"),
              (SELECT count(*) FROM first_deliveries) AS locked
              WHERE m."id" = s."id" AND m."attempts" = s."attempts"
              RETURNING m."id", m."invitationId", m."to", m."payload", s."reminderId", s."secret", s."linkHash"
            ), lead AS (
              SELECT COALESCE((SELECT "reminderHoursBeforeExpiry" FROM "Settings" WHERE "id" = 1), ${defaultReminderHours}::integer) AS "hours"
            ), reminders AS (
              INSERT INTO "EmailMessage" ("id", "invitationId", "to", "template", "payload", "sealedSecret", "nextAttemptAt", "createdAt", "reminderForId")
              SELECT sent."reminderId", sent."invitationId", sent."to", ${REMINDER_TEMPLATE}, sent."payload", sent."secret",
                i."expiresAt" - make_interval(hours => lead."hours"), ${sentAt}::timestamp(3), sent."id"
              FROM sent JOIN "Invitation" AS i ON i."id" = sent."invitationId" CROSS JOIN lead
              WHERE sent."reminderId" IS NOT NULL AND sent."secret" IS NOT NULL AND lead."hours" > 0
                AND i."status" = 'PENDING' AND i."tokenHash" = decode(sent."linkHash", 'hex') AND i."expiresAt" - make_interval(hours => lead."hours") > ${sentAt}::timestamp(3)
              ON CONFLICT ("reminderForId") DO NOTHING
            )
            SELECT "id" FROM sent`;
          const recorded = new Set(rows.map((row) => row.id));
          for (const w of batch) w.resolve(recorded.has(w.send.id));
        } catch (error) {
          for (const w of batch) w.reject(error);
        }
      }
    } finally {
      writing = false;
    }
  }

  return {
    record(send) {
      return new Promise<boolean>((resolve, reject) => {
        waiting.push({ send, resolve, reject });
        if (!writing) void writeAll();
      });
    },
  };
}
