import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "./fixtures.ts";

/*
 * A newcomer's first minute, as the README's quick start promises: `pnpm start` on an empty
 * embedded database prints a one-time setup link; opening it creates the first admin, who
 * lands signed in on the dashboard. This test starts that server itself (the shared one
 * already has an admin), on a port of its own, and reads the link from its terminal output.
 */

const port = Number(process.env.E2E_FIRST_RUN_PORT ?? 3108);
const root = path.resolve(import.meta.dirname, "..");

test.describe.configure({ timeout: 120_000 });

test("a fresh install prints a setup link that makes the first admin, signed in", async ({ browser }) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "invite-first-run-"));
  let server: ChildProcess | undefined;
  try {
    server = spawn(process.execPath, ["scripts/start.mjs"], {
      cwd: root,
      env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: "warn", DATABASE_URL: "", ADMIN_EMAIL: "", ADMIN_PASSWORD: "", SMTP_URL: "", INIT_CWD: "" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const setupLink = await new Promise<string>((resolve, reject) => {
      let output = "";
      server!.stdout!.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const link = /http:\/\/localhost:\d+\/setup\/[a-z2-7]{32}/.exec(output)?.[0];
        if (link) resolve(link);
      });
      server!.once("exit", (code) => reject(new Error(`the server exited (${code}) before printing a setup link:\n${output}`)));
    });

    const page = await (await browser.newContext()).newPage();
    // A link that was never printed says so at once, before anyone types anything.
    await page.goto(setupLink.replace(/[a-z2-7]{32}$/, "a".repeat(32)));
    await expect(page.getByRole("heading", { name: "This setup link doesn't work" })).toBeVisible();
    await expect(page.getByText("pnpm cli setup-link")).toBeVisible();

    await page.goto(setupLink);
    await expect(page.getByRole("heading", { name: "Create the first admin" })).toBeVisible();
    await page.getByLabel("Email").fill("founder@example.com");
    await page.getByLabel("Name").fill("Fran Founder");
    // Too short: the error says so once; the meter's length rule, which says the same, steps aside.
    const password = page.getByLabel("Password", { exact: true });
    await password.fill("short");
    await page.getByRole("button", { name: /create/i }).click();
    await expect(page.getByText("Use at least 12 characters.")).toBeVisible();
    await expect(page.getByText(/^At least 12 characters/)).toBeHidden();
    await password.fill("tidal orbit marmalade 93 canyon");
    await expect(page.getByText("Use at least 12 characters.")).toBeHidden();
    await expect(page.getByText(/^At least 12 characters/)).toBeVisible();
    await page.getByRole("button", { name: /create/i }).click();

    await expect(page).toHaveURL(/\/admin$/);
    await expect(page.getByRole("heading", { name: "Invitations", level: 1 })).toBeVisible();
    await expect(page.getByText("Welcome, Fran Founder. You're the administrator.")).toBeVisible();
    await expect(page.getByRole("heading", { name: "No invitations yet" })).toBeVisible();

    // The link worked once.
    await page.goto(setupLink);
    await expect(page.getByText("An administrator already exists")).toBeVisible();
  } finally {
    if (server && server.exitCode === null) {
      server.kill("SIGTERM");
      await once(server, "exit");
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
});
