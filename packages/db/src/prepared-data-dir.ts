// A first start on an empty DATA_DIR would run PGlite's initdb: a second PostgreSQL instance in
// WebAssembly, a copy of its whole heap to reset it between initdb's steps, and initdb's own module.
// That peaks near 700 MB, where a restart needs about 220 (bench/README.md, memory). So `pnpm
// build` prepares a data directory once (initdb, then the migrations) and a new database starts as
// a copy of it: files copied by the OS, no memory.
import { createHash } from "node:crypto";
import { copyFileSync, cpSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Where `pnpm build` leaves the prepared data directory (build output, never committed). */
export const PREPARED_DATA_DIR = fileURLToPath(new URL("../dist/prepared-data-dir", import.meta.url));

/** The committed migrations, the same folder from src/ and from dist/. */
const MIGRATIONS_DIR = fileURLToPath(new URL("../prisma/migrations", import.meta.url));

/** PostgreSQL takes a directory with this file as a database; it is copied last. */
const PG_VERSION = "PG_VERSION";

interface PreparedDescription {
  /** The PGlite that wrote it: another version may not read its files. */
  pglite: string;
  /** The migrations it holds, in order, with the SHA-256 of their SQL. */
  migrations: { name: string; sha256: string }[];
}

/** Beside the directory, so that copying the directory copies PostgreSQL's files only. */
const descriptionPath = (prepared: string) => `${prepared}.json`;

/** The installed PGlite's version. */
export function pgliteVersion(): string {
  // Its exports map has no ./package.json: go from its entry point, dist/index.cjs.
  const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  const manifest = JSON.parse(readFileSync(path.join(path.dirname(entry), "..", "package.json"), "utf8")) as { version: string };
  return manifest.version;
}

/** The SHA-256 of a migration's SQL as committed now; null when it is no longer there. */
function migrationSha256(migrationsDir: string, name: string): string | null {
  const file = path.join(migrationsDir, name, "migration.sql");
  return existsSync(file) ? createHash("sha256").update(readFileSync(file)).digest("hex") : null;
}

/**
 * Makes `dataDir` a copy of the prepared directory when it holds no database yet, the prepared one
 * was written by the installed PGlite, and every migration it holds is still committed unchanged (a
 * build older than the sources may lag behind them, never differ). Returns whether it did;
 * otherwise PGlite runs initdb. PG_VERSION comes last, so a copy cut short is taken for no
 * database and copied again.
 */
export function copyPreparedDataDir(dataDir: string, prepared: string = PREPARED_DATA_DIR, migrationsDir = MIGRATIONS_DIR): boolean {
  if (existsSync(path.join(dataDir, PG_VERSION))) return false;
  if (!existsSync(path.join(prepared, PG_VERSION)) || !matches(prepared, migrationsDir)) return false;
  cpSync(prepared, dataDir, { recursive: true, filter: (source) => source !== path.join(prepared, PG_VERSION) });
  copyFileSync(path.join(prepared, PG_VERSION), path.join(dataDir, PG_VERSION));
  return true;
}

function matches(prepared: string, migrationsDir: string): boolean {
  try {
    const description = JSON.parse(readFileSync(descriptionPath(prepared), "utf8")) as PreparedDescription;
    return (
      description.pglite === pgliteVersion() &&
      description.migrations.every(({ name, sha256 }) => migrationSha256(migrationsDir, name) === sha256)
    );
  } catch {
    return false; // none, or written by another version of this code
  }
}

/**
 * Writes a prepared directory at `prepared`: `create` makes the database in the empty directory
 * it is given and closes it, returning the migrations applied. Built beside and renamed, so a
 * build cut short leaves no half directory to copy.
 */
export async function writePreparedDataDir(
  create: (dir: string) => Promise<string[]>,
  prepared: string = PREPARED_DATA_DIR,
  migrationsDir = MIGRATIONS_DIR,
): Promise<void> {
  const building = `${prepared}.building`;
  for (const stale of [building, prepared, descriptionPath(prepared)]) rmSync(stale, { recursive: true, force: true });
  const applied = await create(building);
  renameSync(building, prepared);
  const migrations = applied.map((name) => ({ name, sha256: migrationSha256(migrationsDir, name) ?? "" }));
  const description: PreparedDescription = { pglite: pgliteVersion(), migrations };
  writeFileSync(descriptionPath(prepared), `${JSON.stringify(description, null, 2)}\n`);
}
