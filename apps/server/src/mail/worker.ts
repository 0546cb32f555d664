import type { Services } from "@invite/api";
import type { Logger } from "pino";
import { EmailRenderError, renderEmail, type RenderedEmail } from "./render.ts";
import { MailSendError, type MailTransport } from "./transport.ts";

export interface OutboxWorkerOptions {
  services: Pick<Services, "db" | "clock" | "sealer">;
  transport: MailTransport;
  logger: Logger;
  /** How often to look for due emails when the last batch was not full. */
  pollIntervalMs?: number;
  /** Emails claimed, and sent in parallel, per round. */
  batchSize?: number;
  /**
   * How long after it was queued an email without a link expiry is retried (48 h). An email
   * whose payload has `expiresAt` (invitation, password reset) is retried until its link expires.
   */
  deliveryWindowMs?: number;
  /** Delay before the next attempt, given how many attempts were made so far (1, 2, …). */
  backoff?: (attempt: number) => number;
  /**
   * How long a claimed email is reserved for the process that claimed it. If that process
   * dies mid-send, another one takes the email over once the lease has passed. Keep it well
   * above the transport's own send timeout (60 s for SMTP).
   */
  leaseMs?: number;
  /** False: no timer; the caller drives the worker with `runOnce()` (tests, scripts). */
  poll?: boolean;
}

export interface OutboxWorker {
  /** Stops polling and waits for the sends in flight to finish and be recorded. */
  stop(): Promise<void>;
  /** Claims one batch of due emails, sends them and records the outcome; returns how many were claimed. */
  runOnce(): Promise<number>;
}

const BACKOFF_BASE_MS = 30_000;
const BACKOFF_CAP_MS = 3_600_000;
const DELIVERY_WINDOW_MS = 48 * 3_600_000;

/**
 * 30 s, 1 min, 2 min, … doubling per attempt, each ±20% so that retries after an outage
 * spread out, and never more than an hour.
 */
export function exponentialBackoff(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1), BACKOFF_CAP_MS);
  return Math.min(Math.round(base * (0.8 + 0.4 * random())), BACKOFF_CAP_MS);
}

/** A row as the claim returns it. */
interface ClaimedEmail {
  id: string;
  invitationId: string | null;
  to: string;
  template: string;
  payload: unknown;
  sealedSecret: string | null;
  /** Including the attempt just claimed. */
  attempts: number;
  /** The previous attempt's transient failure, if any. */
  lastError: string | null;
  createdAt: Date;
}

/**
 * The last moment an email is worth sending: the expiry of the link it carries (the same
 * `expiresAt` the renderer refuses to send past), or, without one, a fixed window after it
 * was queued. Transient failures are retried until then, however long the outage.
 */
export function deliveryDeadline(
  email: { payload: unknown; createdAt: Date },
  deliveryWindowMs: number = DELIVERY_WINDOW_MS,
): Date {
  return linkExpiry(email.payload) ?? new Date(email.createdAt.getTime() + deliveryWindowMs);
}

function linkExpiry(payload: unknown): Date | null {
  const expiresAt = typeof payload === "object" && payload !== null ? (payload as { expiresAt?: unknown }).expiresAt : undefined;
  if (typeof expiresAt !== "string") return null;
  const date = new Date(expiresAt);
  return Number.isNaN(date.getTime()) ? null : date;
}

type Outcome = "sent" | "retry" | "failed";

/**
 * Delivers the outbox (`EmailMessage` rows written in the same transaction as what they
 * announce). Each round claims due rows in one short statement (`FOR UPDATE SKIP LOCKED`,
 * attempts + 1, `nextAttemptAt` pushed out by the lease), so processes sharing a database
 * never claim the same row at once; then sends outside any transaction and records the
 * result. Delivery is at least once: only a process that dies between the SMTP server's
 * "accepted" and the database write, or a send outliving its lease, can repeat an email.
 *
 * A transient failure (server down, slow, 4xx) is retried with backoff for as long as the
 * email is useful, see `deliveryDeadline`, so an SMTP outage of any length loses nothing;
 * at the deadline the email is FAILED with that last error. A permanent failure (5xx to
 * the recipient, an email that cannot be rendered) is FAILED at once.
 */
export function startOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { services, transport, logger } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const batchSize = options.batchSize ?? 10;
  const deliveryWindowMs = options.deliveryWindowMs ?? DELIVERY_WINDOW_MS;
  const backoff = options.backoff ?? exponentialBackoff;
  const leaseMs = options.leaseMs ?? 120_000;
  const { prisma } = services.db;
  const log = logger.child({ component: "outbox" });

  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let failingSince: Date | null = null;
  const inFlight = new Set<Promise<unknown>>();

  function track<T>(promise: Promise<T>): Promise<T> {
    inFlight.add(promise);
    void promise.finally(() => inFlight.delete(promise)).catch(() => {});
    return promise;
  }

  async function claim(): Promise<ClaimedEmail[]> {
    const now = services.clock.now();
    const leaseUntil = new Date(now.getTime() + leaseMs);
    // Timestamps travel as ISO text cast to the column's type (timestamp without time zone,
    // holding UTC, as Prisma writes it), so the session time zone never shifts them.
    return prisma.$queryRaw<ClaimedEmail[]>`
      WITH due AS (
        SELECT "id" FROM "EmailMessage"
        WHERE "status" = 'QUEUED' AND "nextAttemptAt" <= ${now.toISOString()}::timestamp(3)
        ORDER BY "nextAttemptAt", "id"
        LIMIT ${batchSize}::integer
        FOR UPDATE SKIP LOCKED
      )
      UPDATE "EmailMessage" AS m
      SET "attempts" = m."attempts" + 1, "nextAttemptAt" = ${leaseUntil.toISOString()}::timestamp(3)
      FROM due
      WHERE m."id" = due."id"
      RETURNING m."id", m."invitationId", m."to", m."template", m."payload", m."sealedSecret", m."attempts",
        m."lastError", m."createdAt"`;
  }

  /** Renders what can be rendered; anything thrown here would be thrown again on every attempt. */
  async function prepare(email: ClaimedEmail, now: Date): Promise<RenderedEmail> {
    let secret: string | null = null;
    if (email.sealedSecret) {
      try {
        secret = services.sealer.unseal(email.sealedSecret);
      } catch {
        throw new EmailRenderError(
          "Cannot unseal the link this email carries: the server's sealing key changed after it was queued. Send the invitation again.",
        );
      }
    }
    return renderEmail(email.template, email.payload, secret, now);
  }

  async function deliver(email: ClaimedEmail): Promise<Outcome> {
    const context = { emailId: email.id, invitationId: email.invitationId, template: email.template, attempt: email.attempts };
    const now = services.clock.now();
    const deadline = deliveryDeadline(email, deliveryWindowMs);
    const pastDeadline = now >= deadline;

    let rendered: RenderedEmail;
    try {
      // The renderer refuses a link that has expired, which is the deadline of an email with one.
      rendered = await prepare(email, now);
      if (pastDeadline) throw new EmailRenderError(`Not delivered before its deadline (${deadline.toISOString()}).`);
    } catch (error) {
      const reason = error instanceof EmailRenderError ? error.message : `Could not render the email: ${describe(error)}`;
      // Out of time after transient failures: the last one is what the admin needs to see.
      return fail(email, pastDeadline && email.lastError ? `${reason} Last error: ${email.lastError}` : reason, context);
    }

    try {
      await transport.send({ to: email.to, ...rendered });
    } catch (error) {
      const reason = describe(error);
      if (error instanceof MailSendError && error.permanent) return fail(email, reason, context);
      // Never later than the deadline, so the email is settled (FAILED) when it stops being useful.
      const backoffUntil = services.clock.now().getTime() + Math.max(0, backoff(email.attempts));
      const retryAt = new Date(Math.min(backoffUntil, deadline.getTime()));
      // Guarded by the attempt count: if this send outlived its lease and another process
      // has claimed the row since, its outcome is the one that counts.
      await prisma.emailMessage.updateMany({
        where: { id: email.id, status: "QUEUED", attempts: email.attempts },
        data: { lastError: reason, nextAttemptAt: retryAt },
      });
      log.warn({ ...context, retryAt, error: reason }, "email not delivered; will retry");
      return "retry";
    }

    // Sent: erase the secret, it has no further use.
    await prisma.emailMessage.updateMany({
      where: { id: email.id, status: "QUEUED" },
      data: { status: "SENT", sentAt: services.clock.now(), lastError: null, sealedSecret: null },
    });
    log.info(context, "email sent");
    return "sent";
  }

  async function fail(email: ClaimedEmail, reason: string, context: object): Promise<Outcome> {
    await prisma.emailMessage.updateMany({
      where: { id: email.id, status: "QUEUED", attempts: email.attempts },
      data: { status: "FAILED", lastError: reason, sealedSecret: null },
    });
    log.error({ ...context, error: reason }, "email delivery failed for good");
    return "failed";
  }

  async function runOnce(): Promise<number> {
    if (stopped) return 0;
    return track(
      (async () => {
        const emails = await claim();
        await Promise.all(
          emails.map((email) =>
            deliver(email).catch((error: unknown) => {
              // The database failed while recording an outcome; the lease brings the row back.
              log.error({ emailId: email.id, err: error }, "could not record an email's delivery");
            }),
          ),
        );
        return emails.length;
      })(),
    );
  }

  async function tick() {
    timer = null;
    let delay = pollIntervalMs;
    try {
      const claimed = await runOnce();
      if (claimed === batchSize) delay = 0; // more are probably due
      if (failingSince) {
        log.info({ since: failingSince }, "outbox reachable again");
        failingSince = null;
      }
    } catch (error) {
      // Typically the database is down; say so once, then keep trying quietly.
      if (!failingSince) {
        failingSince = new Date();
        log.error({ err: error }, "cannot read the outbox; retrying");
      }
      delay = Math.max(pollIntervalMs, 5_000);
    }
    if (!stopped) timer = setTimeout(() => void tick(), delay).unref();
  }

  if (options.poll !== false) timer = setTimeout(() => void tick(), 0).unref();

  return {
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
  };
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, " ").trim().slice(0, 300) || "Unknown error.";
}
