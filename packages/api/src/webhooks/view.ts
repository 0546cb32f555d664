import type { DeliveryStatus, WebhookEventType } from "@invite/schemas";

/** An endpoint as `webhook.list` shows it: never its secret. */
export interface WebhookEndpointView {
  id: string;
  url: string;
  events: WebhookEventType[];
  description: string | null;
  enabled: boolean;
  /** Set while disabled: by an admin, or by the server after failing for days (the notice). */
  disabledAt: Date | null;
  disabledReason: string | null;
  /** When deliveries started failing without a success since; null while healthy. */
  failingSince: Date | null;
  createdAt: Date;
}

/** One delivery in an endpoint's log. */
export interface WebhookDeliveryView {
  id: string;
  /** The webhook-id header: the same on retries and redeliveries of one event. */
  eventId: string;
  type: string;
  status: DeliveryStatus;
  attempts: number;
  /** The last attempt's HTTP status, null when there was no answer (refused, timed out, blocked). */
  responseStatus: number | null;
  latencyMs: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

export const endpointSelect = {
  id: true,
  url: true,
  events: true,
  description: true,
  disabledAt: true,
  disabledReason: true,
  failingSince: true,
  createdAt: true,
} as const;

export function toEndpointView(row: {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  disabledAt: Date | null;
  disabledReason: string | null;
  failingSince: Date | null;
  createdAt: Date;
}): WebhookEndpointView {
  return { ...row, events: row.events as WebhookEventType[], enabled: row.disabledAt === null };
}

export const deliverySelect = {
  id: true,
  eventId: true,
  type: true,
  status: true,
  attempts: true,
  responseStatus: true,
  latencyMs: true,
  lastError: true,
  nextAttemptAt: true,
  deliveredAt: true,
  createdAt: true,
} as const;

export function toDeliveryView(row: Omit<WebhookDeliveryView, "nextAttemptAt"> & { nextAttemptAt: Date }): WebhookDeliveryView {
  return { ...row, nextAttemptAt: row.status === "QUEUED" ? row.nextAttemptAt : null };
}
