import { mkdtempSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createServices, type Clock } from "@invite/api";
import { createTestDatabase } from "@invite/db/testing";
import { createApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { createLogger, type Logger } from "../../src/logger.ts";
import { configureProviders, describeProviders } from "../../src/oauth/providers.ts";

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
 * The real Express app on a loopback port, on a fresh database of the run's kind. OAuth
 * providers are configured from `env` exactly as main.ts does (GITHUB_*, GOOGLE_*, OIDC_*).
 */
export async function startTestServer(options: TestServerOptions = {}) {
  const testDb = await createTestDatabase();
  const webDist = options.webDist ?? mkdtempSync(path.join(tmpdir(), "invite-web-"));
  if (!options.webDist) writeFileSync(path.join(webDist, "index.html"), "<!doctype html><title>SPA</title><div id=root></div>");

  // APP_URL must be known before the port is: bind first, then build the app on that socket.
  const { createServer } = await import("node:http");
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  const config = loadConfig({ APP_URL: origin, LOG_LEVEL: "silent", ...options.env });
  const clock = options.clock;
  const logger = options.logger ?? createLogger("silent");
  const oauthProviders = configureProviders(config, {
    now: () => clock?.now() ?? new Date(),
    googleIssuer: options.googleIssuer,
    timeoutMs: options.providerTimeoutMs,
  });
  const services = createServices({
    db: testDb.db,
    clock,
    config: { appUrl: origin, version: "test", providers: describeProviders(oauthProviders) },
    onBackgroundError: (err, task) => logger.error({ err, task }, "background work failed"),
  });
  const app = createApp({ config, services, logger, webDist, oauthProviders });
  server.on("request", app);

  return {
    origin,
    db: testDb.db,
    services,
    /** fetch against the server, sending our Origin on writes as a browser on this site would. */
    fetch(pathname: string, init: RequestInit = {}) {
      return fetch(new URL(pathname, origin), init);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await testDb.drop();
    },
  };
}
