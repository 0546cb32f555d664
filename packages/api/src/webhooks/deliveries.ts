import { randomUUID } from "node:crypto";
import { WEBHOOK_TEST_EVENT, type webhookDeliveriesInput } from "@invite/schemas";
import type { Prisma } from "@invite/db";
import type { z } from "zod";
import { recordAudit } from "../audit.ts";
import type { Services } from "../context.ts";
import { AppError } from "../errors.ts";
import type { Actor } from "../invitations/shared.ts";
import { deliverySelect, toDeliveryView, type WebhookDeliveryView } from "./view.ts";

/** `webhook.deliveries`: an endpoint's log, newest first, a page at a time. */
export async function listWebhookDeliveries(
  services: Services,
  input: z.output<typeof webhookDeliveriesInput>,
): Promise<{ items: WebhookDeliveryView[]; nextCursor: string | null }> {
  const { prisma } = services.db;
  const endpoint = await prisma.webhookEndpoint.findUnique({ where: { id: input.endpointId }, select: { id: true } });
  if (!endpoint) throw new AppError("NOT_FOUND", "That webhook endpoint does not exist.");
  const rows = await prisma.webhookDelivery.findMany({
    where: { endpointId: input.endpointId, ...(input.cursor && { seq: { lt: await seqOf(services, input.cursor) } }) },
    orderBy: { seq: "desc" },
    take: input.limit + 1,
    select: { ...deliverySelect, seq: true },
  });
  const page = rows.slice(0, input.limit);
  return {
    items: page.map(({ seq: _seq, ...row }) => toDeliveryView(row)),
    nextCursor: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

async function seqOf(services: Services, deliveryId: string): Promise<bigint> {
  const row = await services.db.prisma.webhookDelivery.findUnique({ where: { id: deliveryId }, select: { seq: true } });
  if (!row) throw new AppError("VALIDATION_FAILED", "That page of the delivery log no longer exists; start from the first.");
  return row.seq;
}

function nowUtc(now: Date) {
  return now.toISOString();
}

/** `webhook.test`: one `webhook.test` event to this endpoint alone, queued like any other. */
export async function sendTestWebhook(services: Services, actor: Actor, id: string): Promise<WebhookDeliveryView> {
  const now = services.clock.now();
  return services.db.prisma.$transaction(async (tx) => {
    const endpoint = await tx.webhookEndpoint.findUnique({ where: { id }, select: { id: true } });
    if (!endpoint) throw new AppError("NOT_FOUND", "That webhook endpoint does not exist.");
    const eventId = `msg_${randomUUID().replaceAll("-", "")}`;
    const payload = {
      type: WEBHOOK_TEST_EVENT,
      timestamp: nowUtc(now),
      data: { endpointId: id, message: "A test event sent from the webhook settings." },
    } satisfies Prisma.InputJsonValue;
    const row = await tx.webhookDelivery.create({
      data: { endpointId: id, eventId, type: WEBHOOK_TEST_EVENT, subject: `test:${eventId}`, payload, nextAttemptAt: now, createdAt: now },
      select: deliverySelect,
    });
    await recordAudit(tx, { actorId: actor.user.id, action: "webhook.test", targetType: "webhook", targetId: id, ip: actor.ip }, now);
    return toDeliveryView(row);
  });
}

/**
 * `webhook.redeliver`: the same event (same webhook-id, same body) queued again to the same
 * endpoint, after whatever is queued for its subject, so a receiver that deduplicates by
 * webhook-id sees it once. Works on any delivery, sent or failed.
 */
export async function redeliverWebhook(services: Services, actor: Actor, deliveryId: string): Promise<WebhookDeliveryView> {
  const now = services.clock.now();
  return services.db.prisma.$transaction(async (tx) => {
    const original = await tx.webhookDelivery.findUnique({
      where: { id: deliveryId },
      select: { endpointId: true, eventId: true, type: true, subject: true, payload: true },
    });
    if (!original) throw new AppError("NOT_FOUND", "That delivery does not exist.");
    const row = await tx.webhookDelivery.create({
      data: { ...original, payload: original.payload as Prisma.InputJsonValue, nextAttemptAt: now, createdAt: now },
      select: deliverySelect,
    });
    await recordAudit(
      tx,
      { actorId: actor.user.id, action: "webhook.redeliver", targetType: "webhook", targetId: original.endpointId, ip: actor.ip, data: { deliveryId, eventId: original.eventId } },
      now,
    );
    return toDeliveryView(row);
  });
}
