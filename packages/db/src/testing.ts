// Databases for integration tests: a migrated embedded database in a temp dir, or a migrated
// database of its own on a PostgreSQL server. TEST_DB=postgres picks the server.
import { createHash, randomBytes } from "node:crypto";
import { existsSync, realpathSync } from "node:fs";
import { cp, mkdir, mkdtemp, rename, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { type Database, type DatabaseKind, openDatabase } from "./index.ts";
import { applyMigrations, MIGRATIONS_DIR, readMigrations } from "./migrate.ts";

export interface TestDatabase {
  db: Database;
  /** The database's URL on the PostgreSQL server; unset for the embedded database. */
  url?: string;
  /** A fresh directory, removed by drop(): the embedded database's files, or free for the test's use. */
  dataDir: string;
  /** Closes the database and deletes it. */
  drop(): Promise<void>;
}

export const DEFAULT_TEST_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres";

/**
 * A new, migrated database of the given kind (default: TEST_DB). `migrate: false` leaves it empty,
 * for testing migrations themselves.
 */
export async function createTestDatabase(
  kind: DatabaseKind = testDatabaseKind(),
  options: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  const migrate = options.migrate ?? true;
  const dir = await mkdtemp(path.join(tmpdir(), "invite-test-"));
  const dataDir = path.join(dir, "data");
  try {
    return kind === "postgres"
      ? await createPostgres(dir, dataDir, migrate)
      : await createEmbedded(dir, dataDir, migrate);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** TEST_DB: "embedded" (the default) or "postgres". */
export function testDatabaseKind(): DatabaseKind {
  const value = process.env.TEST_DB || "embedded";
  if (value !== "embedded" && value !== "postgres") {
    throw new Error(`TEST_DB must be "embedded" or "postgres", not "${value}"`);
  }
  return value;
}

async function createEmbedded(dir: string, dataDir: string, migrate: boolean): Promise<TestDatabase> {
  // A fresh PGlite spends seconds in initdb; a copy of a prepared one opens in about one.
  await cp(await embeddedTemplate(migrate), dataDir, { recursive: true });
  const db = openDatabase({ dataDir });
  return {
    db,
    dataDir,
    async drop() {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function createPostgres(dir: string, dataDir: string, migrate: boolean): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_POSTGRES_URL || DEFAULT_TEST_POSTGRES_URL;
  // The name carries its creation time, so databases left by interrupted runs can be told apart.
  const name = `invite_test_${Date.now().toString(36)}_${randomBytes(6).toString("hex")}`;
  await mkdir(dataDir);
  await dropAbandoned(adminUrl);
  await admin(adminUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = openDatabase({ url: url.href, dataDir });
  const drop = async () => {
    await db.close();
    await admin(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    if (migrate) await applyMigrations(db);
  } catch (error) {
    await drop();
    throw error;
  }
  return { db, url: url.href, dataDir, drop };
}

/** No test run or benchmark lasts this long: an older test database was left behind. */
const ABANDONED_AFTER_MS = 6 * 60 * 60 * 1000;

/** Drops the test databases of runs that were killed before they could drop their own. */
async function dropAbandoned(adminUrl: string): Promise<void> {
  const { rows } = await admin<{ datname: string }>(adminUrl, "SELECT datname FROM pg_database WHERE datname LIKE 'invite\\_test\\_%'");
  for (const { datname } of rows) {
    const created = /^invite_test_([0-9a-z]+)_[0-9a-f]{12}$/.exec(datname)?.[1];
    if (created && Date.now() - parseInt(created, 36) > ABANDONED_AFTER_MS) {
      await admin(adminUrl, `DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => undefined); // another run got there first
    }
  }
}

async function admin<Row extends pg.QueryResultRow = pg.QueryResultRow>(adminUrl: string, sql: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await client.query<Row>(sql);
  } finally {
    await client.end();
  }
}

const templates = new Map<boolean, Promise<string>>();

/**
 * An embedded database on disk, empty or migrated, built once and shared by every test process:
 * its name is a hash of the migrations and of the installed PGlite, so any change builds a new one.
 */
function embeddedTemplate(migrate: boolean): Promise<string> {
  let template = templates.get(migrate);
  if (!template) {
    template = buildEmbeddedTemplate(migrate);
    templates.set(migrate, template);
    template.catch(() => templates.delete(migrate)); // let a later call retry
  }
  return template;
}

async function buildEmbeddedTemplate(migrate: boolean): Promise<string> {
  const migrations = migrate ? (await readMigrations(MIGRATIONS_DIR)).migrationDirectories : [];
  const pglite = realpathSync(createRequire(import.meta.url).resolve("@electric-sql/pglite"));
  const key = createHash("sha256").update(pglite).update(JSON.stringify(migrations)).digest("hex");
  const templateDir = path.join(tmpdir(), "invite-db-templates", key.slice(0, 16));
  if (existsSync(templateDir)) return templateDir;

  // Build beside it and rename: other test processes may be building the same template.
  const building = `${templateDir}.${process.pid}.${randomBytes(4).toString("hex")}`;
  const db = openDatabase({ dataDir: building, prepared: false }); // from initdb: none may be migrated
  try {
    if (migrate) await applyMigrations(db);
    else await db.ping(); // initdb
  } finally {
    await db.close();
  }
  await rename(building, templateDir).catch(async (error: unknown) => {
    await rm(building, { recursive: true, force: true });
    if (!existsSync(templateDir)) throw error; // else another process won the race
  });
  return templateDir;
}
