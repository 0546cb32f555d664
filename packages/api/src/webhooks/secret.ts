import { randomBytes } from "node:crypto";

/**
 * A new endpoint secret as Standard Webhooks writes it: "whsec_" and 32 random bytes in base64
 * (the library's Webhook class takes it as it is). Shown once; stored sealed.
 */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}
