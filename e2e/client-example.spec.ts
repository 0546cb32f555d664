import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { ADMIN } from "./constants.ts";
import { expect, test } from "./fixtures.ts";

/*
 * examples/react-client, an app outside the monorepo that knows the API only through the packed
 * @invite/client (scripts/client-example.mjs installs and builds it; `pnpm test` runs that
 * first). Its build is served by `vite preview` on an origin of its own, which proxies /trpc to
 * the server under test: same-origin for the browser, so no CORS setting is involved.
 */

const example = path.resolve(import.meta.dirname, "../examples/react-client");
// Not the ports cross-origin.spec.ts serves its pages on (the API's + 10 and + 11).
const previewPort = Number(process.env.E2E_EXAMPLE_PORT ?? 3119);
const exampleUrl = `http://127.0.0.1:${previewPort}`;

// Chromium logs each 4xx answer as "Failed to load resource": here a wrong password (401), an
// address the schema refuses (400) and one that is already a member (409), each on purpose.
test.use({ allowedConsoleErrors: [/status of (401|400|409).*\/trpc\/(auth\.signIn|invitation\.create)/] });
test.describe.configure({ mode: "serial" });

let preview: ChildProcess | undefined;

test.beforeAll(async ({ baseURL }) => {
  if (!existsSync(path.join(example, "dist/index.html")) || !existsSync(path.join(example, "node_modules/.bin/vite"))) {
    throw new Error("examples/react-client is not built: run `node scripts/client-example.mjs` first (pnpm test does)");
  }
  preview = spawn(path.join(example, "node_modules/.bin/vite"), ["preview", "--host", "127.0.0.1", "--port", String(previewPort), "--strictPort"], {
    cwd: example,
    env: { ...process.env, INVITE_API_URL: baseURL },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const up = await fetch(exampleUrl).then((response) => response.ok, () => false);
    if (up) break;
    if (preview.exitCode !== null) throw new Error(`vite preview exited with ${preview.exitCode}`);
    if (Date.now() > deadline) throw new Error(`vite preview did not answer on ${exampleUrl} within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
});

test.afterAll(async () => {
  if (!preview || preview.exitCode !== null) return;
  const exited = new Promise((resolve) => preview?.once("exit", resolve));
  preview.kill();
  await exited;
});

test("the example app signs in, lists and sends invitations, and shows errors by their reason", async ({ page }) => {
  await page.goto(exampleUrl);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();

  // A wrong password: the server's sentence, and the reason the app branches on.
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill("not the password at all");
  await page.getByRole("button", { name: "Sign in" }).click();
  const refused = page.getByRole("alert");
  await expect(refused).toHaveAttribute("data-reason", "INVALID_CREDENTIALS");
  await expect(refused).toContainText("INVALID_CREDENTIALS");
  await expect(page.getByText("Check the email and the password, then try again.")).toBeVisible();

  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText(`(${ADMIN.email})`)).toBeVisible();
  await expect(page.getByRole("heading", { name: "Invitations" })).toBeVisible();

  // An invitation, then the list as the API answers it (dates arrive as Dates: superjson).
  const invitee = `example-${Date.now()}@example.com`;
  await page.getByLabel("Email").fill(invitee);
  await page.getByLabel("Role").selectOption("ADMIN");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status")).toHaveText(`Invitation sent to ${invitee}.`);
  const listed = page.getByRole("listitem").filter({ hasText: invitee });
  await expect(listed).toContainText("Admin");
  await expect(listed).toContainText("PENDING");
  await expect(listed).toContainText(/expires \w{3} \d{1,2}, \d{4}/);

  // Input the schema refuses: the field's own message, from `fieldErrors`.
  await page.getByLabel("Email").fill("not an address");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
  await expect(page.getByRole("alert")).toHaveAttribute("data-reason", "VALIDATION_FAILED");

  // Someone who is a member already.
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("alert")).toHaveAttribute("data-reason", "ALREADY_MEMBER");
  await expect(page.getByText("They can sign in already; nothing was sent.")).toBeVisible();

  // Signed out: the session cookie went through the proxy both ways.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
});
