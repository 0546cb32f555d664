// A real database failure a test can switch on and off, on either kind of database.
import { openDatabase } from "@invite/db";
import { DEFAULT_TEST_POSTGRES_URL, type TestDatabase } from "@invite/db/testing";

export interface DatabaseFault {
  /** From now on, every query the outbox worker makes fails. */
  start(): Promise<void>;
  /** The database works again; nothing about the app is restarted. */
  end(): Promise<void>;
  close(): Promise<void>;
}

/**
 * On PostgreSQL, an outage: the test database refuses new connections and every open one is
 * ended (`pg_terminate_backend`), from a connection to the server's own database. The embedded
 * database has no connections to cut, so there the outbox table is renamed away: every query
 * on it fails with an error from the database, as a broken connection would make it fail.
 */
export function databaseFault(testDb: TestDatabase): DatabaseFault {
  if (testDb.db.kind === "embedded") {
    const { prisma } = testDb.db;
    return {
      start: async () => void (await prisma.$executeRawUnsafe(`ALTER TABLE "EmailMessage" RENAME TO "EmailMessage_gone"`)),
      end: async () => void (await prisma.$executeRawUnsafe(`ALTER TABLE "EmailMessage_gone" RENAME TO "EmailMessage"`)),
      close: async () => {},
    };
  }
  const name = new URL(testDb.url!).pathname.slice(1);
  if (!/^invite_test_[0-9a-z]+_[0-9a-f]+$/.test(name)) throw new Error(`not a test database: ${name}`); // goes into SQL below
  const control = openDatabase({ url: process.env.TEST_POSTGRES_URL || DEFAULT_TEST_POSTGRES_URL, dataDir: testDb.dataDir });
  const allowConnections = (allow: boolean) =>
    control.prisma.$executeRawUnsafe(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS ${allow}`);
  return {
    async start() {
      await allowConnections(false);
      await control.prisma.$queryRaw`
        SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ${name} AND pid <> pg_backend_pid()`;
    },
    end: async () => void (await allowConnections(true)),
    close: () => control.close(),
  };
}
