import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { ADMIN } from "./constants.ts";
import { GITHUB_DOUBLE } from "./support/github-double.ts";
import { MAIL_SINK } from "./support/mail-sink.ts";

const port = Number(process.env.E2E_PORT ?? 3107);
// accessibility.spec.ts checks every screen at two sizes, a third of the run: it gets its own
// server (and database) and runs beside the rest, each project one test at a time.
const a11yPort = Number(process.env.E2E_A11Y_PORT ?? 3109);
const A11Y_SPEC = "**/accessibility.spec.ts";

/** The built app, exactly as `pnpm start` runs it, on a throwaway embedded database. */
function appServer(appPort: number) {
  return {
    command: "node scripts/start.mjs",
    cwd: path.resolve(import.meta.dirname, ".."),
    url: `http://localhost:${appPort}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: {
      PORT: String(appPort),
      DATA_DIR: mkdtempSync(path.join(tmpdir(), "invite-e2e-")),
      LOG_LEVEL: "warn",
      DATABASE_URL: "",
      INIT_CWD: "",
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      // GitHub is the test double below (oauth.spec.ts).
      GITHUB_CLIENT_ID: GITHUB_DOUBLE.clientId,
      GITHUB_CLIENT_SECRET: GITHUB_DOUBLE.clientSecret,
      GITHUB_URL: GITHUB_DOUBLE.url,
      GITHUB_API_URL: GITHUB_DOUBLE.apiUrl,
      // Email goes over real SMTP to the sink below (invitations.spec.ts reads it there).
      SMTP_URL: MAIL_SINK.smtpUrl,
      // Pages that cross-origin.spec.ts serves itself: one on this site (localhost), one on another (127.0.0.1).
      TRUSTED_ORIGINS: `http://localhost:${appPort + 10}, http://127.0.0.1:${appPort + 10}`,
    },
  };
}

export default defineConfig({
  testDir: ".",
  testMatch: "**/*.spec.ts",
  fullyParallel: false,
  workers: 2,
  retries: 0,
  // Generous for a 2-core machine under load (Argon2id sign-ins, a cold server): a CI run at load
  // 16 missed 5 s waits for pages that did arrive. The checks themselves are unchanged.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [["list"], ["json"]] : "list",
  use: {
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
    trace: "off",
  },
  projects: [
    { name: "app", testIgnore: A11Y_SPEC, workers: 1, use: { baseURL: `http://localhost:${port}` } },
    { name: "accessibility", testMatch: A11Y_SPEC, workers: 1, use: { baseURL: `http://localhost:${a11yPort}` } },
  ],
  webServer: [
    appServer(port),
    appServer(a11yPort),
    {
      // A stand-in for GitHub's OAuth and REST API on a fixed loopback port (support/github-double.ts).
      command: "node --import tsx e2e/support/github-double.ts",
      cwd: path.resolve(import.meta.dirname, ".."),
      url: `${GITHUB_DOUBLE.url}/__health`,
      reuseExistingServer: false,
      env: { E2E_GITHUB_PORT: String(GITHUB_DOUBLE.port) },
    },
    {
      // A real SMTP server that keeps what it receives and lists it over HTTP (support/mail-sink.ts).
      // Entries may start in parallel; the app's outbox retries, and the sink is up in a second.
      command: "node --import tsx e2e/support/mail-sink.ts",
      cwd: path.resolve(import.meta.dirname, ".."),
      url: `${MAIL_SINK.url}/__health`,
      reuseExistingServer: false,
      env: { E2E_SMTP_PORT: String(MAIL_SINK.smtpPort), E2E_MAIL_PORT: String(MAIL_SINK.httpPort) },
    },
  ],
});
