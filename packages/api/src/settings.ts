import type { PrismaClient, Settings } from "@invite/db";

/** The single settings row; a new install is INVITE_ONLY with 48-hour invitations. */
export async function getSettings(prisma: Pick<PrismaClient, "settings">): Promise<Settings> {
  return prisma.settings.upsert({ where: { id: 1 }, create: { id: 1 }, update: {} });
}
