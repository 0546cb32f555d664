// Needs no database server: createMigrationSql works on an in-memory PGlite.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createMigrationSql, MIGRATION_LOCK_TOML, MIGRATIONS_DIR, readMigrations, SCHEMA_PATH } from "../src/migrate.ts";

const scratch = await mkdtemp(path.join(tmpdir(), "invite-schema-"));
afterAll(() => rm(scratch, { recursive: true, force: true }));

// Each createMigrationSql() boots a fresh in-memory PGlite: seconds on a busy machine.
describe("the committed migrations", { timeout: 60_000 }, () => {
  it("build exactly what schema.prisma describes", async () => {
    expect(await createMigrationSql()).toBe("");
  });

  it("are laid out as Prisma lays them out", async () => {
    const { migrationDirectories, lockfile } = await readMigrations(MIGRATIONS_DIR);
    expect(await readFile(path.join(MIGRATIONS_DIR, "migration_lock.toml"), "utf8")).toBe(MIGRATION_LOCK_TOML);
    expect(lockfile.content).toBe(MIGRATION_LOCK_TOML);
    expect(migrationDirectories.length).toBeGreaterThan(0);
    for (const { path: name, migrationFile } of migrationDirectories) {
      expect(name).toMatch(/^\d{14}_[a-z][a-z0-9_]*$/);
      expect(migrationFile.content.tag).toBe("ok");
    }
  });
});

describe("createMigrationSql", { timeout: 60_000 }, () => {
  it("returns the SQL for what the schema adds", async () => {
    const schemaPath = path.join(scratch, "schema.prisma");
    const schema = await readFile(SCHEMA_PATH, "utf8");
    await writeFile(schemaPath, `${schema}\nmodel Tag {\n  id   Int    @id\n  name String @unique\n}\n`);

    const sql = await createMigrationSql({ schemaPath });

    expect(sql).toContain(`CREATE TABLE "Tag"`);
    expect(sql).toContain(`CREATE UNIQUE INDEX "Tag_name_key"`);
    expect(sql).not.toContain(`CREATE TABLE "User"`);
  });
});
