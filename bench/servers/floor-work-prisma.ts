// The floor's work through Prisma 7 instead of pg: the same statements, one Prisma call each.
import { openDatabase } from "@invite/db";
import { invitationValues } from "./floor-work.mjs";

/** Opened as the app opens it (same pool size). */
const { prisma } = openDatabase({ url: process.env.BENCH_DATABASE_URL, dataDir: "" });

export const viaPrisma = {
  selectUser: (id: string) => prisma.user.findUnique({ where: { id }, select: { id: true, email: true } }),

  /** The same three inserts as insertInvitation, in one Prisma transaction. */
  async insertInvitation(email: string, adminId: string, ip: string | undefined): Promise<{ id: string }> {
    const { id, now, tokenHash, expiresAt, payload, sealedSecret } = invitationValues();
    await prisma.$transaction([
      prisma.invitation.create({
        data: { id, email, tokenHash, expiresAt, lifetimeHours: 48, invitedById: adminId, createdAt: now },
        select: { id: true },
      }),
      prisma.emailMessage.create({
        data: { invitationId: id, to: email, template: "invitation", payload, sealedSecret, nextAttemptAt: now, createdAt: now },
        select: { id: true },
      }),
      prisma.auditEvent.create({
        data: {
          actorId: adminId,
          action: "invitation.create",
          targetType: "invitation",
          targetId: id,
          ip: ip ?? null,
          data: { email, role: "MEMBER" },
          createdAt: now,
        },
        select: { id: true },
      }),
    ]);
    return { id };
  },

  close: () => prisma.$disconnect(),
};
