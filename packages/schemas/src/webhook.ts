import { z } from "zod";
import { WEBHOOK_EVENT_TYPES } from "./webhook-events.ts";

/*
 * Signed webhooks (issue 15, SECURITY 38): an admin registers an endpoint (a URL and the events
 * it wants), is shown its secret once, and receives each event as a Standard Webhooks request
 * (webhook-id, webhook-timestamp, webhook-signature) with a JSON body { type, timestamp, data }.
 */

/** Most endpoints one workspace may register. */
export const WEBHOOK_ENDPOINTS_MAX = 20;
export const WEBHOOK_URL_MAX = 2048;
export const WEBHOOK_DESCRIPTION_MAX = 200;

export const webhookUrlSchema = z
  .string({ error: "Enter the endpoint's URL." })
  .trim()
  .min(1, "Enter the endpoint's URL.")
  .max(WEBHOOK_URL_MAX, `A URL has at most ${WEBHOOK_URL_MAX} characters.`)
  .pipe(z.url({ protocol: /^https?$/, error: "Enter an http:// or https:// URL." }))
  // Credentials in the URL would be shown in the list and the logs: the signature is the authentication.
  .refine((value) => !/^https?:\/\/[^/?#]*@/i.test(value), "Leave the user name and password out of the URL.");

export const webhookEventsSchema = z
  .array(z.enum(WEBHOOK_EVENT_TYPES, { error: "Choose events from the list." }))
  .min(1, "Choose at least one event.")
  .max(WEBHOOK_EVENT_TYPES.length)
  .transform((events) => [...new Set(events)]);

const webhookDescriptionSchema = z
  .string()
  .trim()
  .max(WEBHOOK_DESCRIPTION_MAX, `A description has at most ${WEBHOOK_DESCRIPTION_MAX} characters.`)
  .transform((value) => value || null);

const idSchema = z.string().min(1).max(64);

export const createWebhookInput = z.object({
  url: webhookUrlSchema,
  events: webhookEventsSchema,
  description: webhookDescriptionSchema.optional(),
});
export type CreateWebhookInput = z.input<typeof createWebhookInput>;

export const updateWebhookInput = z.object({
  id: idSchema,
  url: webhookUrlSchema.optional(),
  events: webhookEventsSchema.optional(),
  description: webhookDescriptionSchema.optional(),
  /** false pauses it; true enables it again (also after it was disabled for failing). */
  enabled: z.boolean().optional(),
});
export type UpdateWebhookInput = z.input<typeof updateWebhookInput>;

export const webhookIdInput = z.object({ id: idSchema });

export const webhookDeliveriesInput = z.object({
  endpointId: idSchema,
  cursor: idSchema.optional(),
  limit: z.number().int().min(1).max(100).default(50),
});

export const webhookRedeliverInput = z.object({ deliveryId: idSchema });
