import { z } from "zod";
import { emailSchema, inviteeNameSchema, nameSchema, redirectUrlSchema, roleSchema } from "./fields.ts";
import { signUpDomainsSchema } from "./sign-up.ts";
import { accentColorSchema, workspaceNameSchema } from "./branding.ts";
import { DeliveryStatus, InvitationStatus, Registration } from "./enums.ts";

export const INVITE_HOURS_MIN = 1;
export const INVITE_HOURS_MAX = 30 * 24;
export const INVITE_HOURS_DEFAULT = 48;

export const inviteHoursSchema = z
  .number({ error: "Enter a number of hours." })
  .int("Use whole hours.")
  .min(INVITE_HOURS_MIN, "An invitation lasts at least 1 hour.")
  .max(INVITE_HOURS_MAX, "An invitation lasts at most 30 days (720 hours).");

export const invitationStatusSchema = z.enum(InvitationStatus);
export const deliveryStatusSchema = z.enum(DeliveryStatus);

export const createInvitationInput = z.object({
  email: emailSchema,
  role: roleSchema.default("MEMBER"),
  expiresInHours: inviteHoursSchema.optional(),
  message: z.string().trim().max(1000, "Keep the message under 1,000 characters.").optional(),
  /** Who they are: greets them in the email and fills in the accept page's name. */
  name: inviteeNameSchema.optional(),
  /** Where they go after accepting: a path here, or a URL on this origin or a TRUSTED_ORIGINS one; "" for none. */
  redirectUrl: redirectUrlSchema.optional(),
});
export type CreateInvitationInput = z.input<typeof createInvitationInput>;

/** Most people one `invitation.createMany` call takes; a longer list goes in several calls. */
export const BULK_INVITE_MAX = 10_000;

/**
 * Many people at once. Each address is checked on its own and answered in the results (an
 * unusable one is `invalid`, not a refusal of the whole list), so it is any bounded string here.
 */
export const createManyInvitationsInput = z.object({
  people: z
    .array(
      z.object({
        email: z.string().max(512, "Email is too long."),
        // A list's empty cell ("", spaces) is no name; anything else is held to create's rules.
        name: z
          .string()
          .trim()
          .transform((name) => name || undefined)
          .pipe(inviteeNameSchema.optional())
          .optional(),
      }),
    )
    .min(1, "Add at least one person.")
    .max(BULK_INVITE_MAX, `Invite at most ${BULK_INVITE_MAX.toLocaleString("en")} people at once.`),
  role: createInvitationInput.shape.role,
  expiresInHours: createInvitationInput.shape.expiresInHours,
  message: createInvitationInput.shape.message,
  redirectUrl: createInvitationInput.shape.redirectUrl,
});
export type CreateManyInvitationsInput = z.input<typeof createManyInvitationsInput>;

/**
 * The list the invite dialog is about to send, to learn before sending who already has a
 * pending invitation (it would be renewed) or an account. Bounded as createMany's list is.
 */
export const checkEmailsInput = z.object({
  emails: z
    .array(z.string().max(512, "Email is too long."))
    .min(1, "Add at least one address.")
    .max(BULK_INVITE_MAX, `Check at most ${BULK_INVITE_MAX.toLocaleString("en")} addresses at once.`),
});

/** How each person in `invitation.createMany` ended, in the order they were given. */
export const bulkInviteOutcomes = ["invited", "renewed", "already_member", "invalid"] as const;
export type BulkInviteOutcome = (typeof bulkInviteOutcomes)[number];
export const bulkInviteOutcomeSchema = z.enum(bulkInviteOutcomes);

/** Why a person in `invitation.createMany` is `invalid`, with words the dialog shows. */
export const bulkInviteReasonMessages = {
  INVALID_EMAIL: "Not a valid email address.",
  DUPLICATE: "Already earlier in the list: invited once.",
  RATE_LIMITED: "This address got 5 invitation emails in the last hour; try again later.",
} as const;
export type BulkInviteReason = keyof typeof bulkInviteReasonMessages;

/**
 * A raw token as it arrives from a link. Anything malformed (missing, a 10 KB string, a
 * number) becomes "", which no invitation has, so it is INVITATION_NOT_FOUND like any
 * unknown token (docs/CONTRACT.md), and junk never reaches hashing.
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

/** The invitation list as CSV (an admin's GET, with the session cookie), with the list's filters as query parameters. */
export const INVITATIONS_CSV_PATH = "/api/invitations.csv";
export const exportInvitationsQuery = listInvitationsInput.pick({ status: true, search: true }).strict();

export const invitationIdInput = z.object({ id: z.string().min(1).max(64) });

/** `invitation.setReminder`: whether this invitation gets its reminder email before it expires. */
export const setReminderInput = invitationIdInput.extend({ enabled: z.boolean() });

export const registrationSchema = z.enum(Registration);

export const INVITES_PER_ADMIN_PER_HOUR_DEFAULT = 500;
/** The most a setting may allow: ten full bulk lists an hour. */
export const INVITES_PER_ADMIN_PER_HOUR_MAX = 100_000;

export const invitesPerAdminPerHourSchema = z
  .number({ error: "Enter a number of invitations." })
  .int("Use a whole number.")
  .min(1, "Allow at least 1 invitation an hour.")
  .max(INVITES_PER_ADMIN_PER_HOUR_MAX, `Allow at most ${INVITES_PER_ADMIN_PER_HOUR_MAX.toLocaleString("en")} invitations an hour.`);

/** Reminder emails go out this many hours before an invitation expires; 0 turns them off. */
export const REMINDER_HOURS_DEFAULT = 24;
export const reminderHoursSchema = z
  .number({ error: "Enter a number of hours." })
  .int("Use whole hours.")
  .min(0, "Use 0 to send no reminders.")
  .max(INVITE_HOURS_MAX, "A reminder goes out at most 30 days (720 hours) before the invitation expires.");

export const settingsInput = z.object({
  registration: registrationSchema,
  defaultInviteHours: inviteHoursSchema,
  /** Left out: unchanged. */
  invitesPerAdminPerHour: invitesPerAdminPerHourSchema.optional(),
  /** Open sign-up only for these email domains; [] for any. Left out: unchanged. */
  signUpDomains: signUpDomainsSchema.optional(),
  /** The name shown in the header, the accept page and emails; null clears it. Left out: unchanged. */
  workspaceName: workspaceNameSchema.optional(),
  /** "#rrggbb"; null for the default. Left out: unchanged. */
  accentColor: accentColorSchema.optional(),
  /** Hours before expiry that an invitation's reminder email goes out; 0: none. Left out: unchanged. */
  reminderHoursBeforeExpiry: reminderHoursSchema.optional(),
  /** Where people go after joining when their invitation or link names nowhere; null or "" clears it. Left out: unchanged. */
  defaultRedirectUrl: redirectUrlSchema.nullable().optional(),
});
export type SettingsInput = z.infer<typeof settingsInput>;
