// The other servers under test, each in a process of its own (see process.ts): Better Auth,
// the plain floor, and the tRPC floors. Ours starts in our-server.ts.
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { freePort, serverEnv, startProcess, type ServerProcess } from "./process.ts";

const server = (file: string) => fileURLToPath(new URL(`../servers/${file}`, import.meta.url));

async function start(name: string, args: string[], databaseUrl: string, readyPath: string, env: Record<string, string> = {}) {
  const port = await freePort();
  return startProcess({
    name,
    args,
    port,
    readyPath,
    echo: Boolean(process.env.BENCH_LOG_LEVEL),
    env: serverEnv({ BENCH_DATABASE_URL: databaseUrl, PORT: String(port), ...env }),
  });
}

/** Better Auth with its organization plugin, on an empty database it migrates itself. */
export function startBetterAuth(databaseUrl: string): Promise<ServerProcess> {
  const env = { BETTER_AUTH_SECRET: randomBytes(32).toString("base64"), BENCH_LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "" };
  return start("Better Auth", [server("better-auth.mjs")], databaseUrl, "/api/auth/ok", env);
}

/** Plain Express + pg, on a database migrated with our schema. */
export function startFloor(databaseUrl: string): Promise<ServerProcess> {
  return start("floor", [server("floor.mjs")], databaseUrl, "/healthz");
}

/** The floor's work in bare tRPC procedures, in pg and through Prisma (TypeScript, under tsx). */
export function startTrpcFloor(databaseUrl: string): Promise<ServerProcess> {
  return start("tRPC floor", ["--import", import.meta.resolve("tsx"), server("trpc-floor.ts")], databaseUrl, "/healthz");
}
