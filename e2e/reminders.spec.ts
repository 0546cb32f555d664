import { expect, signInWithForm, test, trpcMutation } from "./fixtures.ts";
import { waitForMail } from "./support/mail-sink.ts";

/*
 * An invitation's reminder email from the admin's side: once the invitation email is sent, the
 * row says when the reminder goes (24 hours before expiry by default), the delivery details
 * say it again with the time, and the row's menu turns it off and back on.
 */
test("an invitation's reminder shows in its row and details, and its menu turns it off and on", async ({ page, baseURL }) => {
  const email = "reminded@example.com";
  await page.goto("/sign-in");
  await signInWithForm(page);
  await expect(page.getByRole("heading", { name: /You're in/ })).toBeVisible();
  await trpcMutation(page.request, baseURL!, "invitation.create", { email, expiresInHours: 48 });
  await waitForMail(email);

  await page.goto("/admin");
  const invitation = page.getByRole("row").filter({ hasText: email });
  await expect(invitation.getByText("Reminder in 24 hours")).toBeVisible({ timeout: 30_000 });
  await invitation.getByRole("button", { name: /^Email sent, reminder in 24 hours: show details$/ }).click();
  const details = page.getByRole("dialog");
  await expect(details.getByText("Reminder scheduled")).toBeVisible();
  await expect(details).toContainText("with the same link");
  await page.keyboard.press("Escape");

  await invitation.getByRole("button", { name: `Actions for ${email}` }).click();
  await page.getByRole("menuitem", { name: /Don’t send a reminder/ }).click();
  await expect(page.getByText(`No reminder will go to ${email}`)).toBeVisible();
  await expect(invitation.getByText("Reminder off")).toBeVisible();

  await invitation.getByRole("button", { name: `Actions for ${email}` }).click();
  await page.getByRole("menuitem", { name: /Send a reminder/ }).click();
  await expect(page.getByText(`A reminder will go to ${email}`)).toBeVisible();
  await expect(invitation.getByText("Reminder in 24 hours")).toBeVisible();
});
