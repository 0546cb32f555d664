import { z } from "zod";
import type { Branding } from "@invite/schemas";
import { DEFAULT_EMAIL_BRAND, emailBrand, type EmailBrand } from "./brand.ts";
import type * as Templates from "./templates/index.ts";

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
  /** The action link the email carries; only the dev mailbox looks at it. */
  link: string | null;
  /**
   * The link gets into an existing account (a password reset): the dev mailbox, which every
   * admin can read, keeps the email without it, and only the server log shows it.
   */
  privateLink?: boolean;
}

/**
 * A queued email that can never be rendered: unknown template, malformed payload, missing
 * or unreadable secret. Retrying cannot help, so the worker fails it at once.
 */
export class EmailRenderError extends Error {
  override name = "EmailRenderError";
}

const invitationPayload = z.object({
  inviterName: z.string().min(1),
  inviterEmail: z.string().min(1),
  role: z.enum(["ADMIN", "MEMBER"]),
  message: z.string().nullable(),
  expiresAt: z.iso.datetime({ offset: true }),
  appUrl: z.url({ protocol: /^https?$/ }),
  /** The name the inviter gave; absent in emails queued without one. */
  inviteeName: z.string().optional(),
});

const passwordResetPayload = z.object({
  expiresAt: z.iso.datetime({ offset: true }),
  appUrl: z.url({ protocol: /^https?$/ }),
});

const signUpPayload = passwordResetPayload.extend({
  /** Joining through a shareable invitation link: as what, and who shared it (absent for open sign-up). */
  join: z.object({ role: z.enum(["ADMIN", "MEMBER"]), inviterName: z.string().nullable() }).optional(),
});

const accountExistsPayload = z.object({ appUrl: z.url({ protocol: /^https?$/ }) });

/** React and the templates load with the first email (templates/index.ts says why). */
let templates: Promise<typeof Templates> | undefined;
const loadTemplates = () => (templates ??= import("./templates/index.ts"));

/**
 * Renders a queued email. `secret` is the unsealed secret the email carries (the invitation
 * token); `now` is when it is sent, for "expires in 2 days"; `branding` is the workspace's as
 * it is when the email goes out (none: the product's own look).
 */
export async function renderEmail(
  template: string,
  payload: unknown,
  secret: string | null,
  now: Date = new Date(),
  branding: Branding | null = null,
): Promise<RenderedEmail> {
  // Every payload carries appUrl, which makes the logo's URL absolute.
  const appUrl = (payload as { appUrl?: unknown } | null)?.appUrl;
  const brand = branding && typeof appUrl === "string" && URL.canParse(appUrl) ? emailBrand(branding, appUrl) : DEFAULT_EMAIL_BRAND;
  switch (template) {
    case "invitation":
      return renderInvitation(payload, secret, now, brand);
    case "invitationReminder":
      return renderInvitationReminder(payload, secret, now, brand);
    case "passwordReset":
      return renderPasswordReset(payload, secret, now, brand);
    case "signUp":
      return renderSignUp(payload, secret, now, brand);
    case "accountExists":
      return renderAccountExists(payload, brand);
    default:
      throw new EmailRenderError(`Unknown email template "${template}".`);
  }
}

async function renderInvitation(payload: unknown, secret: string | null, now: Date, brand: EmailBrand): Promise<RenderedEmail> {
  const parsed = invitationPayload.safeParse(payload);
  if (!parsed.success) throw new EmailRenderError("Invalid invitation email payload.");
  if (!secret) throw new EmailRenderError("The invitation email has no link token.");
  const data = parsed.data;
  const appUrl = data.appUrl.replace(/\/+$/, "");
  const link = `${appUrl}/invite/${encodeURIComponent(secret)}`;
  const expiresAt = new Date(data.expiresAt);
  // A dead link helps no one; the admin sees FAILED and can send a fresh one.
  if (expiresAt <= now) throw new EmailRenderError("The invitation expired before it could be delivered.");
  const inviterName = oneLine(data.inviterName);
  const { renderInvitationEmail } = await loadTemplates();
  const content = await renderInvitationEmail({
    brand,
    inviterName,
    inviterEmail: oneLine(data.inviterEmail),
    inviteeName: data.inviteeName ? oneLine(data.inviteeName) || null : null,
    role: data.role,
    message: data.message?.trim() || null,
    link,
    appHost: new URL(appUrl).host,
    expiresAt: formatUtc(expiresAt),
    expiresIn: formatRelative(expiresAt, now),
  });
  return { ...content, link };
}

/** The invitation email's payload and link, said again shortly before the link expires. */
async function renderInvitationReminder(payload: unknown, secret: string | null, now: Date, brand: EmailBrand): Promise<RenderedEmail> {
  const parsed = invitationPayload.safeParse(payload);
  if (!parsed.success) throw new EmailRenderError("Invalid invitation reminder payload.");
  if (!secret) throw new EmailRenderError("The invitation reminder has no link token.");
  const data = parsed.data;
  const appUrl = data.appUrl.replace(/\/+$/, "");
  const link = `${appUrl}/invite/${encodeURIComponent(secret)}`;
  const expiresAt = new Date(data.expiresAt);
  if (expiresAt <= now) throw new EmailRenderError("The invitation expired before its reminder could be delivered.");
  const { renderInvitationReminderEmail } = await loadTemplates();
  const content = await renderInvitationReminderEmail({
    brand,
    inviterName: oneLine(data.inviterName),
    inviteeName: data.inviteeName ? oneLine(data.inviteeName) || null : null,
    role: data.role,
    link,
    appHost: new URL(appUrl).host,
    expiresAt: formatUtc(expiresAt),
    expiresIn: formatRelative(expiresAt, now),
  });
  return { ...content, link };
}

async function renderPasswordReset(payload: unknown, secret: string | null, now: Date, brand: EmailBrand): Promise<RenderedEmail> {
  const parsed = passwordResetPayload.safeParse(payload);
  if (!parsed.success) throw new EmailRenderError("Invalid password reset email payload.");
  if (!secret) throw new EmailRenderError("The password reset email has no link token.");
  const appUrl = parsed.data.appUrl.replace(/\/+$/, "");
  const link = `${appUrl}/reset-password/${encodeURIComponent(secret)}`;
  const expiresAt = new Date(parsed.data.expiresAt);
  if (expiresAt <= now) throw new EmailRenderError("The reset link expired before it could be delivered.");
  const { renderPasswordResetEmail } = await loadTemplates();
  const content = await renderPasswordResetEmail({
    brand,
    link,
    appHost: new URL(appUrl).host,
    expiresAt: formatUtc(expiresAt),
    expiresIn: formatRelative(expiresAt, now),
  });
  return { ...content, link, privateLink: true };
}

async function renderSignUp(payload: unknown, secret: string | null, now: Date, brand: EmailBrand): Promise<RenderedEmail> {
  const parsed = signUpPayload.safeParse(payload);
  if (!parsed.success) throw new EmailRenderError("Invalid sign-up email payload.");
  if (!secret) throw new EmailRenderError("The sign-up email has no link token.");
  const appUrl = parsed.data.appUrl.replace(/\/+$/, "");
  const link = `${appUrl}/sign-up/${encodeURIComponent(secret)}`;
  const expiresAt = new Date(parsed.data.expiresAt);
  if (expiresAt <= now) throw new EmailRenderError("The sign-up link expired before it could be delivered.");
  const { renderSignUpEmail } = await loadTemplates();
  const content = await renderSignUpEmail({
    brand,
    link,
    appHost: new URL(appUrl).host,
    expiresAt: formatUtc(expiresAt),
    expiresIn: formatRelative(expiresAt, now),
    join: parsed.data.join && { role: parsed.data.join.role, inviterName: parsed.data.join.inviterName ? oneLine(parsed.data.join.inviterName) || null : null },
  });
  return { ...content, link };
}

async function renderAccountExists(payload: unknown, brand: EmailBrand): Promise<RenderedEmail> {
  const parsed = accountExistsPayload.safeParse(payload);
  if (!parsed.success) throw new EmailRenderError("Invalid account-exists email payload.");
  const appUrl = parsed.data.appUrl.replace(/\/+$/, "");
  const { renderAccountExistsEmail } = await loadTemplates();
  const content = await renderAccountExistsEmail({
    brand,
    signInUrl: `${appUrl}/sign-in`,
    resetUrl: `${appUrl}/forgot-password`,
    appHost: new URL(appUrl).host,
  });
  return { ...content, link: null };
}

/** Header-safe and tidy: no control characters, no runs of whitespace. */
function oneLine(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f\s]+/g, " ").trim();
}

const utcFormat = new Intl.DateTimeFormat("en-US", { timeZone: "UTC", dateStyle: "full", timeStyle: "short" });

/** "Friday, January 9, 2026 at 10:00 AM UTC" */
export function formatUtc(date: Date): string {
  return `${utcFormat.format(date).replace(/\s/g, " ")} UTC`;
}

const relativeFormat = new Intl.RelativeTimeFormat("en", { numeric: "always" });
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "in 45 minutes", "in 48 hours", "in 7 days" (hours up to two days, then days). */
export function formatRelative(date: Date, now: Date): string {
  const ms = date.getTime() - now.getTime();
  if (ms < HOUR) return relativeFormat.format(Math.max(1, Math.round(ms / MINUTE)), "minute");
  if (ms <= 2 * DAY) return relativeFormat.format(Math.round(ms / HOUR), "hour");
  return relativeFormat.format(Math.round(ms / DAY), "day");
}
