import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { getBranding, NO_BRANDING, REMINDER_TEMPLATE, reminderRefusal, uuid7s, type Services } from "@invite/api";
import type { Branding } from "@invite/schemas";
import type { Logger } from "pino";
import { EmailRenderError, renderEmail, type RenderedEmail } from "./render.ts";
import { createSentRecords } from "./sent-records.ts";
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
  /** How long polling waits after the outbox could not be read (the database is down): 5 s. */
  errorDelayMs?: number;
  /**
   * While this says so (the API is busy answering requests), a round that found more due waits
   * the poll interval instead of starting at once: a burst of invitations is answered first, a
   * batch a second goes out meanwhile, and the rest right after.
   */
  yieldWhile?: () => boolean;
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
  /** The lease this process holds on the row (`nextAttemptAt`), set at the claim. */
  leaseUntil: Date;
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

/**
 * What became of a claimed email. `superseded`: a resend or revoke settled the row while this
 * attempt failed, so its record (FAILED, with the reason) stands and nothing is retried.
 */
type Outcome = "sent" | "retry" | "failed" | "superseded";

/** First wait before writing a send's record again after the database refused it; doubles to the cap. */
const RECORD_RETRY_MS = 250;
const RECORD_RETRY_CAP_MS = 5_000;

/**
 * Delivers the outbox (`EmailMessage` rows written in the same transaction as what they
 * announce). Each round claims due rows in one short statement (`FOR UPDATE SKIP LOCKED`,
 * attempts + 1, `nextAttemptAt` pushed out by the lease), so processes sharing a database
 * never claim the same row at once; then sends outside any transaction and records the
 * result. The lease is extended while the send and its record are under way.
 *
 * A send the SMTP server accepted is recorded SENT whatever happened meanwhile: if the
 * database refuses the write, it is retried with backoff until it lands (while the process
 * runs), so a database blip never sends an email again; a resend or revoke that settled the
 * row during the send is overwritten, since the email did go out. Only a process that dies
 * between the accept and the record can repeat an email, and the repeat carries the same
 * Message-ID (made from the row's id), so mail systems can tell it is the same message.
 *
 * A transient failure (server down, slow, 4xx) is retried with backoff for as long as the
 * email is useful, see `deliveryDeadline`, so an SMTP outage of any length loses nothing;
 * at the deadline the email is FAILED with that last error. A permanent failure (5xx to
 * the recipient, an email that cannot be rendered) is FAILED at once.
 */
export function startOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { services, transport, logger } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const errorDelayMs = options.errorDelayMs ?? 5_000;
  // Each round sends its emails at once, over the transport's pooled connections.
  const batchSize = options.batchSize ?? 25;
  const deliveryWindowMs = options.deliveryWindowMs ?? DELIVERY_WINDOW_MS;
  const backoff = options.backoff ?? exponentialBackoff;
  const leaseMs = options.leaseMs ?? 120_000;
  const { prisma } = services.db;
  const log = logger.child({ component: "outbox" });
  const sentRecords = createSentRecords(prisma, () => services.clock.now());

  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let failingSince: Date | null = null;
  const inFlight = new Set<Promise<unknown>>();
  /** Ends the waits between attempts to record a send, once stop() is called. */
  const stopping = new AbortController();

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
    const rows = await prisma.$queryRaw<Array<Omit<ClaimedEmail, "leaseUntil">>>`
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
    return rows.map((row) => ({ ...row, leaseUntil }));
  }

  /**
   * Keeps this attempt's claim on the row until `release()`: pushes the lease out every third
   * of it, so a slow send or a record that waits for the database is not taken over by
   * another process. Best effort: with the database down, no one can claim the row either.
   */
  function holdLease(email: ClaimedEmail): { release(): void } {
    let held = email.leaseUntil;
    const renew = async () => {
      const next = new Date(services.clock.now().getTime() + leaseMs);
      try {
        // Only the lease this process set: a renewal landing after the attempt recorded a retry
        // time (or anything else) changes nothing.
        const { count } = await prisma.emailMessage.updateMany({
          where: { id: email.id, status: "QUEUED", attempts: email.attempts, nextAttemptAt: held },
          data: { nextAttemptAt: next },
        });
        if (count === 1) held = next;
      } catch (error) {
        log.debug({ emailId: email.id, err: error }, "could not extend an email's lease");
      }
    };
    const interval = setInterval(() => void renew(), Math.max(1, Math.floor(leaseMs / 3))).unref();
    return { release: () => clearInterval(interval) };
  }

  /** Renders what can be rendered; anything thrown here would be thrown again on every attempt. */
  async function prepare(email: ClaimedEmail, now: Date, branding: Branding): Promise<RenderedEmail> {
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
    return renderEmail(email.template, email.payload, secret, now, branding);
  }

  async function deliver(email: ClaimedEmail, branding: Branding): Promise<Outcome> {
    const context = { emailId: email.id, invitationId: email.invitationId, template: email.template, attempt: email.attempts };
    const now = services.clock.now();
    const deadline = deliveryDeadline(email, deliveryWindowMs);
    const pastDeadline = now >= deadline;

    // A reminder goes out only if it is still wanted and its link still the invitation's.
    if (email.template === REMINDER_TEMPLATE) {
      const refusal = await reminderRefusal(prisma, email, peekSecret(email), now);
      if (refusal) return cancel(email, refusal, context);
    }

    let rendered: RenderedEmail;
    try {
      // The renderer refuses a link that has expired, which is the deadline of an email with one.
      rendered = await prepare(email, now, branding);
      if (pastDeadline) throw new EmailRenderError(`Not delivered before its deadline (${deadline.toISOString()}).`);
    } catch (error) {
      const reason = error instanceof EmailRenderError ? error.message : `Could not render the email: ${describe(error)}`;
      // Out of time after transient failures: the last one is what the admin needs to see.
      return fail(email, pastDeadline && email.lastError ? `${reason} Last error: ${email.lastError}` : reason, context);
    }

    try {
      await transport.send({ to: email.to, ...rendered, id: email.id });
    } catch (error) {
      const reason = describe(error);
      if (error instanceof MailSendError && error.permanent) return fail(email, reason, context);
      // Never later than the deadline, so the email is settled (FAILED) when it stops being useful.
      const backoffUntil = services.clock.now().getTime() + Math.max(0, backoff(email.attempts));
      const retryAt = new Date(Math.min(backoffUntil, deadline.getTime()));
      // Guarded by the claim: a resend or revoke meanwhile (FAILED, superseded) stands, and so
      // does another process's attempt if this one outlived its lease.
      const { count } = await prisma.emailMessage.updateMany({
        where: { id: email.id, status: "QUEUED", attempts: email.attempts },
        data: { lastError: reason, nextAttemptAt: retryAt },
      });
      if (count === 0) return superseded(context, reason);
      log.warn({ ...context, retryAt, error: reason }, "email not delivered; will retry");
      return "retry";
    }

    await recordSent(email, context);
    log.info(context, "email sent");
    return "sent";
  }

  /**
   * The SMTP server accepted the email: record it SENT (and erase the secret, it has no further
   * use), retrying until the database takes the write. Guarded by the claim, not the status: a
   * resend or revoke that marked the row FAILED during the send was wrong about it. Records of
   * sends accepted together share a statement (sent-records.ts).
   */
  async function recordSent(email: ClaimedEmail, context: object): Promise<void> {
    const send = { id: email.id, attempts: email.attempts, reminder: reminderOf(email) };
    for (let wait = RECORD_RETRY_MS; ; wait = Math.min(wait * 2, RECORD_RETRY_CAP_MS)) {
      try {
        const recorded = await sentRecords.record(send);
        // Only if this send outlived its lease and another process claimed the row since.
        if (!recorded) log.warn(context, "email sent, but another process had taken it over; it may arrive twice");
        return;
      } catch (error) {
        if (stopping.signal.aborted) {
          log.error({ ...context, err: error }, "email sent, but the database refused its record at shutdown; it may be sent again");
          return;
        }
        log.warn({ ...context, err: error, retryInMs: wait }, "could not record that an email was sent; retrying");
        await sleep(wait, undefined, { signal: stopping.signal }).catch(() => {});
      }
    }
  }

  /** The sealed token, or null when it cannot be unsealed (rendering then says why). */
  function peekSecret(email: ClaimedEmail): string | null {
    try {
      return email.sealedSecret ? services.sealer.unseal(email.sealedSecret) : null;
    } catch {
      return null;
    }
  }

  /** Settles a reminder that is no longer wanted: FAILED with the reason, its secret erased, nothing sent. */
  async function cancel(email: ClaimedEmail, reason: string, context: object): Promise<Outcome> {
    const { count } = await prisma.emailMessage.updateMany({
      where: { id: email.id, status: "QUEUED", attempts: email.attempts },
      data: { status: "FAILED", lastError: reason, sealedSecret: null },
    });
    if (count === 0) return superseded(context, reason);
    log.info({ ...context, reason }, "reminder not sent");
    return "failed";
  }

  /**
   * An invitation email's reminder, scheduled with its SENT record (sent-records.ts): its id, the
   * same sealed token, and the token's hash, so that it is scheduled only while the link is still
   * the invitation's (a resend during this send has replaced it).
   */
  function reminderOf(email: ClaimedEmail) {
    const secret = email.template === "invitation" && email.invitationId ? peekSecret(email) : null;
    if (!secret || !email.sealedSecret) return undefined;
    return { id: uuid7s(1)[0]!, sealedSecret: email.sealedSecret, linkHash: createHash("sha256").update(secret).digest("hex") };
  }

  function superseded(context: object, reason: string): Outcome {
    log.info({ ...context, error: reason }, "email not delivered, and superseded meanwhile (resend or revoke): not retried");
    return "superseded";
  }

  async function fail(email: ClaimedEmail, reason: string, context: object): Promise<Outcome> {
    const { count } = await prisma.emailMessage.updateMany({
      where: { id: email.id, status: "QUEUED", attempts: email.attempts },
      data: { status: "FAILED", lastError: reason, sealedSecret: null },
    });
    if (count === 0) return superseded(context, reason);
    log.error({ ...context, error: reason }, "email delivery failed for good");
    return "failed";
  }

  /**
   * The workspace's name, colour and logo as they are now, once a round: an email looks like
   * the product when it goes out. Unreadable a moment after the claim worked: send unbranded
   * rather than hold the round for its lease.
   */
  async function currentBranding(): Promise<Branding> {
    try {
      return await getBranding(prisma);
    } catch (error) {
      log.warn({ err: error }, "could not read the workspace branding; sending these emails without it");
      return NO_BRANDING;
    }
  }

  async function runOnce(): Promise<number> {
    if (stopped) return 0;
    return track(
      (async () => {
        const emails = await claim();
        const branding = emails.length ? await currentBranding() : NO_BRANDING;
        await Promise.all(
          emails.map(async (email) => {
            const lease = holdLease(email);
            try {
              await deliver(email, branding);
            } catch (error) {
              // The database failed while recording a failure; the lease brings the row back.
              log.error({ emailId: email.id, err: error }, "could not record an email's delivery");
            } finally {
              lease.release();
            }
          }),
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
      if (claimed === batchSize && !options.yieldWhile?.()) delay = 0; // more are probably due
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
      delay = Math.max(pollIntervalMs, errorDelayMs);
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
      // A record still waiting for the database gets one last try rather than hold shutdown.
      stopping.abort();
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
  };
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, " ").trim().slice(0, 300) || "Unknown error.";
}
