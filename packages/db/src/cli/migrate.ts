// `pnpm db:migrate`: applies pending migrations to the configured database, the PostgreSQL server
// in DATABASE_URL or else the embedded database in DATA_DIR (default .data).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { config } from "dotenv";
import { DatabaseInUseError, openDatabase } from "../index.ts";
import { applyMigrations } from "../migrate.ts";

const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
config({ path: path.join(repoRoot, ".env"), quiet: true }); // never overrides the real environment

// pnpm runs package scripts in the package directory; INIT_CWD is where the user typed the command.
const cwd = process.env.INIT_CWD ?? process.cwd();
const url = process.env.DATABASE_URL || undefined;
if (url && !/^postgres(ql)?:\/\//.test(url)) {
  console.error("DATABASE_URL must be a postgres:// URL; leave it unset to use the embedded database.");
  process.exit(1);
}
const dataDir = path.resolve(cwd, process.env.DATA_DIR || ".data");
const target = url ? `PostgreSQL at ${describe(url)}` : `the embedded database in ${dataDir}`;

let db;
try {
  db = openDatabase({ url, dataDir, owner: "db:migrate" });
} catch (error) {
  if (!(error instanceof DatabaseInUseError)) throw error;
  console.error(`${error.message} Stop it first.`);
  process.exit(1);
}
try {
  const { applied } = await applyMigrations(db);
  for (const name of applied) console.log(`Applied ${name}`);
  console.log(
    applied.length
      ? `${applied.length} migration${applied.length === 1 ? "" : "s"} applied to ${target}.`
      : `No pending migrations: ${target} is up to date.`,
  );
} catch (error) {
  console.error(`Migrating ${target} failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await db.close();
}

/** host/database only: the URL may carry a password. */
function describe(databaseUrl: string): string {
  const { host, pathname } = new URL(databaseUrl);
  return `${host}${pathname}`;
}
