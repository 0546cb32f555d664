import { z } from "zod";

/*
 * Signed webhooks (issue 15, SECURITY 38): an admin registers an endpoint (a URL and the events
 * it wants), is shown its secret once, and receives each event as a Standard Webhooks request
 * (webhook-id, webhook-timestamp, webhook-signature) with a JSON body { type, timestamp, data }.
 */

/** Every event type, stable: a receiver may switch on these strings. */
export const WEBHOOK_EVENT_TYPES = [
  "invitation.created",
  "invitation.resent",
  "invitation.revoked",
  "invitation.expired",
  "invitation.accepted",
  "member.joined",
  "member.role_changed",
  "member.suspended",
  "member.removed",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** What `webhook.test` sends: to the one endpoint asked, whatever it subscribes to. */
export const WEBHOOK_TEST_EVENT = "webhook.test";

/** The invitation as `invitation.*` events carry it (times RFC 3339, UTC). */
export interface WebhookInvitationData {
  id: string;
  email: string;
  name: string | null;
  role: "ADMIN" | "MEMBER";
  status: "PENDING" | "ACCEPTED" | "REVOKED" | "EXPIRED";
  expiresAt: string;
  /** 1 for a new invitation; each resend or renewal adds one. */
  sendCount: number;
  invitedById: string | null;
  acceptedById: string | null;
  createdAt: string;
}

/** The member as `member.*` events carry it; `member.removed` carries the account as it was. */
export interface WebhookMemberData {
  id: string;
  email: string;
  name: string;
  role: "ADMIN" | "MEMBER";
  suspended: boolean;
  joinedAt: string;
}

/** The body of every request, by type. */
export type WebhookEvent =
  | { type: Extract<WebhookEventType, `invitation.${string}`>; timestamp: string; data: WebhookInvitationData }
  | { type: "member.joined" | "member.suspended" | "member.removed"; timestamp: string; data: WebhookMemberData }
  | { type: "member.role_changed"; timestamp: string; data: WebhookMemberData & { previousRole: "ADMIN" | "MEMBER" } }
  | { type: typeof WEBHOOK_TEST_EVENT; timestamp: string; data: { endpointId: string; message: string } };

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
