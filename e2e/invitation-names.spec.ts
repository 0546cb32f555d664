import type { Page } from "@playwright/test";
import { expect, signInWithForm, test } from "./fixtures.ts";
import { inviteLinkIn, waitForMail } from "./support/mail-sink.ts";

/*
 * Names travel with the invitation (issue 13), end to end on the built app with real SMTP: a name
 * pasted with the address fills the dialog's name field, shows in the list and the activity page,
 * greets the invitee in the email, and is already in the accept page's form when they open the link.
 */

// Two browsers, email delivery and Argon2 on a busy machine: more than the default 30 s.
test.describe.configure({ timeout: 120_000 });

/** With E2E_SCREENSHOTS=<dir>: the screens this changes, on a desktop and a phone, to look at. */
async function snap(page: Page, name: string) {
  const dir = process.env.E2E_SCREENSHOTS;
  if (!dir) return;
  const size = page.viewportSize();
  for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    await page.setViewportSize(viewport);
    await page.waitForTimeout(300); // the dialog's and the layout's transitions
    await page.screenshot({ path: `${dir}/${name}-${viewport.width}.png` });
  }
  if (size) await page.setViewportSize(size);
}

test("a pasted `Name <address>` names the invitee in the list, the activity, the email and the accept page", async ({ page, browser, baseURL }) => {
  const email = `ada-${Date.now()}@example.com`;
  await page.goto("/sign-in");
  await signInWithForm(page);
  await expect(page.getByRole("heading", { name: /You're in/ })).toBeVisible();
  await page.goto("/admin");

  await page.getByRole("button", { name: "Invite people" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Invite people" });
  await dialog.getByLabel("Email addresses").fill(`Ada Lovelace <${email}>`);
  // One person: the name field takes the pasted name, and says where it came from.
  const name = dialog.getByLabel(/^Name/);
  await expect(name).toHaveValue("Ada Lovelace");
  await expect(dialog.getByText("From the address you pasted.")).toBeVisible();
  await snap(page, "invite-dialog");
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  const sent = page.getByRole("dialog", { name: "Invitation sent" });
  await expect(sent).toContainText(`We've emailed ${email}`);
  const shownLink = await sent.getByLabel("Invitation link").inputValue();
  await sent.getByRole("button", { name: "Done" }).click();

  // The list shows the name beside the address.
  const row = page.getByRole("row").filter({ hasText: email });
  await expect(row).toHaveCount(1);
  await expect(row.getByText("Ada Lovelace", { exact: true })).toBeVisible();
  await snap(page, "invitation-list");

  // The activity page says whom the invitation was for.
  await page.goto("/admin/activity?kind=invitations");
  await expect(page.getByText(`invited Ada Lovelace (${email}) as Member`)).toBeVisible();

  // The email greets them by it.
  const mail = await waitForMail(email);
  expect(mail.text).toContain("Hi Ada Lovelace,");
  const link = inviteLinkIn(mail);
  expect(link).toBe(shownLink);

  // The invitee, signed out in a browser of their own, finds their name filled in and may change it.
  const context = await browser.newContext({ baseURL });
  try {
    const invitee = await context.newPage();
    await invitee.goto(link);
    const yourName = invitee.getByLabel("Your name");
    await expect(yourName).toHaveValue("Ada Lovelace");
    await expect(invitee.getByText("How you'll appear to others; change it if it isn't right.")).toBeVisible();
    await snap(invitee, "accept-page");
    await yourName.fill("Ada King, Countess of Lovelace");
    await invitee.getByLabel("Password", { exact: true }).fill("lantern orbit juniper 1987 quietly");
    await invitee.getByRole("button", { name: "Accept invitation & sign in" }).click();
    await expect(invitee.getByText("Welcome, Ada King, Countess of Lovelace! Your account is ready.")).toBeVisible();
  } finally {
    await context.close();
  }
});

test("a list with names, pasted or from a CSV file, sends each name with its address", async ({ page }) => {
  const stamp = Date.now();
  const [grace, linus, ken] = [`grace-${stamp}@example.com`, `linus-${stamp}@example.com`, `ken-${stamp}@example.com`];
  await page.goto("/sign-in");
  await signInWithForm(page);
  await expect(page.getByRole("heading", { name: /You're in/ })).toBeVisible();
  await page.goto("/admin");

  await page.getByRole("button", { name: "Invite people" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Invite people" });
  await dialog.getByLabel("Email addresses").fill(`"Hopper, Grace" <${grace}>; ${linus}`);
  await dialog.getByTestId("csv-file").setInputFiles({
    name: "people.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(`First name,Last name,Email\nKen,Thompson,${ken}\n`),
  });
  await expect(dialog.getByText("Added 1 entry from people.csv (Email, names from First name + Last name).")).toBeVisible();
  await expect(dialog.getByLabel("Email addresses")).toHaveValue(`"Hopper, Grace" <${grace}>; ${linus}\nKen Thompson <${ken}>\n`);
  await expect(dialog).toContainText("3 addresses ready · 2 with names");
  // A list names its people itself: no name field.
  await expect(dialog.getByLabel(/^Name/)).toHaveCount(0);
  await snap(page, "invite-dialog-list");
  await dialog.getByRole("button", { name: "Send 3 invitations" }).click();
  const report = page.getByRole("dialog", { name: "Invitations sent" });
  await expect(report.getByRole("list", { name: "Results" })).toContainText("Hopper, Grace");
  await expect(report.getByRole("list", { name: "Results" })).toContainText("Ken Thompson");
  await snap(page, "invite-report");
  await report.getByRole("button", { name: "Done" }).click();

  for (const [address, name] of [
    [grace, "Hopper, Grace"],
    [ken, "Ken Thompson"],
  ]) {
    await expect(page.getByRole("row").filter({ hasText: address }).getByText(name!, { exact: true })).toBeVisible();
    expect((await waitForMail(address!)).text).toContain(`Hi ${name},`);
  }
  expect((await waitForMail(linus)).text).not.toContain("Hi ");
});
