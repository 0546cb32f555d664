import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "./generated/prisma/client.ts";

export * from "./generated/prisma/client.ts";
export type { PrismaClient };

export type DatabaseKind = "embedded" | "postgres";

/** The PostgreSQL extensions the schema uses, loaded into every embedded database. */
export const EMBEDDED_EXTENSIONS = { pg_trgm };

export interface DatabaseOptions {
  /** A postgres:// URL selects the PostgreSQL server; unset selects the embedded database. */
  url?: string | undefined;
  /** Where the embedded database keeps its files; `memory://` keeps them in memory. */
  dataDir: string;
}

export interface Database {
  kind: DatabaseKind;
  prisma: PrismaClient;
  /** The driver adapter factory, for the migration engine. */
  adapter: SqlMigrationAwareDriverAdapterFactory;
  /** True when the database answers a query. */
  ping(): Promise<boolean>;
  /** Disconnects; for the embedded database this also flushes and closes its files. */
  close(): Promise<void>;
}

export function openDatabase(options: DatabaseOptions): Database {
  return options.url ? openPostgres(options.url) : openEmbedded(options.dataDir);
}

function openPostgres(url: string): Database {
  const adapter = new PrismaPg({ connectionString: url, max: 10, connectionTimeoutMillis: 5_000 });
  const prisma = new PrismaClient({ adapter });
  return {
    kind: "postgres",
    prisma,
    adapter,
    ping: () => ping(prisma),
    close: () => prisma.$disconnect(),
  };
}

function openEmbedded(dataDir: string): Database {
  if (!dataDir.includes("://")) mkdirSync(dataDir, { recursive: true });
  const pglite = new PGlite(dataDir, { extensions: EMBEDDED_EXTENSIONS });
  const adapter = new PrismaPGlite(pglite);
  const prisma = new PrismaClient({ adapter });
  return {
    kind: "embedded",
    prisma,
    adapter,
    ping: () => ping(prisma),
    async close() {
      await prisma.$disconnect();
      if (!pglite.closed) await pglite.close();
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
