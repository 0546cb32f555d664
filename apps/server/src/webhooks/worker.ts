import type { Services } from "@invite/api";
import type { Logger } from "pino";
import { Webhook } from "standardwebhooks";
import { exponentialBackoff } from "../mail/worker.ts";
import { postWebhook, type PostOptions, type WebhookResponse } from "./post.ts";

export interface WebhookWorkerOptions {
  services: Pick<Services, "db" | "clock" | "sealer">;
  logger: Logger;
  /** WEBHOOK_ALLOW_PRIVATE_TARGETS: development only. */
  allowPrivateTargets: boolean;
  /** The User-Agent's version. */
  version: string;
  pollIntervalMs?: number;
  batchSize?: number;
  /** Delay before the next attempt, given the attempts made so far: as the email outbox, 30 s doubling to an hour. */
  backoff?: (attempt: number) => number;
  /** How long a delivery is retried before it is FAILED: 3 days. */
  retryWindowMs?: number;
  /** How long an endpoint may fail without a success before it is disabled: 3 days. */
  disableAfterMs?: number;
  timeoutMs?: number;
  maxResponseBytes?: number;
  /** False: no timer; the caller drives the worker with `runOnce()` (tests). */
  poll?: boolean;
  errorDelayMs?: number;
  /** While this says so (the API is busy), a full round waits the poll interval: as the email outbox's. */
  yieldWhile?: () => boolean;
}

export interface WebhookWorker {
  stop(): Promise<void>;
  /** Claims one batch of due deliveries, sends them and records the outcome; returns how many were claimed. */
  runOnce(): Promise<number>;
}

const FAILURE_WINDOW_MS = 3 * 24 * 3_600_000;
/** Well above the 10 s a send may take: a process that dies mid-send gives the delivery back after it. */
const LEASE_MS = 60_000;

interface ClaimedDelivery {
  id: string;
  endpointId: string;
  eventId: string;
  type: string;
  payload: unknown;
  attempts: number;
  createdAt: Date;
  url: string;
  sealedSecret: string;
  failingSince: Date | null;
}

/**
 * Delivers the webhook outbox (`WebhookDelivery` rows the database's triggers write in the
 * transaction of each change), like the email worker: each round claims due rows in one
 * statement (`FOR UPDATE SKIP LOCKED`, attempts + 1, `nextAttemptAt` pushed out by a lease), so
 * processes sharing a database never send one row at once; then signs and POSTs outside any
 * transaction, and records the result guarded by the claim.
 *
 * In order per subject (one invitation, one member) and endpoint: a row is claimable only while
 * no earlier row of its subject and endpoint is queued, so event n+1 waits while n is in flight
 * or retrying. At least once: a 2xx marks the row SENT; anything else is retried with backoff,
 * for 3 days, after which the row is FAILED (the log offers redelivery) and the next
 * event of its subject goes. An endpoint with no success for 3 days is disabled, with a notice
 * (`disabledReason`) and an audit event; its queued rows wait for an admin to enable it again.
 */
export function startWebhookWorker(options: WebhookWorkerOptions): WebhookWorker {
  const { services, logger } = options;
  const { prisma } = services.db;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const errorDelayMs = options.errorDelayMs ?? 5_000;
  const batchSize = options.batchSize ?? 25;
  const backoff = options.backoff ?? exponentialBackoff;
  const retryWindowMs = options.retryWindowMs ?? FAILURE_WINDOW_MS;
  const disableAfterMs = options.disableAfterMs ?? FAILURE_WINDOW_MS;
  const post: PostOptions = {
    allowPrivate: options.allowPrivateTargets,
    timeoutMs: options.timeoutMs ?? 10_000,
    maxResponseBytes: options.maxResponseBytes ?? 64 * 1024,
  };
  const userAgent = `invite-webhooks/${options.version}`;
  const log = logger.child({ component: "webhooks" });

  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let failingSince: Date | null = null;
  const inFlight = new Set<Promise<unknown>>();

  async function claim(): Promise<ClaimedDelivery[]> {
    const now = services.clock.now();
    const leaseUntil = new Date(now.getTime() + LEASE_MS);
    // Timestamps travel as ISO text cast to the column's type (UTC wall time), as in the email outbox.
    return prisma.$queryRaw<ClaimedDelivery[]>`
      WITH due AS (
        SELECT d."id" FROM "WebhookDelivery" d
        JOIN "WebhookEndpoint" e ON e."id" = d."endpointId" AND e."disabledAt" IS NULL
        WHERE d."status" = 'QUEUED' AND d."nextAttemptAt" <= ${now.toISOString()}::timestamp(3)
          AND NOT EXISTS (
            SELECT 1 FROM "WebhookDelivery" earlier
            WHERE earlier."endpointId" = d."endpointId" AND earlier."subject" = d."subject"
              AND earlier."status" = 'QUEUED' AND earlier."seq" < d."seq")
        ORDER BY d."seq"
        LIMIT ${batchSize}::integer
        FOR UPDATE OF d SKIP LOCKED
      )
      UPDATE "WebhookDelivery" AS w
      SET "attempts" = w."attempts" + 1, "nextAttemptAt" = ${leaseUntil.toISOString()}::timestamp(3)
      FROM due, "WebhookEndpoint" e
      WHERE w."id" = due."id" AND e."id" = w."endpointId"
      RETURNING w."id", w."endpointId", w."eventId", w."type", w."payload", w."attempts", w."createdAt",
        e."url", e."sealedSecret", e."failingSince"`;
  }

  /** The Standard Webhooks request: webhook-id, webhook-timestamp (now) and the signature over them and the body. */
  function sign(delivery: ClaimedDelivery, body: string): Record<string, string> {
    const secret = services.sealer.unseal(delivery.sealedSecret);
    const at = services.clock.now();
    return {
      "content-type": "application/json",
      "user-agent": userAgent,
      "webhook-id": delivery.eventId,
      "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
      "webhook-signature": new Webhook(secret).sign(delivery.eventId, at, body),
    };
  }

  async function deliver(delivery: ClaimedDelivery): Promise<void> {
    const context = { deliveryId: delivery.id, endpointId: delivery.endpointId, type: delivery.type, attempt: delivery.attempts };
    const body = JSON.stringify(delivery.payload);
    let headers: Record<string, string> | null = null;
    try {
      headers = sign(delivery, body);
    } catch {
      // Unsealing failed: the key changed since the endpoint was made.
    }
    const response: WebhookResponse = headers
      ? await postWebhook({ url: delivery.url, headers, body }, post)
      : { status: null, latencyMs: 0, error: "Cannot unseal the endpoint's secret: the server's sealing key changed. Delete the endpoint and create it again." };
    const now = services.clock.now();
    const claimed = { id: delivery.id, status: "QUEUED" as const, attempts: delivery.attempts };
    const attempt = { responseStatus: response.status, latencyMs: response.latencyMs };

    if (response.error === null) {
      await prisma.$transaction([
        prisma.webhookDelivery.updateMany({ where: claimed, data: { ...attempt, status: "SENT", lastError: null, deliveredAt: now } }),
        prisma.webhookEndpoint.updateMany({ where: { id: delivery.endpointId, failingSince: { not: null } }, data: { failingSince: null } }),
      ]);
      log.info({ ...context, status: response.status, latencyMs: response.latencyMs }, "webhook delivered");
      return;
    }

    const givingUp = now.getTime() - delivery.createdAt.getTime() >= retryWindowMs;
    const retryAt = new Date(now.getTime() + Math.max(0, backoff(delivery.attempts)));
    await prisma.$transaction(async (tx) => {
      await tx.webhookDelivery.updateMany({
        where: claimed,
        data: { ...attempt, lastError: response.error, ...(givingUp ? { status: "FAILED" } : { nextAttemptAt: retryAt }) },
      });
      const since = delivery.failingSince ?? now;
      if (!delivery.failingSince) {
        await tx.webhookEndpoint.updateMany({ where: { id: delivery.endpointId, failingSince: null }, data: { failingSince: now } });
      } else if (now.getTime() - since.getTime() >= disableAfterMs) {
        const days = Math.round(disableAfterMs / 86_400_000);
        const reason = `Disabled after failing for ${days} days without a success. Last error: ${response.error}`;
        const { count } = await tx.webhookEndpoint.updateMany({
          where: { id: delivery.endpointId, disabledAt: null },
          data: { disabledAt: now, disabledReason: reason },
        });
        if (count === 1) {
          await tx.auditEvent.create({
            data: { actorId: null, action: "webhook.disable", targetType: "webhook", targetId: delivery.endpointId, data: { reason: response.error, failingSince: since.toISOString() }, createdAt: now },
          });
          log.error({ ...context, failingSince: since }, "webhook endpoint disabled after failing for days");
        }
      }
    });
    log.warn({ ...context, status: response.status, error: response.error, retryAt: givingUp ? null : retryAt }, givingUp ? "webhook failed for good" : "webhook not delivered; will retry");
  }

  function track<T>(promise: Promise<T>): Promise<T> {
    inFlight.add(promise);
    void promise.finally(() => inFlight.delete(promise)).catch(() => {});
    return promise;
  }

  async function runOnce(): Promise<number> {
    if (stopped) return 0;
    return track(
      (async () => {
        const deliveries = await claim();
        await Promise.all(
          deliveries.map((delivery) =>
            deliver(delivery).catch((error: unknown) => {
              // The database failed while recording; the lease brings the row back.
              log.error({ deliveryId: delivery.id, err: error }, "could not record a webhook delivery");
            }),
          ),
        );
        return deliveries.length;
      })(),
    );
  }

  async function tick() {
    timer = null;
    let delay = pollIntervalMs;
    try {
      if ((await runOnce()) === batchSize && !options.yieldWhile?.()) delay = 0;
      if (failingSince) {
        log.info({ since: failingSince }, "webhook outbox reachable again");
        failingSince = null;
      }
    } catch (error) {
      if (!failingSince) {
        failingSince = new Date();
        log.error({ err: error }, "cannot read the webhook outbox; retrying");
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
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
  };
}
