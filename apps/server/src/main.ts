import { createServer } from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import dotenv from "dotenv";
import { createServices, runMaintenance } from "@invite/api";
import { type Database, DatabaseInUseError, describeHolder, openDatabase } from "@invite/db";
import { applyMigrations } from "@invite/db/migrate";
import { createApp } from "./app.ts";
import { ensureFirstAdmin } from "./bootstrap.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { createLogger } from "./logger.ts";
import { createMailTransport, startOutboxWorker } from "./mail/index.ts";
import { configureProviders, describeProviders } from "./oauth/providers.ts";
import { loadSealingKey } from "./sealing-key.ts";
import { version } from "./version.ts";

// Relative paths (.env, DATA_DIR) mean the folder the command was run from.
const baseDir = process.env.INIT_CWD ?? process.cwd();
dotenv.config({ path: path.join(baseDir, ".env"), quiet: true });

/** A configuration mistake stops start-up with one line that names the variable. */
function exitOnConfigError(error: unknown): never {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

let config;
try {
  config = loadConfig(process.env, baseDir);
} catch (error) {
  exitOnConfigError(error);
}

let sealingKey;
try {
  sealingKey = loadSealingKey(config);
} catch (error) {
  exitOnConfigError(error);
}

const logger = createLogger(config.LOG_LEVEL);
let db: Database;
try {
  db = openDatabase({ url: config.DATABASE_URL, dataDir: config.dataDir, owner: "server" });
} catch (error) {
  if (!(error instanceof DatabaseInUseError)) throw error;
  // Two processes on one embedded database lose each other's writes: refuse, in one line.
  console.error(
    `DATA_DIR ${config.dataDir} is in use by ${describeHolder(error.holder)}: the embedded database takes one process at a time. ` +
      "Stop that one first, or set DATABASE_URL to run several servers on PostgreSQL.",
  );
  process.exit(1);
}
const { applied } = await applyMigrations(db);
if (applied.length) logger.info({ applied }, "database migrated");

const transport = createMailTransport({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM, logger });
const oauthProviders = configureProviders(config, { now: () => new Date() });
const services = createServices({
  db,
  sealingKey,
  config: { appUrl: config.appUrl.origin, version, providers: describeProviders(oauthProviders) },
  devMailbox: transport.kind === "dev" ? transport : null,
  onBackgroundError: (err, task) => logger.error({ err, task }, "background work failed"),
});
const setupUrl = await ensureFirstAdmin(services, config, logger).catch(async (error: unknown) => {
  await db.close(); // never leave the embedded database half-open
  exitOnConfigError(error);
});
const app = createApp({ config, services, logger, oauthProviders });
// Without HOST, every interface (as Node does); HOST=127.0.0.1 behind a proxy on the same machine.
const server = createServer(app).listen({ port: config.PORT, host: config.HOST });
await new Promise<void>((resolve, reject) => server.once("listening", resolve).once("error", reject));

const outbox = startOutboxWorker({ services, transport, logger });
const maintenance = startMaintenance();

const { port } = server.address() as AddressInfo;
logger.info({ host: config.HOST ?? "all interfaces", port, database: db.kind, version }, "listening");
console.log(`\n  Invitations is running at ${config.appUrl.origin}  (port ${port}, ${db.kind} database)`);
if (setupUrl) {
  console.log(`\n  No admin yet. Open this one-time link to create the first admin (valid 24 hours):\n  ${setupUrl}`);
  console.log("  Or from a terminal: pnpm cli create-admin --email you@example.com");
}
console.log("");

/** Marks expired invitations and sweeps dead rows now and every 10 minutes. */
function startMaintenance() {
  const run = () =>
    runMaintenance(services)
      .then((result) => logger.debug(result, "maintenance"))
      .catch((err: unknown) => logger.warn({ err }, "maintenance failed; will retry"));
  void run();
  return setInterval(run, 10 * 60 * 1000).unref();
}

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "shutting down");
  // Stop accepting, let in-flight requests finish, then close the database so the
  // embedded one is flushed and never left half-written.
  const forceTimer = setTimeout(() => server.closeAllConnections(), 10_000).unref();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
  clearTimeout(forceTimer);
  clearInterval(maintenance);
  await services.background.settled();
  await outbox.stop();
  await transport.close();
  await db.close();
  logger.info("stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
