import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, test, trpcMutation } from "./fixtures.ts";
import { expectAccessible, expectFieldBordersContrast } from "./support/accessibility.ts";

/*
 * The screens only a fresh install shows, under the same checks as accessibility.spec.ts: the
 * setup form a valid one-time link opens, and the dev mailbox (there only while SMTP_URL is
 * unset). The shared server has an admin and real SMTP, so this test starts its own, on the
 * first-run port, as first-run.spec.ts does.
 */

const port = Number(process.env.E2E_FIRST_RUN_PORT ?? 3108);
const root = path.resolve(import.meta.dirname, "..");
const SIZES = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
];

test.use({
  reducedMotion: "reduce",
  // axe reaches into the opened email's sandboxed frame (no scripts allowed there), and Chromium logs
  // the refusal; the email is the server's HTML, not the SPA's (docs/accessibility.md).
  allowedConsoleErrors: [/^Blocked script execution in 'about:srcdoc' because the document's frame is sandboxed/],
});
test.describe.configure({ timeout: 150_000 });

/** Both checks at both sizes, for what the page shows now. */
async function checkAtBothSizes(page: Page, label: string) {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await expectAccessible(page, `${label} (${size.name})`);
    await expectFieldBordersContrast(page, `${label} (${size.name})`);
  }
}

test("a fresh install's setup form and dev mailbox pass the accessibility checks", async ({ page }) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "invite-a11y-first-run-"));
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
    const base = new URL(setupLink).origin;

    await page.goto(setupLink);
    await expect(page.getByRole("heading", { name: "Create the first admin" })).toBeVisible();
    await checkAtBothSizes(page, "setup form");

    await page.setViewportSize(SIZES[0]!);
    await page.getByLabel("Email").fill("founder@example.com");
    await page.getByLabel("Name").fill("Fran Founder");
    await page.getByLabel("Password", { exact: true }).fill("tidal orbit marmalade 93 canyon");
    await page.getByRole("button", { name: /create/i }).click();
    await expect(page).toHaveURL(/\/admin$/);

    // One email in the mailbox, opened.
    await trpcMutation(page.request, base, "invitation.create", { email: "mailbox-a11y@example.com" });
    const firstMail = page.getByRole("list", { name: "Captured emails" }).getByRole("button").first();
    await expect(async () => {
      // The outbox sends in the background: look again until it has.
      await page.goto(`${base}/admin/mailbox`);
      await expect(firstMail).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    await firstMail.click();
    await expect(page.locator(".animate-pulse")).toHaveCount(0);
    await checkAtBothSizes(page, "dev mailbox");
  } finally {
    // Off the mailbox first: its next poll, to a server going away, would log a refused connection.
    await page.goto("about:blank").catch(() => {});
    if (server && server.exitCode === null) {
      server.kill("SIGTERM");
      await once(server, "exit");
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
});
