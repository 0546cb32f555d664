import type { PrismaClient } from "@invite/db";
import { INVITES_PER_ADMIN_PER_HOUR_DEFAULT, REMINDER_HOURS_DEFAULT, type Registration } from "@invite/schemas";

/**
 * A new install: invitation only, 48-hour invitations, 500 invitation emails per admin an
 * hour, a reminder email 24 hours before an invitation expires, and (once sign-up is opened)
 * any email domain.
 */
export const DEFAULT_SETTINGS: AppSettings = {
  registration: "INVITE_ONLY",
  defaultInviteHours: 48,
  invitesPerAdminPerHour: INVITES_PER_ADMIN_PER_HOUR_DEFAULT,
  signUpDomains: [],
  workspaceName: null,
  accentColor: null,
  reminderHoursBeforeExpiry: REMINDER_HOURS_DEFAULT,
  defaultRedirectUrl: null,
};

/** The settings row's fields that mean something (the row also has its id and update time). */
export interface AppSettings {
  registration: Registration;
  defaultInviteHours: number;
  invitesPerAdminPerHour: number;
  signUpDomains: string[];
  workspaceName: string | null;
  accentColor: string | null;
  /** Hours before expiry that an invitation's reminder email goes out; 0: none. */
  reminderHoursBeforeExpiry: number;
  /** Where people go after joining when their invitation or link names nowhere (redirects.ts); null: home. */
  defaultRedirectUrl: string | null;
}

/**
 * The single settings row, or the defaults until an admin first saves. A plain read: an
 * upsert here raced under concurrent first requests (unique violations, 500s).
 */
export async function getSettings(prisma: Pick<PrismaClient, "settings">): Promise<AppSettings> {
  return (await prisma.settings.findUnique({ where: { id: 1 } })) ?? DEFAULT_SETTINGS;
}
