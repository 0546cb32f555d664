import { z } from "zod";
import { emailSchema, redirectUrlSchema, roleSchema } from "./fields.ts";
import { signUpDomainSchema } from "./sign-up.ts";

/*
 * Shareable invitation links (what Slack and Linear call invite links): an admin makes one link
 * with a role, an expiry, a use cap and optionally allowed email domains, and anyone holding it
 * proves an email and joins (SECURITY 35, 36).
 */

/** A link lasts 1 hour to 30 days, or has no expiry (null). */
export const INVITE_LINK_HOURS_MIN = 1;
export const INVITE_LINK_HOURS_MAX = 30 * 24;
/** What `inviteLink.create` uses when `expiresInHours` is left out: a week (null is "never", on request). */
export const INVITE_LINK_HOURS_DEFAULT = 7 * 24;

/** A link admits 1 to 10,000 people, or any number (null). */
export const INVITE_LINK_USES_MAX = 10_000;

/** Most email domains one link may be limited to. */
export const INVITE_LINK_DOMAINS_MAX = 50;

/** How many of the people who joined through a link `inviteLink.list` names (newest first); `uses` counts them all. */
export const INVITE_LINK_JOINED_SHOWN = 10;

export const inviteLinkHoursSchema = z
  .number({ error: "Enter a number of hours." })
  .int("Use whole hours.")
  .min(INVITE_LINK_HOURS_MIN, "A link lasts at least 1 hour.")
  .max(INVITE_LINK_HOURS_MAX, "A link lasts at most 30 days (720 hours).");

export const inviteLinkMaxUsesSchema = z
  .number({ error: "Enter a number of uses." })
  .int("Use a whole number.")
  .min(1, "Allow at least 1 use.")
  .max(INVITE_LINK_USES_MAX, `Allow at most ${INVITE_LINK_USES_MAX.toLocaleString("en")} uses.`);

/** As the sign-up list: trimmed, lower-cased, a leading "@" dropped, exact domains, repeats once. */
export const inviteLinkDomainsSchema = z
  .array(signUpDomainSchema)
  .max(INVITE_LINK_DOMAINS_MAX, `List at most ${INVITE_LINK_DOMAINS_MAX} domains.`)
  .transform((domains) => [...new Set(domains)]);

export const createInviteLinkInput = z.object({
  /** Never above the creator's own (ROLE_NOT_ALLOWED). */
  role: roleSchema.default("MEMBER"),
  /** null: never expires; left out: a week. */
  expiresInHours: inviteLinkHoursSchema.nullable().default(INVITE_LINK_HOURS_DEFAULT),
  /** null or left out: no cap. */
  maxUses: inviteLinkMaxUsesSchema.nullable().default(null),
  /** [] or left out: any email domain. */
  allowedDomains: inviteLinkDomainsSchema.default([]),
  /** Where people who join through it go next, as an invitation's; "" or left out: none. */
  redirectUrl: redirectUrlSchema.optional(),
});
export type CreateInviteLinkInput = z.input<typeof createInviteLinkInput>;

export const listInviteLinksInput = z
  .object({
    cursor: z.string().max(64).optional(),
    limit: z.number().int().min(1).max(100).default(50),
  })
  .default({ limit: 50 });

export const inviteLinkIdInput = z.object({ id: z.string().min(1).max(64) });

/**
 * A link's token as it arrives from `/join/<token>`. Anything malformed (missing, 10 KB, a
 * number) becomes "", which no link has: INVITE_LINK_NOT_FOUND like any unknown token, a 4xx
 * (SECURITY 6), and junk never reaches hashing.
 */
export const inviteLinkTokenSchema = z.string().max(128).catch("");

export const inviteLinkTokenInput = z.object({ token: inviteLinkTokenSchema });

export const joinInviteLinkInput = z.object({ token: inviteLinkTokenSchema, email: emailSchema });

/**
 * What a link is now: `ACTIVE` (it admits people), `REVOKED` (an admin stopped it, or it grants
 * admin and its creator is no longer an active admin), `EXPIRED`, or `FULL` (its uses are spent).
 */
export const inviteLinkStatuses = ["ACTIVE", "REVOKED", "EXPIRED", "FULL"] as const;
export type InviteLinkStatus = (typeof inviteLinkStatuses)[number];
export const inviteLinkStatusSchema = z.enum(inviteLinkStatuses);

/** The reason each unusable status answers with. */
export const inviteLinkRefusals = {
  REVOKED: "INVITE_LINK_REVOKED",
  EXPIRED: "INVITE_LINK_EXPIRED",
  FULL: "INVITE_LINK_FULL",
} as const satisfies Record<Exclude<InviteLinkStatus, "ACTIVE">, string>;

/** `${APP_URL}/join/<token>`; the SPA's page for it is `/join/:token`. */
export const INVITE_LINK_PATH = "/join/";
