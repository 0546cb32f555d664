// PostgreSQL databases per benchmark, seeded through Prisma, dropped at the end (even on Ctrl-C).
import { hashPassword } from "@invite/api";
import { createTestDatabase, type TestDatabase } from "@invite/db/testing";

export const PASSWORD = "bench passphrase for everyone 2026";

export type BenchDatabase = TestDatabase & { url: string };

/** One migrated database (our schema). */
export function withDatabase(body: (db: BenchDatabase) => Promise<void>): Promise<void> {
  return withDatabases([{ migrate: true }], ([db]) => body(db!));
}

/** Several databases, each migrated with our schema or left empty (for Better Auth's own). */
export async function withDatabases(specs: { migrate: boolean }[], body: (dbs: BenchDatabase[]) => Promise<void>): Promise<void> {
  const created: TestDatabase[] = [];
  let dropped: Promise<unknown> | undefined;
  const drop = () => (dropped ??= Promise.all(created.map((db) => db.drop())));
  const onSignal = () => void drop().finally(() => process.exit(130));
  process.once("SIGINT", onSignal).once("SIGTERM", onSignal);
  try {
    for (const spec of specs) created.push(await createTestDatabase("postgres", spec));
    await body(created.map((db) => ({ ...db, url: db.url! })));
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
