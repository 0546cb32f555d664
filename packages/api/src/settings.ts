import type { PrismaClient, Settings } from "@invite/db";

/** A new install: invitation only, 48-hour invitations. */
export const DEFAULT_SETTINGS = { registration: "INVITE_ONLY", defaultInviteHours: 48 } as const;

/**
 * The single settings row, or the defaults until an admin first saves. A plain read: an
 * upsert here raced under concurrent first requests (unique violations, 500s).
 */
export async function getSettings(
  prisma: Pick<PrismaClient, "settings">,
): Promise<Pick<Settings, "registration" | "defaultInviteHours">> {
  return (await prisma.settings.findUnique({ where: { id: 1 } })) ?? DEFAULT_SETTINGS;
}
