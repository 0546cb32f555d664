import type { Prisma, PrismaClient, User } from "@invite/db";
import { recordAudit } from "../audit.ts";
import { AppError, orAlreadyMember } from "../errors.ts";
import { assertStrongPassword, hashPassword } from "./password.ts";
import { generateSecureRandomString, hashToken } from "./tokens.ts";

export const SETUP_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

export async function adminExists(prisma: PrismaClient): Promise<boolean> {
  return (await prisma.user.count({ where: { role: "ADMIN" } })) > 0;
}

/**
 * A one-time link that creates the first admin: 160 random bits, stored only as a hash,
 * valid 24 hours. `retireEarlier` (an operator asking for a new link) makes every earlier
 * unused link stop working; at start-up it is off, so each of several servers starting
 * together prints a link that works. Whichever is used first, the others then find an admin.
 */
export async function issueSetupToken(
  prisma: PrismaClient,
  now: Date,
  { retireEarlier }: { retireEarlier: boolean },
): Promise<string> {
  const token = generateSecureRandomString(20);
  await prisma.$transaction(async (tx) => {
    if (retireEarlier) await tx.setupToken.deleteMany({ where: { usedAt: null } });
    await tx.setupToken.create({
      data: { tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + SETUP_TOKEN_TTL_MS), createdAt: now },
    });
  });
  return token;
}

export interface NewAdmin {
  email: string;
  name: string;
  password: string;
}

/** Creates an admin; refuses weak passwords and emails that already have an account. */
export async function createAdmin(prisma: PrismaClient, admin: NewAdmin, now: Date): Promise<User> {
  await assertStrongPassword(admin.password, [admin.email, admin.name]);
  const passwordHash = await hashPassword(admin.password);
  return prisma.$transaction((tx) => insertAdmin(tx, admin, passwordHash, "user.create_admin", now));
}

async function insertAdmin(tx: Prisma.TransactionClient, admin: NewAdmin, passwordHash: string, action: string, now: Date) {
  if (await tx.user.findUnique({ where: { email: admin.email } })) throw new AppError("ALREADY_MEMBER");
  // Replicas bootstrapping together may both pass the check above.
  const user = await orAlreadyMember(
    tx.user.create({ data: { email: admin.email, name: admin.name, role: "ADMIN", passwordHash, createdAt: now } }),
  );
  await recordAudit(tx, { actorId: user.id, action, targetType: "user", targetId: user.id }, now);
  return user;
}

/**
 * Spends a setup token to create the first admin. The token's claim and the user are one
 * transaction, so a link used twice at once still makes one admin.
 */
export async function createFirstAdminWithToken(
  prisma: PrismaClient,
  token: string,
  admin: NewAdmin,
  now: Date,
): Promise<User> {
  // A wrong link costs a lookup, never a hash: guessing cannot keep the hashing threads busy.
  const usable = await prisma.setupToken.count({ where: { tokenHash: hashToken(token), usedAt: null, expiresAt: { gt: now } } });
  if (usable !== 1) throw new AppError("SETUP_TOKEN_INVALID");
  await assertStrongPassword(admin.password, [admin.email, admin.name]);
  const passwordHash = await hashPassword(admin.password);
  return prisma.$transaction(async (tx) => {
    const claimed = await tx.setupToken.updateMany({
      where: { tokenHash: hashToken(token), usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (claimed.count !== 1) throw new AppError("SETUP_TOKEN_INVALID");
    if ((await tx.user.count({ where: { role: "ADMIN" } })) > 0) throw new AppError("ADMIN_EXISTS");
    return insertAdmin(tx, admin, passwordHash, "user.create_first_admin", now);
  });
}

/**
 * What the `/setup/<token>` page shows at once; consumes nothing. An unknown link (never
 * issued, or retired by a newer one from `pnpm cli setup-link`) is SETUP_TOKEN_INVALID.
 */
export async function previewSetupToken(prisma: PrismaClient, token: string, now: Date) {
  const found = token ? await prisma.setupToken.findUnique({ where: { tokenHash: hashToken(token) } }) : null;
  if (!found) throw new AppError("SETUP_TOKEN_INVALID");
  const status = found.usedAt ? "USED" : found.expiresAt <= now ? "EXPIRED" : "PENDING";
  return { status, expiresAt: found.expiresAt } as const;
}
