import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../src/index.ts";
import { applyMigrations, MIGRATIONS_DIR, readMigrations } from "../src/migrate.ts";
import { copyPreparedDataDir, writePreparedDataDir } from "../src/prepared-data-dir.ts";
import { createTestDatabase, testDatabaseKind } from "../src/testing.ts";

const committed = (await readMigrations(MIGRATIONS_DIR)).migrationDirectories.map((dir) => dir.path);

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "invite-prepared-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A prepared directory as `pnpm build` writes one, from a migrated test database (no initdb here). */
async function writePrepared(dir: string): Promise<void> {
  await writePreparedDataDir(async (building) => {
    const testDb = await createTestDatabase("embedded");
    await testDb.db.close();
    await cp(testDb.dataDir, building, { recursive: true });
    await testDb.drop();
    return committed;
  }, dir);
}

describe.runIf(testDatabaseKind() === "embedded")("a new embedded database from the prepared directory", { timeout: 60_000 }, () => {
  let preparedRoot = "";
  let preparedDir = "";
  beforeAll(async () => {
    preparedRoot = await mkdtemp(path.join(tmpdir(), "invite-prepared-"));
    preparedDir = path.join(preparedRoot, "prepared");
    await writePrepared(preparedDir);
  }, 60_000);
  afterAll(() => rm(preparedRoot, { recursive: true, force: true }));

  it("starts migrated, so a first start has no migration to run", async () => {
    const dataDir = path.join(await tempDir(), "data");
    const db = openDatabase({ dataDir, prepared: preparedDir });
    cleanups.unshift(() => db.close());

    expect(await applyMigrations(db)).toEqual({ applied: [] });
    await db.prisma.settings.create({ data: { registration: "OPEN" } });
    expect(await db.prisma.settings.count()).toBe(1);
  });

  it("is copied only into a directory without a database, whatever else the directory holds", async () => {
    const dataDir = path.join(await tempDir(), "data");
    await mkdir(dataDir);
    await writeFile(path.join(dataDir, "secret.key"), "kept");

    expect(copyPreparedDataDir(dataDir, preparedDir)).toBe(true);
    expect(await readFile(path.join(dataDir, "secret.key"), "utf8")).toBe("kept");
    expect(existsSync(path.join(dataDir, "PG_VERSION"))).toBe(true);
    expect(copyPreparedDataDir(dataDir, preparedDir)).toBe(false); // a database is there
  });

  it("is copied again over a copy cut short (no PG_VERSION yet)", async () => {
    const dataDir = path.join(await tempDir(), "data");
    await cp(preparedDir, dataDir, { recursive: true });
    await rm(path.join(dataDir, "PG_VERSION"));

    expect(copyPreparedDataDir(dataDir, preparedDir)).toBe(true);
    const db = openDatabase({ dataDir, prepared: false });
    cleanups.unshift(() => db.close());
    expect(await applyMigrations(db)).toEqual({ applied: [] });
  });

  it("is not used once a migration it holds was changed or removed", async () => {
    const migrationsDir = path.join(await tempDir(), "migrations");
    await cp(MIGRATIONS_DIR, migrationsDir, { recursive: true });
    const changed = path.join(migrationsDir, committed[0]!, "migration.sql");

    expect(copyPreparedDataDir(path.join(await tempDir(), "a"), preparedDir, migrationsDir)).toBe(true);
    await writeFile(changed, `${await readFile(changed, "utf8")}\n-- edited after the build\n`);
    expect(copyPreparedDataDir(path.join(await tempDir(), "b"), preparedDir, migrationsDir)).toBe(false);
    await rm(path.dirname(changed), { recursive: true });
    expect(copyPreparedDataDir(path.join(await tempDir(), "c"), preparedDir, migrationsDir)).toBe(false);
  });

  it("is not used when another PGlite wrote it, or when there is none", async () => {
    const otherPglite = path.join(await tempDir(), "prepared");
    await writePreparedDataDir(async (building) => {
      await mkdir(building);
      await writeFile(path.join(building, "PG_VERSION"), "17\n");
      return [];
    }, otherPglite);
    const description = `${otherPglite}.json`;
    const written = JSON.parse(await readFile(description, "utf8")) as { pglite: string };
    await writeFile(description, JSON.stringify({ ...written, pglite: "0.0.1" }));

    expect(copyPreparedDataDir(path.join(await tempDir(), "a"), otherPglite)).toBe(false);
    expect(copyPreparedDataDir(path.join(await tempDir(), "b"), path.join(await tempDir(), "none"))).toBe(false);
  });
});
