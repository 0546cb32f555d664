// `pnpm db:migration:create <name>`: writes the SQL that brings the committed migrations up to
// schema.prisma into prisma/migrations/<timestamp>_<name>/migration.sql, Prisma's own layout.
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { createMigrationSql, MIGRATION_LOCK_TOML, MIGRATIONS_DIR } from "../migrate.ts";

const NAME = /^[a-z][a-z0-9_]{0,79}$/;

// pnpm forwards a literal "--" when the caller writes `pnpm db:migration:create -- name`.
const args = process.argv.slice(2).filter((arg) => arg !== "--");
const name = args[0];
if (args.length !== 1 || !name || !NAME.test(name)) {
  console.error(
    "Usage: pnpm db:migration:create <name>, where name is lower-case letters, digits and underscores (e.g. add_user_avatar).",
  );
  process.exit(1);
}

const sql = await createMigrationSql();
if (!sql) {
  console.log("No changes: the migrations already match prisma/schema.prisma.");
  process.exit(0);
}

// UTC, as Prisma names them: 20250102030405_name.
const timestamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join(MIGRATIONS_DIR, `${timestamp}_${name}`);
await mkdir(MIGRATIONS_DIR, { recursive: true });
await mkdir(dir); // fails rather than overwrite
await writeFile(path.join(dir, "migration.sql"), sql);
const lockFile = path.join(MIGRATIONS_DIR, "migration_lock.toml");
if (!existsSync(lockFile)) await writeFile(lockFile, MIGRATION_LOCK_TOML);

const shown = path.relative(process.env.INIT_CWD ?? process.cwd(), path.join(dir, "migration.sql"));
console.log(`Created ${shown}. Review it, then apply it with pnpm db:migrate.`);
