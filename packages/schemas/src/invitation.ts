import { z } from "zod";
import { emailSchema, nameSchema, roleSchema } from "./fields.ts";

export const INVITE_HOURS_MIN = 1;
export const INVITE_HOURS_MAX = 30 * 24;
export const INVITE_HOURS_DEFAULT = 48;

export const inviteHoursSchema = z
  .number({ error: "Enter a number of hours." })
  .int("Use whole hours.")
  .min(INVITE_HOURS_MIN, "An invitation lasts at least 1 hour.")
  .max(INVITE_HOURS_MAX, "An invitation lasts at most 30 days (720 hours).");

export const invitationStatusSchema = z.enum(["PENDING", "ACCEPTED", "REVOKED", "EXPIRED"]);
export type InvitationStatus = z.infer<typeof invitationStatusSchema>;

export const deliveryStatusSchema = z.enum(["QUEUED", "SENT", "FAILED"]);
export type DeliveryStatus = z.infer<typeof deliveryStatusSchema>;

export const createInvitationInput = z.object({
  email: emailSchema,
  role: roleSchema.default("MEMBER"),
  expiresInHours: inviteHoursSchema.optional(),
  message: z.string().trim().max(1000, "Keep the message under 1,000 characters.").optional(),
});
export type CreateInvitationInput = z.input<typeof createInvitationInput>;

/**
 * A raw token as it arrives from a link. Anything malformed (missing, a 10 KB string, a
 * number) becomes "", which no invitation has, so it is INVITATION_NOT_FOUND like any
 * unknown token (CONTRACT), and junk never reaches hashing.
 */
export const invitationTokenSchema = z.string().max(128).catch("");

export const acceptInvitationInput = z.object({
  token: invitationTokenSchema,
  // Strength is judged by the API, which answers WEAK_PASSWORD with the reason.
  password: z.string().max(2048, "Password is too long."),
  name: nameSchema.optional(),
});

export const listInvitationsInput = z.object({
  status: invitationStatusSchema.optional(),
  search: z.string().trim().max(254).optional(),
  cursor: z.string().max(64).optional(),
  limit: z.number().int().min(1).max(100).default(25),
});

export const invitationIdInput = z.object({ id: z.string().min(1).max(64) });

export const registrationSchema = z.enum(["INVITE_ONLY", "OPEN"]);
export type Registration = z.infer<typeof registrationSchema>;

export const settingsInput = z.object({
  registration: registrationSchema,
  defaultInviteHours: inviteHoursSchema,
});
export type SettingsInput = z.infer<typeof settingsInput>;
