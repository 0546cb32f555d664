import type { Prisma, PrismaClient } from "@invite/db";

export interface AuditEntry {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  ip?: string | null;
  data?: Prisma.InputJsonValue;
}

/** Who did what to which record, when and from where; written in the caller's transaction. */
export async function recordAudit(prisma: Pick<PrismaClient, "auditEvent">, entry: AuditEntry, now: Date) {
  await prisma.auditEvent.create({
    data: {
      actorId: entry.actorId,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      ip: entry.ip ?? null,
      data: entry.data,
      createdAt: now,
    },
  });
}
