import type { PrismaClient } from "@invite/db";

/** The claim an accepted send is recorded under: the row, and the attempt this process made. */
export interface AcceptedSend {
  id: string;
  attempts: number;
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
export function createSentRecords(prisma: PrismaClient, now: () => Date): SentRecords {
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
          // (UTC without a time zone, as Prisma writes them).
          const rows = await prisma.$queryRaw<{ id: string }[]>`
            UPDATE "EmailMessage" AS m
            SET "status" = 'SENT', "sentAt" = ${now().toISOString()}::timestamp(3), "lastError" = NULL, "sealedSecret" = NULL
            FROM unnest(${batch.map((w) => w.send.id)}::text[], ${batch.map((w) => w.send.attempts)}::integer[]) AS s("id", "attempts")
            WHERE m."id" = s."id" AND m."attempts" = s."attempts"
            RETURNING m."id"`;
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
