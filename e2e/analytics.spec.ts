import { readFile } from "node:fs/promises";
import { request } from "@playwright/test";
import { ADMIN } from "./constants.ts";
import { expect, signInWithForm, test, trpcMutation } from "./fixtures.ts";

/*
 * Admin → Analytics (issue 15): invitations made, one opened and accepted, show in the figures,
 * the charts and the tables; the invitations page exports its list, filtered, as CSV.
 * E2E_SCREENSHOTS=<dir> also saves the page at desktop and phone sizes.
 */
test("an admin reads the analytics of the invitations just sent, and downloads the list as CSV", async ({ page, baseURL }) => {
  const stamp = `${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
  const [accepted, waiting] = [`analytics-a-${stamp}@example.com`, `analytics-b-${stamp}@example.com`];
  const admin = await request.newContext({ baseURL });
  try {
    await trpcMutation(admin, baseURL!, "auth.signIn", { email: ADMIN.email, password: ADMIN.password });
    const { inviteUrl } = await trpcMutation<{ inviteUrl: string }>(admin, baseURL!, "invitation.create", { email: accepted });
    await trpcMutation(admin, baseURL!, "invitation.create", { email: waiting, role: "ADMIN" });
    // The invitee opens the link (the preview marks it opened), then accepts.
    const invitee = await page.context().browser()!.newContext({ baseURL });
    const invite = await invitee.newPage();
    await invite.goto(new URL(inviteUrl).pathname);
    await expect(invite.getByLabel("Email")).toHaveValue(accepted);
    await trpcMutation(invitee.request, baseURL!, "invitation.accept", { token: new URL(inviteUrl).pathname.split("/").pop(), password: "correct horse battery staple 42", name: "Analytics Person" });
    await invitee.close();
  } finally {
    await admin.dispose();
  }

  await page.goto("/admin/analytics?days=7");
  await signInWithForm(page);
  await expect(page.getByRole("heading", { name: "Analytics", level: 1 })).toBeVisible();
  const stat = (label: string) => page.locator(`[data-stat="${label}"]`);
  await expect(stat("Sent")).toHaveText(/^[1-9][\d,]*$/);
  await expect(stat("Opened")).toHaveText(/^[1-9][\d,]*$/);
  await expect(stat("Accepted")).toHaveText(/^[1-9][\d,]*$/);
  await expect(stat("Acceptance rate")).toHaveText(/%$/);
  // Both charts drew their bars (recharts' SVG), and the tables list the admin and both roles.
  const funnel = page.locator("section", { has: page.getByRole("heading", { name: "Funnel" }) });
  await expect(funnel.locator("svg .recharts-bar-rectangle")).toHaveCount(4);
  await expect(funnel.getByText("Opened", { exact: true })).toBeVisible();
  const overTime = page.locator("section", { has: page.getByRole("heading", { name: "Acceptances over time" }) });
  await expect(overTime.locator("svg .recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByRole("table").filter({ hasText: ADMIN.email })).toBeVisible();
  await expect(page.getByRole("table").filter({ hasText: "Member" }).getByRole("cell", { name: "Admin", exact: true })).toBeVisible();

  // Another period: the 90 days preset, and a custom one with nothing in it.
  await page.getByRole("link", { name: "90 days" }).click();
  await expect(page).toHaveURL(/days=90/);
  await page.getByRole("button", { name: "Custom" }).click();
  await page.getByLabel("From", { exact: true }).fill("2001-01-01");
  await page.getByLabel("To", { exact: true }).fill("2001-01-31");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByText("No invitations were sent in this period.").first()).toBeVisible();
  await expect(stat("Sent")).toHaveText("0");

  const dir = process.env.E2E_SCREENSHOTS;
  if (dir) {
    await page.goto("/admin/analytics?days=30");
    await expect(funnel.locator("svg .recharts-bar-rectangle")).toHaveCount(4);
    for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
      await page.setViewportSize(viewport);
      await page.waitForTimeout(300); // the charts re-measure their width
      await page.screenshot({ path: `${dir}/analytics-${viewport.width}.png`, fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  }

  // The invitations page exports what it lists: here, a search for this test's two invitations.
  await page.goto(`/admin?q=${encodeURIComponent(stamp)}`);
  await expect(page.getByText(waiting).first()).toBeVisible();
  if (dir) {
    for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
      await page.setViewportSize(viewport);
      await page.screenshot({ path: `${dir}/invitations-export-${viewport.width}.png` });
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  }
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^invitations-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = (await readFile(await download.path(), "utf8")).replace(/^\uFEFF/, "").trimEnd().split("\r\n");
  expect(lines[0]).toMatch(/^email,name,role,status,invited_by,sent_at,/);
  expect(lines.slice(1).map((line) => line.split(",").slice(0, 4).join(","))).toEqual([
    `${waiting},,ADMIN,PENDING`,
    `${accepted},,MEMBER,ACCEPTED`, // the name column is the one the inviter gave
  ]);
});
