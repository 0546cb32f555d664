import { recordAudit } from "../audit.ts";
import type { Services } from "../context.ts";
import { AppError } from "../errors.ts";

/** What the account page shows of each passkey; never its key. */
export async function listPasskeys(services: Pick<Services, "db">, userId: string) {
  const rows = await services.db.prisma.passkey.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { id: true, name: true, createdAt: true, lastUsedAt: true, deviceType: true, backedUp: true },
  });
  // Synced: backed up (a password manager, a platform's keychain); otherwise on one device only.
  return rows.map(({ deviceType, backedUp, ...row }) => ({ ...row, synced: backedUp, deviceBound: deviceType === "singleDevice" }));
}

const notFound = () => new AppError("NOT_FOUND", "That passkey is no longer on your account.");

export async function renamePasskey(services: Services, userId: string, id: string, name: string, ip: string | null) {
  const now = services.clock.now();
  await services.db.prisma.$transaction(async (tx) => {
    const { count } = await tx.passkey.updateMany({ where: { id, userId }, data: { name } });
    if (count === 0) throw notFound();
    const audit = { actorId: userId, action: "account.rename_passkey", targetType: "user", targetId: userId, ip };
    await recordAudit(tx, { ...audit, data: { passkey: id, name } }, now);
  });
  return listPasskeys(services, userId);
}

/**
 * Removes a passkey unless nothing usable would remain: a password, a linked provider that is
 * still configured, or another passkey (LAST_SIGN_IN_METHOD, as unlinking a provider).
 */
export async function removePasskey(services: Services, userId: string, id: string, ip: string | null) {
  const now = services.clock.now();
  const configured = new Set(services.config.providers.map((p) => p.id));
  await services.db.prisma.$transaction(async (tx) => {
    // Two concurrent removals must not each count the other's passkey as the one that remains.
    await tx.$executeRaw`SELECT 1 FROM "User" WHERE "id" = ${userId} FOR UPDATE`;
    const user = await tx.user.findUniqueOrThrow({
      where: { id: userId },
      select: { passwordHash: true, accounts: { select: { provider: true } }, passkeys: { select: { id: true, name: true } } },
    });
    const passkey = user.passkeys.find((p) => p.id === id);
    if (!passkey) throw notFound();
    const otherWays = user.accounts.some((a) => configured.has(a.provider)) || user.passkeys.length > 1;
    if (!user.passwordHash && !otherWays) throw new AppError("LAST_SIGN_IN_METHOD");
    await tx.passkey.delete({ where: { id } });
    const audit = { actorId: userId, action: "account.remove_passkey", targetType: "user", targetId: userId, ip };
    await recordAudit(tx, { ...audit, data: { passkey: id, name: passkey.name } }, now);
  });
  return listPasskeys(services, userId);
}
