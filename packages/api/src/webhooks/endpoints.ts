import { WEBHOOK_ENDPOINTS_MAX, type createWebhookInput, type updateWebhookInput } from "@invite/schemas";
import type { z } from "zod";
import { recordAudit } from "../audit.ts";
import type { Services } from "../context.ts";
import { AppError } from "../errors.ts";
import type { Actor } from "../invitations/shared.ts";
import { newWebhookSecret } from "./secret.ts";
import { endpointSelect, toEndpointView, type WebhookEndpointView } from "./view.ts";

const notFound = () => new AppError("NOT_FOUND", "That webhook endpoint does not exist.");

/** `webhook.create`: the secret is in this answer and nowhere else; the database holds it sealed. */
export async function createWebhookEndpoint(
  services: Services,
  actor: Actor,
  input: z.output<typeof createWebhookInput>,
): Promise<{ endpoint: WebhookEndpointView; secret: string }> {
  const now = services.clock.now();
  const secret = newWebhookSecret();
  const endpoint = await services.db.prisma.$transaction(async (tx) => {
    // Two creates at once may both pass at the cap; a cap of 20 needs no lock to mean something.
    if ((await tx.webhookEndpoint.count()) >= WEBHOOK_ENDPOINTS_MAX) {
      throw new AppError("VALIDATION_FAILED", `A workspace has at most ${WEBHOOK_ENDPOINTS_MAX} webhook endpoints.`);
    }
    const row = await tx.webhookEndpoint.create({
      data: {
        url: input.url,
        events: input.events,
        description: input.description ?? null,
        sealedSecret: services.sealer.seal(secret),
        createdById: actor.user.id,
        createdAt: now,
      },
      select: endpointSelect,
    });
    await recordAudit(
      tx,
      { actorId: actor.user.id, action: "webhook.create", targetType: "webhook", targetId: row.id, ip: actor.ip, data: { url: row.url, events: row.events } },
      now,
    );
    return row;
  });
  return { endpoint: toEndpointView(endpoint), secret };
}

export async function listWebhookEndpoints(services: Services): Promise<WebhookEndpointView[]> {
  const rows = await services.db.prisma.webhookEndpoint.findMany({ select: endpointSelect, orderBy: { createdAt: "asc" } });
  return rows.map(toEndpointView);
}

/**
 * `webhook.update`: URL, events, description, and enabled. Enabling clears the failure notice,
 * and the deliveries still queued resume in order.
 */
export async function updateWebhookEndpoint(
  services: Services,
  actor: Actor,
  input: z.output<typeof updateWebhookInput>,
): Promise<WebhookEndpointView> {
  const now = services.clock.now();
  return services.db.prisma.$transaction(async (tx) => {
    const current = await tx.webhookEndpoint.findUnique({ where: { id: input.id }, select: endpointSelect });
    if (!current) throw notFound();
    const enabling = input.enabled === true && current.disabledAt !== null;
    const disabling = input.enabled === false && current.disabledAt === null;
    const row = await tx.webhookEndpoint.update({
      where: { id: input.id },
      data: {
        ...(input.url !== undefined && { url: input.url }),
        ...(input.events !== undefined && { events: input.events }),
        ...(input.description !== undefined && { description: input.description }),
        ...(enabling && { disabledAt: null, disabledReason: null, failingSince: null }),
        ...(disabling && { disabledAt: now, disabledReason: "Paused by an admin." }),
      },
      select: endpointSelect,
    });
    const { id: _id, ...changes } = input;
    await recordAudit(tx, { actorId: actor.user.id, action: "webhook.update", targetType: "webhook", targetId: row.id, ip: actor.ip, data: changes }, now);
    return toEndpointView(row);
  });
}

/** `webhook.delete`: the endpoint and its delivery log go; nothing more is sent to it. */
export async function deleteWebhookEndpoint(services: Services, actor: Actor, id: string): Promise<{ id: string }> {
  const now = services.clock.now();
  await services.db.prisma.$transaction(async (tx) => {
    const deleted = await tx.webhookEndpoint.deleteMany({ where: { id } });
    if (deleted.count === 0) throw notFound();
    await recordAudit(tx, { actorId: actor.user.id, action: "webhook.delete", targetType: "webhook", targetId: id, ip: actor.ip }, now);
  });
  return { id };
}
