// The composition root: the one place a Config becomes a working process. main.ts, the CLI and
// the test server all start here, so the database (with its DATA_DIR lock), the migrations, the
// sealing key, the mail transport, the OAuth providers and the services are put together one way,
// and taken down in one order.
import type { Server } from "node:http";
import { createServices, runMaintenance, systemClock, type Clock, type Services } from "@invite/api";
import { type Database, DatabaseInUseError, describeHolder, openDatabase } from "@invite/db";
import { applyMigrations } from "@invite/db/migrate";
import { ConfigError, type Config } from "./config.ts";
import { createLogger, type Logger } from "./logger.ts";
import { countRequestsInFlight } from "./http/requests-in-flight.ts";
import { createMailTransport, startOutboxWorker, type MailTransport, type OutboxWorker } from "./mail/index.ts";
import { configureProviders, describeProviders, type ProviderRegistry, type ProviderSetup } from "./oauth/providers.ts";
import { loadSealingKey } from "./sealing-key.ts";
import { version } from "./version.ts";
import { startWebhookWorker, type WebhookWorker } from "./webhooks/index.ts";

/** What opens the embedded database: named to a process refused its DATA_DIR, and choosing the refusal's words. */
export type RuntimeOwner = "server" | "cli";

export interface RuntimeOptions {
  owner: RuntimeOwner;
  /** Where migrations and background failures are logged; JSON to stdout at LOG_LEVEL when omitted. */
  logger?: Logger | undefined;
  /** A database the caller opened, migrated and will close (tests): used as it is. */
  db?: Database | undefined;
  clock?: Clock | undefined;
  /** Provider settings tests change: Google's issuer (a double), the time each call may take. */
  providers?: Omit<ProviderSetup, "now"> | undefined;
  /**
   * By default the transport SMTP_URL selects (the dev mailbox without it). `null`: this process
   * sends no email (the CLI: the running server delivers what it queues). One passed in stays the
   * caller's to close.
   */
  transport?: MailTransport | null | undefined;
  /** What the API reports as its version; the root package.json's by default. */
  version?: string | undefined;
}

export interface Runtime {
  config: Config;
  logger: Logger;
  db: Database;
  services: Services;
  oauthProviders: ProviderRegistry;
  transport: MailTransport | null;
  /** The HTTP server answering on these services: close() stops it before anything else. */
  attachHttpServer(server: Server): void;
  /** What a server does besides answering: delivers the email and webhook outboxes and runs maintenance every 10 minutes. */
  startBackgroundWork(): void;
  /**
   * Stops in an order that loses nothing: no new connections, requests in flight finish (10 s at
   * most), work they started settles, the outbox worker records its sends, the transport closes,
   * then the database closes, so the embedded one is flushed and its lock released. Idempotent.
   */
  close(): Promise<void>;
}

/** How long requests in flight may take to finish once shutdown has begun. */
const SHUTDOWN_GRACE_MS = 10_000;
const MAINTENANCE_INTERVAL_MS = 10 * 60 * 1000;
/**
 * Requests in flight from which background work yields: more than an admin team's dashboard
 * makes (it is a burst: a load test, an import), few enough that the outbox then keeps to a
 * batch a second and leaves both cores to the requests.
 */
const BUSY_REQUESTS_IN_FLIGHT = 8;

/**
 * Opens everything a process of this app needs, from its config. Refusals an operator can fix
 * (a bad SECRET_KEY, DATA_DIR held by another process) throw a one-line ConfigError; whatever
 * was opened before a failure is closed again.
 */
export async function openRuntime(config: Config, options: RuntimeOptions): Promise<Runtime> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const clock = options.clock ?? systemClock;
  // Before the database: a bad key is refused without taking DATA_DIR's lock.
  const sealingKey = loadSealingKey(config);
  const ownsDb = !options.db;
  const db = options.db ?? openOwnDatabase(config, options.owner);
  if (ownsDb) {
    try {
      const { applied } = await applyMigrations(db);
      if (applied.length) logger.info({ applied }, "database migrated");
    } catch (error) {
      await db.close(); // never leave the embedded database half-open, or its lock held
      throw error;
    }
  }

  const ownsTransport = options.transport === undefined;
  const transport =
    options.transport === undefined ? createMailTransport({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM, logger }) : options.transport;
  // No network here: OIDC discovery happens on first use.
  const oauthProviders = configureProviders(config, { now: () => clock.now(), ...options.providers });
  const services = createServices({
    db,
    clock,
    sealingKey,
    config: { appUrl: config.appUrl.origin, version: options.version ?? version, providers: describeProviders(oauthProviders), trustedOrigins: config.trustedOrigins },
    devMailbox: transport?.kind === "dev" ? transport : null,
    onBackgroundError: (err, task) => logger.error({ err, task }, "background work failed"),
  });

  let httpServer: Server | null = null;
  const requests = countRequestsInFlight();
  let outbox: OutboxWorker | null = null;
  let webhooks: WebhookWorker | null = null;
  let maintenance: { timer: NodeJS.Timeout; lastRun: Promise<void> } | null = null;
  let closing: Promise<void> | undefined;

  function runMaintenanceNow() {
    const run = runMaintenance(services)
      .then((result) => logger.debug(result, "maintenance"))
      .catch((err: unknown) => logger.warn({ err }, "maintenance failed; will retry"));
    if (maintenance) maintenance.lastRun = run;
    return run;
  }

  async function shutDown() {
    if (httpServer) await stopAccepting(httpServer);
    if (maintenance) {
      clearInterval(maintenance.timer);
      await maintenance.lastRun; // a sweep under way finishes before the database closes
    }
    await services.background.settled();
    await outbox?.stop();
    await webhooks?.stop();
    if (ownsTransport) await transport?.close();
    if (ownsDb) await db.close();
  }

  return {
    config,
    logger,
    db,
    services,
    oauthProviders,
    transport,
    attachHttpServer(server) {
      httpServer = server;
      requests.watch(server);
    },
    startBackgroundWork() {
      if (!transport) throw new Error("startBackgroundWork needs a mail transport: this runtime was opened without one");
      if (outbox) return;
      // Requests first: the outboxes catch up on a burst of invitations once it is answered.
      const yieldWhile = () => requests.count >= BUSY_REQUESTS_IN_FLIGHT;
      outbox = startOutboxWorker({ services, transport, logger, yieldWhile });
      webhooks = startWebhookWorker({
        services,
        logger,
        yieldWhile,
        allowPrivateTargets: config.WEBHOOK_ALLOW_PRIVATE_TARGETS === "true",
        version: options.version ?? version,
      });
      const timer = setInterval(() => void runMaintenanceNow(), MAINTENANCE_INTERVAL_MS).unref();
      maintenance = { timer, lastRun: Promise.resolve() };
      void runMaintenanceNow();
    },
    close: () => (closing ??= shutDown()),
  };
}

function openOwnDatabase(config: Config, owner: RuntimeOwner): Database {
  try {
    return openDatabase({ url: config.DATABASE_URL, dataDir: config.dataDir, owner });
  } catch (error) {
    if (error instanceof DatabaseInUseError) throw new ConfigError(dataDirInUse(error, owner));
    throw error;
  }
}

/**
 * Two processes on one embedded database lose each other's writes, so the second is refused, in
 * words for who it is: a second server is told how to run several; a CLI run, to use the dashboard.
 */
function dataDirInUse({ dataDir, holder }: DatabaseInUseError, owner: RuntimeOwner): string {
  if (owner === "server") {
    return (
      `DATA_DIR ${dataDir} is in use by ${describeHolder(holder)}: the embedded database takes one process at a time. ` +
      "Stop that one first, or set DATABASE_URL to run several servers on PostgreSQL."
    );
  }
  if (holder.owner === "server") {
    return `The server is running on this data directory (${dataDir}, pid ${holder.pid}); stop it or use the dashboard.`;
  }
  return `This data directory (${dataDir}) is open in ${describeHolder(holder)}; wait for it to finish, then try again.`;
}

/** Stops accepting, lets requests in flight finish (cut after SHUTDOWN_GRACE_MS), and drops idle keep-alive connections. */
async function stopAccepting(server: Server) {
  const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
  clearTimeout(force);
}
