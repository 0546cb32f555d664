// A PostgreSQL database per benchmark, seeded through Prisma, dropped at the end (even on Ctrl-C).
import { hashPassword } from "../../packages/api/src/index.ts";
import { createTestDatabase, type TestDatabase } from "../../packages/db/src/testing.ts";

export const PASSWORD = "bench passphrase for everyone 2026";

export async function withDatabase(body: (db: TestDatabase & { url: string }) => Promise<void>): Promise<void> {
  const testDb = await createTestDatabase("postgres");
  let dropped: Promise<void> | undefined;
  const drop = () => (dropped ??= testDb.drop());
  const onSignal = () => void drop().finally(() => process.exit(130));
  process.once("SIGINT", onSignal).once("SIGTERM", onSignal);
  try {
    await body({ ...testDb, url: testDb.url! });
  } finally {
    process.off("SIGINT", onSignal).off("SIGTERM", onSignal);
    await drop();
  }
}

/** Users who all sign in with PASSWORD: one Argon2id hash, shared (its salt is inside it). */
export async function createUsers(db: TestDatabase, emails: string[], role: "ADMIN" | "MEMBER" = "MEMBER") {
  const passwordHash = await hashPassword(PASSWORD);
  await db.db.prisma.user.createMany({
    data: emails.map((email) => ({ email, name: email.split("@")[0]!, role, passwordHash })),
  });
  // With their linked providers, as a session resolves its caller (none here).
  return db.db.prisma.user.findMany({
    where: { email: { in: emails } },
    orderBy: { email: "asc" },
    include: { accounts: { select: { provider: true } } },
  });
}
