import type { TRPCRouterRecord } from "@trpc/server";
import { createWebhookInput, updateWebhookInput, webhookDeliveriesInput, webhookIdInput, webhookRedeliverInput } from "@invite/schemas";
import { adminProcedure } from "../trpc.ts";
import { listWebhookDeliveries, redeliverWebhook, sendTestWebhook } from "../webhooks/deliveries.ts";
import { createWebhookEndpoint, deleteWebhookEndpoint, listWebhookEndpoints, updateWebhookEndpoint } from "../webhooks/endpoints.ts";

/**
 * Signed webhooks (issue 15, SECURITY 38), for admins: endpoints (the secret shown once, at
 * create), their delivery log, a test event and redelivery. Events are queued by the database's
 * triggers and sent by the server's webhook worker.
 */
export const webhookRouter = {
  create: adminProcedure
    .input(createWebhookInput)
    .mutation(({ ctx, input }) => createWebhookEndpoint(ctx, { user: ctx.user, ip: ctx.request.ip }, input)),

  list: adminProcedure.query(({ ctx }) => listWebhookEndpoints(ctx)),

  update: adminProcedure
    .input(updateWebhookInput)
    .mutation(({ ctx, input }) => updateWebhookEndpoint(ctx, { user: ctx.user, ip: ctx.request.ip }, input)),

  delete: adminProcedure
    .input(webhookIdInput)
    .mutation(({ ctx, input }) => deleteWebhookEndpoint(ctx, { user: ctx.user, ip: ctx.request.ip }, input.id)),

  deliveries: adminProcedure.input(webhookDeliveriesInput).query(({ ctx, input }) => listWebhookDeliveries(ctx, input)),

  test: adminProcedure.input(webhookIdInput).mutation(({ ctx, input }) => sendTestWebhook(ctx, { user: ctx.user, ip: ctx.request.ip }, input.id)),

  redeliver: adminProcedure
    .input(webhookRedeliverInput)
    .mutation(({ ctx, input }) => redeliverWebhook(ctx, { user: ctx.user, ip: ctx.request.ip }, input.deliveryId)),
} satisfies TRPCRouterRecord;
