import { createHash } from "node:crypto";
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, Prisma, type Database } from "../src/index.ts";
import { applyMigrations, MIGRATIONS_DIR, readMigrations } from "../src/migrate.ts";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "../src/testing.ts";

const kind = testDatabaseKind();
const committed = (await readMigrations(MIGRATIONS_DIR)).migrationDirectories.map((dir) => dir.path);

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function emptyDatabase(): Promise<TestDatabase> {
  const testDb = await createTestDatabase(kind, { migrate: false });
  cleanups.push(testDb.drop);
  return testDb;
}

async function tables(db: Database): Promise<string[]> {
  const rows = await db.prisma.$queryRaw<{ tablename: string }[]>`
    SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`;
  return rows.map((row) => row.tablename);
}

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  applied_steps_count: number;
  logs: string | null;
}

function migrationRows(db: Database): Promise<MigrationRow[]> {
  return db.prisma.$queryRaw<MigrationRow[]>`
    SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count, logs
    FROM _prisma_migrations ORDER BY started_at`;
}

// A fresh embedded database takes seconds to boot on a busy machine.
describe(`applyMigrations (${kind})`, { timeout: 60_000 }, () => {
  it("creates every table and records each migration as prisma migrate deploy does", async () => {
    const { db } = await emptyDatabase();
    const logged: string[] = [];

    const { applied } = await applyMigrations(db, { log: (message) => logged.push(message) });

    expect(applied).toEqual(committed);
    expect(await tables(db)).toEqual([...Object.values(Prisma.ModelName), "_prisma_migrations"].sort());
    const rows = await migrationRows(db);
    expect(rows.map((row) => row.migration_name)).toEqual(committed);
    for (const row of rows) {
      const sql = await readFile(path.join(MIGRATIONS_DIR, row.migration_name, "migration.sql"), "utf8");
      expect(row.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
      expect(row).toMatchObject({ rolled_back_at: null, applied_steps_count: 1, logs: null });
      expect(row.finished_at).toBeInstanceOf(Date);
    }
    expect(logged).toContain(`Applying \`${committed[0]}\``);
  });

  it("builds the email search index without a pending list, so searches never wait for VACUUM", async () => {
    const { db } = await emptyDatabase();
    await applyMigrations(db);
    const [index] = await db.prisma.$queryRaw<{ amname: string; reloptions: string[] | null }[]>`
      SELECT am.amname, c.reloptions FROM pg_class c JOIN pg_am am ON am.oid = c.relam
      WHERE c.relname = 'Invitation_email_trgm_idx'`;
    expect(index).toEqual({ amname: "gin", reloptions: ["fastupdate=off"] });
  });

  it("gives invitations made before lifetimes were stored the lifetime they were created with", async () => {
    const { db } = await emptyDatabase();
    const lifetime = committed.findIndex((name) => name.endsWith("_invitation_lifetime"));
    const committedSql = async (name: string) => readFile(path.join(MIGRATIONS_DIR, name, "migration.sql"), "utf8");
    const before = Object.fromEntries(
      await Promise.all(committed.slice(0, lifetime).map(async (name) => [name, await committedSql(name)])),
    );
    await applyMigrations(db, { migrationsDir: await migrationsFolder(before) });
    await db.prisma.$executeRaw`
      INSERT INTO "User" (id, email, name, "updatedAt") VALUES ('u1', 'admin@example.com', 'Admin', now())`;
    await db.prisma.$executeRaw`
      INSERT INTO "Invitation" (id, email, "expiresAt", "invitedById", "createdAt", "updatedAt") VALUES
        ('week', 'a@example.com', '2026-01-08T10:00:00Z', 'u1', '2026-01-01T10:00:00Z', now()),
        ('refreshed', 'b@example.com', '2026-03-01T10:00:00Z', 'u1', '2026-01-01T10:00:00Z', now())`;

    await applyMigrations(db);

    const rows = await db.prisma.invitation.findMany({ select: { id: true, lifetimeHours: true }, orderBy: { id: "asc" } });
    // A refreshed one spans more than the 30-day maximum since its creation: it gets the maximum.
    expect(rows).toEqual([
      { id: "refreshed", lifetimeHours: 720 },
      { id: "week", lifetimeHours: 168 },
    ]);
  });

  it("applies nothing the second time", async () => {
    const { db } = await emptyDatabase();
    await applyMigrations(db);
    const before = await migrationRows(db);

    expect(await applyMigrations(db)).toEqual({ applied: [] });
    expect(await migrationRows(db)).toEqual(before);
  });

  it("applies once when called twice at the same time on one handle", async () => {
    const { db } = await emptyDatabase();

    const results = await Promise.all([applyMigrations(db), applyMigrations(db)]);

    expect(results.map((result) => result.applied).sort()).toEqual([[], committed]);
  });

  it("runs each migration whole: semicolons in strings work, and a failing one leaves nothing behind", async () => {
    const { db } = await emptyDatabase();
    const migrationsDir = await migrationsFolder({
      "1_note": `CREATE TABLE "Note" ("id" INTEGER PRIMARY KEY, "body" TEXT NOT NULL DEFAULT 'a; b');`,
      "2_broken": `CREATE TABLE "Broken" ("id" INTEGER);\nSELECT no_such_function();`,
    });

    await expect(applyMigrations(db, { migrationsDir })).rejects.toThrow(/no_such_function/);

    await db.prisma.$executeRaw`INSERT INTO "Note" ("id") VALUES (1)`;
    expect(await db.prisma.$queryRaw`SELECT "body" FROM "Note"`).toEqual([{ body: "a; b" }]);
    expect(await tables(db)).not.toContain("Broken");
    const [note, broken] = await migrationRows(db);
    expect(note).toMatchObject({ migration_name: "1_note", applied_steps_count: 1 });
    expect(broken).toMatchObject({ migration_name: "2_broken", finished_at: null, applied_steps_count: 0 });
    expect(broken?.logs).toMatch(/no_such_function/);
  });
});

describe.runIf(kind === "postgres")("applyMigrations from several processes at once (postgres)", () => {
  it("applies once when two database handles migrate concurrently", async () => {
    const { url, dataDir } = await emptyDatabase();
    const handles = [openDatabase({ url, dataDir }), openDatabase({ url, dataDir })];
    cleanups.push(() => Promise.all(handles.map((db) => db.close())));

    const results = await Promise.all(handles.map((db) => applyMigrations(db)));

    expect(results.map((result) => result.applied).sort()).toEqual([[], committed]);
    expect((await migrationRows(handles[0]!)).map((row) => row.migration_name)).toEqual(committed);
  });

  it("applies once when two `db:migrate` processes start together", { timeout: 90_000 }, async () => {
    const { url } = await emptyDatabase();
    const packageDir = path.resolve(import.meta.dirname, "..");
    const run = () =>
      promisify(execFile)(path.join(packageDir, "node_modules/.bin/tsx"), ["src/cli/migrate.ts"], {
        cwd: packageDir,
        env: { ...process.env, DATABASE_URL: url },
      });

    const outputs = (await Promise.all([run(), run()])).map((result) => result.stdout);

    expect(outputs.filter((stdout) => stdout.includes(`Applied ${committed[0]}`))).toHaveLength(1);
    expect(outputs.filter((stdout) => stdout.includes("No pending migrations"))).toHaveLength(1);
  });
});

/** A migrations folder in a temp dir, laid out like prisma/migrations. */
async function migrationsFolder(migrations: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "invite-migrations-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  for (const [name, sql] of Object.entries(migrations)) {
    await mkdir(path.join(dir, name));
    await writeFile(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
}
