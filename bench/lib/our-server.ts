// The one place that says how our server starts under the benchmarks: as `pnpm start` runs it.
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serverEntry, serverNodeArgs, serverProcessEnv } from "../../scripts/server-command.mjs";
import { freePort, serverEnv, startProcess, type ServerProcess } from "./process.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));

/**
 * The production start path (plain JavaScript from `pnpm build`, the workspace packages resolved
 * to their dist/) when a build is there; else the TypeScript sources through tsx.
 * BENCH_SERVER_NODE_ARGS adds Node flags, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
 */
export function ourServerCommand(): { args: string[]; description: string } {
  const extra = process.env.BENCH_SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  if (existsSync(serverEntry)) {
    const args = [...extra, ...serverNodeArgs, serverEntry];
    // Paths (the entry) are shown from the repository's root; flags as they are.
    const shown = args.map((arg) => (path.isAbsolute(arg) ? path.relative(root, arg) : arg));
    return { args, description: `node ${shown.join(" ")} (compiled)` };
  }
  const source = path.join(root, "apps/server/src/main.ts");
  return { args: [...extra, "--import", import.meta.resolve("tsx"), source], description: "node --import tsx apps/server/src/main.ts (no build found)" };
}

export interface OurServerOptions {
  databaseUrl: string;
  /** TRUST_PROXY: "1" lets each request name its address in X-Forwarded-For (the sign-in storm). */
  trustProxy?: string;
  /** Real email to an SMTP server; without it, the dev mailbox. */
  smtpUrl?: string;
  /** A DATA_DIR the caller owns and keeps (the embedded database across restarts); else a fresh one, removed on stop. */
  dataDir?: string;
}

/** Starts our server on a loopback port of its own, its database already migrated and seeded. */
export async function startOurServer({ databaseUrl, trustProxy = "false", smtpUrl, dataDir }: OurServerOptions): Promise<ServerProcess> {
  const port = await freePort();
  // Its own folder: no developer's .env is read, and DATA_DIR holds nothing of anyone's.
  const dir = dataDir ?? mkdtempSync(path.join(tmpdir(), "invite-bench-server-"));
  const removeDir = () => {
    if (!dataDir) rmSync(dir, { recursive: true, force: true });
  };
  const { args } = ourServerCommand();
  const server = await startProcess({
    name: "ours",
    args,
    cwd: dir,
    port,
    readyPath: "/healthz",
    echo: Boolean(process.env.BENCH_LOG_LEVEL),
    env: serverEnv({
      ...serverProcessEnv,
      ...(smtpUrl ? { SMTP_URL: smtpUrl } : {}),
      INIT_CWD: dir,
      DATA_DIR: dir,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
      APP_URL: `http://127.0.0.1:${port}`,
      SECRET_KEY: randomBytes(32).toString("base64"),
      TRUST_PROXY: trustProxy,
      // BENCH_LOG_LEVEL=error shows why requests failed; the figures are taken with logging silent.
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "silent",
    }),
  }).catch((error: unknown) => {
    removeDir();
    throw error;
  });
  return {
    ...server,
    async stop() {
      await server.stop();
      removeDir();
    },
  };
}
