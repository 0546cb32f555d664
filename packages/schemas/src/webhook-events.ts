/*
 * The webhook events (issue 15, docs/webhooks.md): their stable type names and the JSON each
 * carries. Apart from the inputs (webhook.ts) so that a client importing these takes no zod.
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
