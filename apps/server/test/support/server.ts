import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Clock } from "@invite/api";
import { createTestDatabase } from "@invite/db/testing";
import { createApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { createLogger, type Logger } from "../../src/logger.ts";
import { openRuntime } from "../../src/runtime.ts";

export interface TestServerOptions {
  env?: Record<string, string>;
  clock?: Clock;
  /** Points Google at another issuer (an OpenID Connect double) instead of accounts.google.com. */
  googleIssuer?: string;
  /** How long each call to a provider may take (5 s unless a test of a silent provider shortens it). */
  providerTimeoutMs?: number;
  /** Where the app logs, as main.ts wires it (requests, failures, background work); silent by default. */
  logger?: Logger;
  /** The built SPA to serve; by default a folder holding only a bare index.html. */
  webDist?: string;
}

/**
 * The real Express app on a loopback port, on a fresh database of the run's kind, put together
 * by runtime.ts as main.ts does: OAuth providers from `env` (GITHUB_*, GOOGLE_*, OIDC_*), mail
 * from SMTP_URL (the dev mailbox without it). No outbox worker: a test that delivers starts its own.
 */
export async function startTestServer(options: TestServerOptions = {}) {
  const testDb = await createTestDatabase();
  const webDist = options.webDist ?? mkdtempSync(path.join(tmpdir(), "invite-web-"));
  if (!options.webDist) writeFileSync(path.join(webDist, "index.html"), "<!doctype html><title>SPA</title><div id=root></div>");

  // APP_URL must be known before the port is: bind first, then build the app on that socket.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  // A SECRET_KEY of its own, so no key file is written into the DATA_DIR the config defaults to.
  const env = { APP_URL: origin, LOG_LEVEL: "silent", SECRET_KEY: randomBytes(32).toString("base64"), ...options.env };
  const runtime = await openRuntime(loadConfig(env), {
    owner: "server",
    db: testDb.db, // created migrated; dropped in close()
    clock: options.clock,
    logger: options.logger ?? createLogger("silent"),
    providers: { googleIssuer: options.googleIssuer, timeoutMs: options.providerTimeoutMs },
    version: "test",
  });
  const { config, services, logger, oauthProviders } = runtime;
  server.on("request", createApp({ config, services, logger, webDist, oauthProviders }));
  runtime.attachHttpServer(server);

  return {
    origin,
    db: testDb.db,
    services,
    /** fetch against the server, sending our Origin on writes as a browser on this site would. */
    fetch(pathname: string, init: RequestInit = {}) {
      return fetch(new URL(pathname, origin), init);
    },
    async close() {
      server.closeAllConnections(); // a test waits for no request of its own
      await runtime.close();
      await testDb.drop();
    },
  };
}
