import { expect, signInAsNewMember, signInWithForm, test } from "./fixtures.ts";
import { waitForMail } from "./support/mail-sink.ts";

/*
 * Passwords after sign-up. "Forgot password?" end to end over real SMTP: the member asks for
 * a link from the sign-in page, follows it from the email, chooses a new password and lands
 * signed in; the old password and the old session stop working, and the link cannot be used
 * twice. And "Change password" on the account page, which signs out the other devices.
 */

// Chromium logs 4xx answers: an unknown link's preview (404) and a wrong current password (401). Argon2 on a busy machine.
test.use({ allowedConsoleErrors: [/status of (404.*\/trpc\/.*auth\.resetPasswordPreview|401.*\/trpc\/account\.changePassword)/] });
test.describe.configure({ timeout: 120_000 });

test("a member resets a forgotten password from the emailed link and is signed in", async ({ page, browser, baseURL }) => {
  // Signed in elsewhere: that session must end when the password changes.
  const elsewhere = await browser.newContext({ baseURL });
  const member = await signInAsNewMember(await elsewhere.newPage(), baseURL!);

  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(member.email);
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue(member.email); // carried over from sign-in
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();

  const mail = await waitForMail(member.email, { match: (m) => m.subject === "Reset your Invitations password" });
  const link = /https?:\/\/\S+\/reset-password\/[a-z2-7]{32}/.exec(mail.text)?.[0];
  expect(link, "the reset link in the email's text part").toBeTruthy();

  await page.goto(link!);
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  const newPassword = "velvet harbor lantern 58 quartz";
  await page.getByLabel("New password", { exact: true }).fill(newPassword);
  await page.getByRole("button", { name: "Save password and sign in" }).click();
  await expect(page.getByText("Your password is changed")).toBeVisible();
  await expect(page).toHaveURL(/\/$/);

  // The other browser was signed out; the old password is gone; the new one works.
  const other = elsewhere.pages()[0]!;
  await other.goto("/account");
  await expect(other).toHaveURL(/\/sign-in\?next=\/account/);
  await signInWithForm(other, { email: member.email, password: member.password });
  await expect(other.getByRole("alert")).toContainText("don't match an account");
  await signInWithForm(other, { email: member.email, password: newPassword });
  await expect(other).toHaveURL(/\/account$/);
  await elsewhere.close();

  // The link is spent, and opening it says so at once, before anyone types a password.
  await page.goto(link!);
  await expect(page.getByRole("heading", { name: "This reset link was already used" })).toBeVisible();
  await expect(page.getByLabel("New password", { exact: true })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Ask for a new link" })).toHaveAttribute("href", "/forgot-password");

  // An unknown (or replaced) link has its own page.
  await page.goto(`/reset-password/${"a".repeat(32)}`);
  await expect(page.getByRole("heading", { name: "This reset link doesn't work" })).toBeVisible();
});

test("a member changes their password from the account page; other devices are signed out", async ({ page, browser, baseURL }) => {
  const member = await signInAsNewMember(page, baseURL!);
  const elsewhere = await browser.newContext({ baseURL });
  const other = await elsewhere.newPage();
  await other.goto("/sign-in");
  await signInWithForm(other, member);
  await expect(other).not.toHaveURL(/sign-in/);

  await page.goto("/account");
  await page.getByRole("button", { name: "Change password" }).click();
  const dialog = page.getByRole("dialog", { name: "Change password" });
  await dialog.getByLabel("Current password", { exact: true }).fill("not my password at all");
  const newPassword = "velvet harbor lantern 58 quartz";
  await dialog.getByLabel("New password", { exact: true }).fill(newPassword);
  await dialog.getByRole("button", { name: "Change password" }).click();
  await expect(dialog.getByText("That isn't your current password.")).toBeVisible();

  await dialog.getByLabel("Current password", { exact: true }).fill(member.password);
  await dialog.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Your other devices are signed out.")).toBeVisible();
  await expect(dialog).toBeHidden();

  await other.goto("/account");
  await expect(other).toHaveURL(/\/sign-in\?next=\/account/);
  await signInWithForm(other, { email: member.email, password: newPassword });
  await expect(other).toHaveURL(/\/account$/);
  await elsewhere.close();
});
