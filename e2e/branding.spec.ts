import { request, type APIRequestContext } from "@playwright/test";
import { pngImage } from "../packages/api/test/support/images.ts";
import { ADMIN } from "./constants.ts";
import { expect, signInWithForm, test, trpcMutation } from "./fixtures.ts";
import { inviteLinkIn, waitForMail } from "./support/mail-sink.ts";

/*
 * The product says whose it is: an admin sets the workspace's name, logo and colour in
 * Settings; the invitation email (over real SMTP) and the accept page then show them, and the
 * accept page gets them with the invitation's preview, in no request of its own. Everything
 * is put back afterwards: the other specs expect the product's own look.
 */

test.describe.configure({ timeout: 120_000 });

const WORKSPACE = "Acme";
const ACCENT = "#0f766e"; // rgb(15, 118, 110): white text on it
const invitee = `branded-${Date.now()}@example.com`;

let admin: APIRequestContext;
test.beforeAll(async ({ baseURL }) => {
  admin = await request.newContext({ baseURL });
  await trpcMutation(admin, baseURL!, "auth.signIn", { email: ADMIN.email, password: ADMIN.password });
});
test.afterAll(async ({ baseURL }) => {
  await trpcMutation(admin, baseURL!, "settings.update", {
    registration: "INVITE_ONLY",
    defaultInviteHours: 48,
    workspaceName: null,
    accentColor: null,
  }).catch(() => {});
  await admin.delete("/api/branding/logo", { headers: { Origin: baseURL! } }).catch(() => {});
  await trpcMutation(admin, baseURL!, "account.rename", { name: "admin" }).catch(() => {});
  await admin.dispose();
});

test("an admin brands the workspace; the invitation email and the accept page carry it", async ({ page, browser, baseURL }) => {
  // Settings → Workspace: name, colour, logo.
  await page.goto("/sign-in");
  await signInWithForm(page);
  await expect(page.getByRole("heading", { name: /You're in/ })).toBeVisible();
  await page.goto("/admin/settings");
  const workspace = page.getByRole("form", { name: "Workspace" });
  await workspace.getByLabel("Workspace name").fill(WORKSPACE);
  await workspace.getByLabel("Accent colour", { exact: true }).fill(ACCENT);
  await workspace.getByRole("button", { name: "Save workspace" }).click();
  await expect(page.getByText("Workspace saved")).toBeVisible();
  await workspace.locator('input[type="file"]').setInputFiles({ name: "acme.png", mimeType: "image/png", buffer: pngImage({ width: 96, height: 96, color: "#0f766e" }) });
  await expect(workspace.getByRole("img", { name: "Current logo" })).toBeVisible();
  // The admin's own header follows at once.
  await expect(page.getByRole("banner").getByRole("link", { name: WORKSPACE })).toBeVisible();

  // An invitation from "Ada Lovelace" (the first admin, renamed for the sentence the issue asks for).
  await trpcMutation(admin, baseURL!, "account.rename", { name: "Ada Lovelace" });
  await trpcMutation(admin, baseURL!, "invitation.create", { email: invitee, role: "ADMIN" });

  // The email, as the SMTP server received it.
  const mail = await waitForMail(invitee);
  expect(mail.subject).toBe("Ada Lovelace invited you to join Acme");
  expect(mail.text).toContain("invited you to join Acme as an Admin");
  expect(mail.html).toMatch(new RegExp(`src="${baseURL}/branding/logo\\?v=[0-9a-f]{16}"`));
  expect(mail.html).toContain(`background-color:${ACCENT}`);
  const logoInMail = /src="([^"]*\/branding\/logo\?v=[0-9a-f]+)"/.exec(mail.html)![1]!;
  const logo = await admin.get(logoInMail);
  expect(logo.headers()["content-type"]).toBe("image/png");
  expect(logo.headers()["x-content-type-options"]).toBe("nosniff");

  // The accept page, signed out in a browser of its own.
  const context = await browser.newContext({ baseURL });
  const visitor = await context.newPage();
  const calls: string[] = [];
  visitor.on("request", (req) => {
    if (req.url().includes("/trpc/")) calls.push(new URL(req.url()).pathname);
  });
  await visitor.goto(inviteLinkIn(mail));
  await expect(visitor.getByRole("heading", { level: 1 })).toHaveText("Ada Lovelace invited you to join Acme as Admin");
  await expect(visitor).toHaveTitle(/Acme/);
  await expect(visitor.getByRole("banner").getByRole("link", { name: WORKSPACE })).toBeVisible();
  const headerLogo = visitor.getByRole("banner").locator('img[src^="/branding/logo?v="]');
  await expect(headerLogo).toBeVisible();
  expect(await headerLogo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(96);
  // The button in the workspace's colour, its text white by contrast.
  const accept = visitor.getByRole("button", { name: "Accept invitation & sign in" });
  await expect(accept).toHaveCSS("background-color", "rgb(15, 118, 110)");
  await expect(accept).toHaveCSS("color", "rgb(255, 255, 255)");
  // No round trip of its own: the branding came with the preview.
  expect(calls.some((call) => call.includes("branding.get"))).toBe(false);
  expect(calls.some((call) => call.includes("invitation.preview"))).toBe(true);
  await context.close();
});

test("without branding, today's look stays", async ({ page, baseURL }) => {
  await trpcMutation(admin, baseURL!, "settings.update", { registration: "INVITE_ONLY", defaultInviteHours: 48, workspaceName: null, accentColor: null });
  await admin.delete("/api/branding/logo", { headers: { Origin: baseURL! } });
  await page.goto("/sign-in");
  await expect(page.getByRole("banner").getByRole("link", { name: "Invitations" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Sign in", exact: true })).toBeVisible();
  // The theme's own blue (accent-600), white text.
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toHaveCSS("color", "rgb(255, 255, 255)");
  expect(await page.evaluate(() => document.documentElement.style.getPropertyValue("--color-accent-solid"))).toBe("");
});
