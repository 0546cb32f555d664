import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "./generated/prisma/client.ts";
import { lockDataDir } from "./lock.ts";
import { copyPreparedDataDir, PREPARED_DATA_DIR } from "./prepared-data-dir.ts";

export * from "./generated/prisma/client.ts";
export { DatabaseInUseError, describeHolder, LOCK_FILE, type LockHolder } from "./lock.ts";
export type { PrismaClient };

export type DatabaseKind = "embedded" | "postgres";

/** The PostgreSQL extensions the schema uses, loaded into every embedded database. */
export const EMBEDDED_EXTENSIONS = { pg_trgm };

export interface DatabaseOptions {
  /** A postgres:// URL selects the PostgreSQL server; unset selects the embedded database. */
  url?: string | undefined;
  /** Where the embedded database keeps its files; `memory://` keeps them in memory. */
  dataDir: string;
  /** Names this process to another that finds the embedded database's directory taken ("server", "cli"). */
  owner?: string;
  /**
   * A new embedded database on disk starts as a copy of this directory, when it is there: by
   * default the one `pnpm build` prepares, initdb done and migrated (src/prepared-data-dir.ts).
   * `false`: PGlite's own initdb, nothing migrated.
   */
  prepared?: string | false;
}

/**
 * Plain SQL on the connections Prisma uses, in `pg`'s shape, for libraries that speak it
 * (rate-limiter-flexible's PostgreSQL store). int8 values come back as strings, as in `pg`.
 */
export interface SqlClient {
  query(query: { text: string; values?: unknown[]; name?: string }): Promise<{ rows: Record<string, unknown>[]; rowCount: number | null }>;
}

export interface Database {
  kind: DatabaseKind;
  prisma: PrismaClient;
  sql: SqlClient;
  /** The driver adapter factory, for the migration engine. */
  adapter: SqlMigrationAwareDriverAdapterFactory;
  /** True when the database answers a query. */
  ping(): Promise<boolean>;
  /** Disconnects; for the embedded database this also flushes and closes its files. */
  close(): Promise<void>;
}

const INT8 = 20;

/**
 * PostgreSQL's 128 MB of shared buffers live in PGlite's WebAssembly memory, which never
 * shrinks: 16 MB holds this app's working set (the files stay in the OS's page cache) and
 * keeps an idle embedded server about 120 MB smaller (bench/README.md, memory).
 */
const EMBEDDED_START_PARAMS = [...PGlite.defaultStartParams, "-c", "shared_buffers=16MB"];

export function openDatabase(options: DatabaseOptions): Database {
  return options.url
    ? openPostgres(options.url)
    : openEmbedded(options.dataDir, options.owner ?? "node", options.prepared ?? PREPARED_DATA_DIR);
}

function openPostgres(url: string): Database {
  const config = { connectionString: url, max: 10, connectionTimeoutMillis: 5_000 };
  // One pool for Prisma and for plain SQL.
  const pool = new pg.Pool(config);
  // An idle connection that drops (a database restart) is noticed by the next query; unheard,
  // the pool's "error" event would end the process.
  pool.on("error", () => {});
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    kind: "postgres",
    prisma,
    sql: pool,
    // The migration engine takes a session-level advisory lock: it gets connections of its own,
    // closed when it is done, so the lock never stays behind on a pooled connection.
    adapter: new PrismaPg(config),
    ping: () => ping(prisma),
    async close() {
      await prisma.$disconnect();
      if (!pool.ended) await pool.end();
    },
  };
}

/** Throws DatabaseInUseError when another process (or handle) has the directory open. */
function openEmbedded(dataDir: string, owner: string, prepared: string | false): Database {
  let unlock = () => {};
  if (!dataDir.includes("://")) {
    mkdirSync(dataDir, { recursive: true });
    unlock = lockDataDir(dataDir, owner);
  }
  let pglite: PGlite;
  try {
    if (prepared && !dataDir.includes("://")) copyPreparedDataDir(dataDir, prepared);
    pglite = new PGlite(dataDir, { extensions: EMBEDDED_EXTENSIONS, startParams: EMBEDDED_START_PARAMS });
  } catch (error) {
    unlock();
    throw error;
  }
  const adapter = new PrismaPGlite(pglite);
  const prisma = new PrismaClient({ adapter });
  return {
    kind: "embedded",
    prisma,
    sql: {
      // PGlite runs one statement at a time and waits for Prisma's open transactions.
      async query({ text, values }) {
        const result = await pglite.query<Record<string, unknown>>(text, values, { parsers: { [INT8]: String } });
        // As pg counts: the rows returned, or else the rows changed.
        return { rows: result.rows, rowCount: result.fields.length > 0 ? result.rows.length : (result.affectedRows ?? 0) };
      },
    },
    adapter,
    ping: () => ping(prisma),
    async close() {
      await prisma.$disconnect();
      if (!pglite.closed) await pglite.close();
      unlock(); // only once its files are flushed and closed (else at exit)
    },
  };
}

async function ping(prisma: PrismaClient): Promise<boolean> {
  try {
    await prisma.$queryRaw`SELECT 1`;
    return true;
  } catch {
    return false;
  }
}
