import { existsSync } from "node:fs";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../src/index.ts";
import { applyMigrations } from "../src/migrate.ts";
import { createTestDatabase, DEFAULT_TEST_POSTGRES_URL, testDatabaseKind } from "../src/testing.ts";

const kind = testDatabaseKind();
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

describe(`createTestDatabase (${kind})`, { timeout: 60_000 }, () => {
  it("gives a migrated database of its own, and drop() deletes it", async () => {
    const [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    cleanups.push(first!.drop, second!.drop);

    expect(first!.db.kind).toBe(kind);
    await first!.db.prisma.user.create({ data: { email: "ada@example.com", name: "Ada" } });
    expect(await first!.db.prisma.user.count()).toBe(1);
    expect(await second!.db.prisma.user.count()).toBe(0);

    await first!.drop();
    expect(existsSync(first!.dataDir)).toBe(false);
    if (first!.url) expect(await databaseExists(first!.url)).toBe(false);
  });
});

describe.runIf(kind === "postgres")("test databases on the PostgreSQL server", { timeout: 60_000 }, () => {
  it("drops those that interrupted runs left behind, and no other", async () => {
    const server = process.env.TEST_POSTGRES_URL || DEFAULT_TEST_POSTGRES_URL;
    const stamp = (msAgo: number) => (Date.now() - msAgo).toString(36);
    const abandoned = `invite_test_${stamp(7 * 3_600_000)}_0123456789ab`;
    const recent = `invite_test_${stamp(60_000)}_0123456789ab`;
    const foreign = `invite_tests_${stamp(7 * 3_600_000)}_0123456789ab`;
    const at = (name: string) => Object.assign(new URL(server), { pathname: `/${name}` }).href;
    for (const name of [abandoned, recent, foreign]) {
      await query(server, `CREATE DATABASE "${name}"`);
      cleanups.push(() => query(server, `DROP DATABASE IF EXISTS "${name}"`));
    }

    const testDb = await createTestDatabase("postgres");
    cleanups.push(testDb.drop);

    expect(await databaseExists(at(abandoned))).toBe(false);
    expect(await databaseExists(at(recent))).toBe(true);
    expect(await databaseExists(at(foreign))).toBe(true);
  });
});

describe.runIf(kind === "embedded")("the embedded database", { timeout: 60_000 }, () => {
  it("keeps its data when closed and opened again", async () => {
    const testDb = await createTestDatabase("embedded");
    cleanups.push(testDb.drop);
    await testDb.db.prisma.settings.create({ data: { registration: "OPEN" } });
    await testDb.db.close();

    const reopened = openDatabase({ dataDir: testDb.dataDir });
    cleanups.unshift(() => reopened.close()); // before drop() deletes its files
    expect(await applyMigrations(reopened)).toEqual({ applied: [] });
    expect(await reopened.prisma.settings.findUnique({ where: { id: 1 } })).toMatchObject({ registration: "OPEN" });
  });
});

async function databaseExists(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: process.env.TEST_POSTGRES_URL || DEFAULT_TEST_POSTGRES_URL });
  await client.connect();
  try {
    const name = new URL(url).pathname.slice(1);
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    return rowCount === 1;
  } finally {
    await client.end();
  }
}

async function query(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
