// `pnpm start`: the server. Everything it runs on is put together in runtime.ts; here, the
// first admin, the HTTP server, the terminal's greeting and the signals that stop it.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createApp } from "./app.ts";
import { ensureFirstAdmin } from "./bootstrap.ts";
import { ConfigError, loadConfigFromEnvironment } from "./config.ts";
import { openRuntime, type Runtime } from "./runtime.ts";
import { originsWithoutCookies } from "./trusted-origins.ts";
import { version } from "./version.ts";

/** A start-up refusal (a bad variable, DATA_DIR held by another process) stops with one line. */
function exitOnConfigError(error: unknown): never {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

let runtime: Runtime;
try {
  runtime = await openRuntime(loadConfigFromEnvironment(), { owner: "server" });
} catch (error) {
  exitOnConfigError(error);
}
const { config, services, logger, db } = runtime;

const setupUrl = await ensureFirstAdmin(services, config, logger).catch(async (error: unknown) => {
  await runtime.close(); // never leave the embedded database half-open
  exitOnConfigError(error);
});
const app = createApp({ config, services, logger, oauthProviders: runtime.oauthProviders });
// Without HOST, every interface (as Node does); HOST=127.0.0.1 behind a proxy on the same machine.
const server = createServer(app).listen({ port: config.PORT, host: config.HOST });
await new Promise<void>((resolve, reject) => server.once("listening", resolve).once("error", reject));
runtime.attachHttpServer(server);
runtime.startBackgroundWork();

const { port } = server.address() as AddressInfo;
logger.info({ host: config.HOST ?? "all interfaces", port, database: db.kind, version }, "listening");
for (const origin of originsWithoutCookies(config.trustedOrigins, config.appUrl)) {
  logger.warn({ origin }, "TRUSTED_ORIGINS lists another site while APP_URL is http: its pages' calls carry no session cookie (docs/frontend.md)");
}
console.log(`\n  Invitations is running at ${config.appUrl.origin}  (port ${port}, ${db.kind} database)`);
if (setupUrl) {
  console.log(`\n  No admin yet. Open this one-time link to create the first admin (valid 24 hours):\n  ${setupUrl}`);
  console.log("  Or from a terminal: pnpm cli create-admin --email you@example.com");
}
console.log("");

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "shutting down");
  await runtime.close();
  logger.info("stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
