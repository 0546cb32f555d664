import { request } from "@playwright/test";
import { ADMIN } from "./constants.ts";
import { expect, signInWithForm, test, trpcMutation } from "./fixtures.ts";

/*
 * The settings page: an admin opens sign-up (confirmed in a dialog, limited to some email
 * domains) and changes how long new invitation links last; all are saved on the server, so a
 * reload shows them again. A lifetime out of bounds is refused in the form and changes nothing.
 */

// Other specs expect a new install's settings: put them back whatever happened here.
test.afterEach(async ({ baseURL }) => {
  const admin = await request.newContext();
  try {
    await trpcMutation(admin, baseURL!, "auth.signIn", { email: ADMIN.email, password: ADMIN.password });
    await trpcMutation(admin, baseURL!, "settings.update", {
      registration: "INVITE_ONLY",
      defaultInviteHours: 48,
      invitesPerAdminPerHour: 500,
      signUpDomains: [],
      reminderHoursBeforeExpiry: 24,
    });
  } finally {
    await admin.dispose();
  }
});

test("an admin changes who can join, the default link lifetime and the hourly allowance, and all persist after a reload", async ({ page }) => {
  await page.goto("/admin/settings");
  await signInWithForm(page);
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();

  const inviteOnly = page.getByRole("radio", { name: /^Invite only/ });
  const open = page.getByRole("radio", { name: /^Open sign-up/ });
  const hours = page.getByLabel("Default link lifetime");
  const allowance = page.getByLabel("Invitations per admin per hour");
  const reminder = page.getByLabel("Reminder email");
  const save = page.getByRole("button", { name: "Save changes" });
  await expect(inviteOnly).toBeChecked();
  await expect(hours).toHaveValue("48");
  await expect(allowance).toHaveValue("500");
  await expect(reminder).toHaveValue("24");
  await expect(save).toBeDisabled();

  await open.check();
  await expect(page.getByText("Once saved, anyone who can reach this site can sign up.")).toBeVisible();
  await hours.fill("72");
  await expect(page.getByText("3 days.", { exact: false })).toBeVisible();
  await allowance.fill("2000");
  await reminder.fill("0");
  await expect(page.getByText("No reminders.", { exact: false })).toBeVisible();
  await reminder.fill("12");
  await expect(page.getByText("You have unsaved changes.")).toBeVisible();
  // Opening sign-up asks first; cancelling saves nothing.
  await save.click();
  const confirm = page.getByRole("alertdialog", { name: "Open sign-up?" });
  await expect(confirm).toContainText("Anyone who can reach this site will be able to create a member account");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByText("You have unsaved changes.")).toBeVisible();

  // Only some domains may sign up: typed, added with Enter, removed with their button.
  const domain = page.getByLabel("Allowed email domains");
  await domain.fill("@Example.COM");
  await domain.press("Enter");
  await domain.fill("not a domain");
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(page.getByText(`"not" isn't a domain.`, { exact: false })).toBeVisible();
  await domain.fill("example.org, example.net");
  await domain.press("Enter");
  await page.getByRole("button", { name: "Remove example.net" }).click();
  const listed = page.getByRole("list", { name: "Listed domains" });
  await expect(listed.getByRole("listitem")).toHaveText(["@example.com", "@example.org"]);

  await save.click();
  await expect(confirm).toContainText("@example.com, @example.org");
  await confirm.getByRole("button", { name: "Open sign-up" }).click();
  await expect(page.getByText("Settings saved")).toBeVisible();
  await expect(save).toBeDisabled();

  await page.reload();
  await expect(listed.getByRole("listitem")).toHaveText(["@example.com", "@example.org"]);
  await expect(open).toBeChecked();
  await expect(inviteOnly).not.toBeChecked();
  await expect(hours).toHaveValue("72");
  await expect(allowance).toHaveValue("2000");
  await expect(reminder).toHaveValue("12");

  // Past 30 days: refused in the form, with the reason, and nothing is sent.
  await hours.fill("721");
  await save.click();
  await expect(page.getByRole("alert").filter({ hasText: /720/ })).toBeVisible();
  await expect(hours).toBeFocused();
  await page.reload();
  await expect(hours).toHaveValue("72");
  await expect(open).toBeChecked();

  // No allowance at all: refused in the form too.
  await allowance.fill("0");
  await save.click();
  await expect(page.getByRole("alert").filter({ hasText: "Allow at least 1 invitation an hour." })).toBeVisible();
  await expect(allowance).toBeFocused();
});
