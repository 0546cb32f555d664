// The real app, as apps/server/test/support/server.ts starts it, on the benchmark's database.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { createServices } from "../../packages/api/src/index.ts";
import { openDatabase } from "../../packages/db/src/index.ts";
import { createApp } from "../../apps/server/src/app.ts";
import { loadConfig } from "../../apps/server/src/config.ts";
import { createLogger } from "../../apps/server/src/logger.ts";
import { listenOnLoopback, serveParent } from "../lib/child.ts";

const webDist = mkdtempSync(path.join(tmpdir(), "invite-bench-web-"));
writeFileSync(path.join(webDist, "index.html"), "<!doctype html><title>SPA</title><div id=root></div>");

const db = openDatabase({ url: process.env.BENCH_DATABASE_URL!, dataDir: webDist });
const server = createServer();
const origin = await listenOnLoopback(server);
// BENCH_LOG_LEVEL=error shows why requests failed; the figures are taken with logging silent.
const logLevel = process.env.BENCH_LOG_LEVEL ?? "silent";
const config = loadConfig({ APP_URL: origin, LOG_LEVEL: logLevel, TRUST_PROXY: process.env.BENCH_TRUST_PROXY ?? "false" });
const services = createServices({ db, config: { appUrl: origin, version: "bench" } });
server.on("request", createApp({ config, services, logger: createLogger(config.LOG_LEVEL), webDist }));

serveParent(origin, async () => {
  await db.close();
  rmSync(webDist, { recursive: true, force: true });
});
