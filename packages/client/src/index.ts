// @invite/client: what a frontend needs to call the API, typed, and nothing of the server.
export type { AppRouter, ErrorData, ErrorShape, FieldErrors, RouterInputs, RouterOutputs } from "./router.ts";
export { createInviteClient, type InviteClient, type InviteClientOptions } from "./client.ts";
export {
  getErrorMessage,
  getErrorReason,
  getFieldErrors,
  isInviteClientError,
  isNetworkError,
  reasonMessage,
  type InviteClientError,
} from "./errors.ts";
export { DeliveryStatus, InvitationStatus, isReason, reasons, Registration, Role, type Reason } from "@invite/schemas";
export {
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_TEST_EVENT,
  type WebhookEvent,
  type WebhookEventType,
  type WebhookInvitationData,
  type WebhookMemberData,
} from "@invite/schemas";
