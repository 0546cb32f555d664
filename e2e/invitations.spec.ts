import type { Browser, Page } from "@playwright/test";
import { expect, signInWithForm, test } from "./fixtures.ts";
import { inviteLinkIn, waitForMail } from "./support/mail-sink.ts";

/*
 * Invitations end to end, against the built app with real SMTP: the app delivers to the
 * sink in support/mail-sink.ts, and the tests follow the link from the email itself.
 */

// Chromium logs every 4xx fetch as "Failed to load resource". Expected here: an unknown
// invitation link (404 from invitation.preview). The admin pages ask mail.status, not the
// dev mailbox, so SMTP (as in these tests) logs nothing.
// (One pattern: Playwright reads a two-element array as a [value, options] pair.)
test.use({ allowedConsoleErrors: [/status of 404.*\/trpc\/[^ ]*invitation\.preview/] });

/** A signed-out visitor in a browser of their own; fails the test on unexpected console errors. */
async function freshVisitor(browser: Browser, baseURL: string) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && !/status of 404.*invitation\.preview/.test(`${message.text()} ${message.location().url}`)) {
      errors.push(message.text());
    }
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return {
    page,
    async close() {
      await context.close();
      expect(errors, "console errors in the visitor's browser").toEqual([]);
    },
  };
}

async function signInAsAdmin(page: Page) {
  await page.goto("/sign-in");
  await signInWithForm(page);
  await expect(page.getByRole("heading", { name: /You're in/ })).toBeVisible();
}

/** Invites one address through the dialog; returns the copyable link it shows. */
async function inviteThroughDialog(page: Page, email: string, message?: string) {
  // The header's button (an empty list shows another one, worded the same).
  await page.getByRole("button", { name: "Invite people" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Invite people" });
  await dialog.getByLabel("Email addresses").fill(email);
  if (message) await dialog.getByLabel(/Personal message/).fill(message);
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  const sent = page.getByRole("dialog", { name: "Invitation sent" });
  await expect(sent).toContainText(`We've emailed ${email}`);
  const link = await sent.getByLabel("Invitation link").inputValue();
  expect(link).toMatch(/\/invite\/[a-z2-7]{32}$/);
  await sent.getByRole("button", { name: "Done" }).click();
  await expect(sent).toBeHidden();
  return link;
}

function row(page: Page, email: string) {
  return page.getByRole("row").filter({ hasText: email });
}

// Two browsers, email delivery and Argon2 on a busy machine: more than the default 30 s.
test.describe.configure({ timeout: 120_000 });

test("an admin invites someone by email, and they join from the link in it", async ({ page, browser, baseURL }) => {
  const email = "invitee@example.com";
  const message = "Welcome aboard, Ivy! Your workspace is ready.";

  await signInAsAdmin(page);
  await page.getByRole("link", { name: "Admin", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Invitations", level: 1 })).toBeVisible();
  await expect(page).toHaveTitle(/Manage invitations/);

  const shownLink = await inviteThroughDialog(page, email, message);
  await expect(page.getByText(`Invitation sent to ${email}`)).toBeVisible();

  // The row appears, and the list keeps refreshing until the email has gone out.
  const invitation = row(page, email);
  await expect(invitation).toHaveCount(1);
  await expect(invitation.getByText("Pending")).toBeVisible();
  await expect(invitation.getByText("Sent", { exact: true })).toBeVisible({ timeout: 30_000 });

  // The email, as the SMTP server received it.
  const mail = await waitForMail(email);
  expect(mail.subject).toBe("admin invited you to join Invitations");
  expect(mail.text).toContain("admin");
  expect(mail.text).toContain("Member");
  expect(mail.text).toContain(message);
  const link = inviteLinkIn(mail);
  expect(link).toBe(shownLink);

  // The invitee, signed out in a browser of their own.
  const invitee = await freshVisitor(browser, baseURL!);
  await invitee.page.goto(link);
  await expect(invitee.page.getByRole("heading", { level: 1 })).toHaveText("admin invited you to join as Member");
  await expect(invitee.page).toHaveTitle(/Join as Member/);
  await expect(invitee.page.getByText(message)).toBeVisible();
  await expect(invitee.page.getByLabel("Email")).toHaveValue(email);
  await expect(invitee.page.getByLabel("Email")).not.toBeEditable();
  await expect(invitee.page.getByText(/This invitation expires in \d+ hours/)).toBeVisible();
  // GitHub is configured in these tests: the invitee may accept with it instead.
  const token = new URL(link).pathname.split("/").pop();
  await expect(invitee.page.getByRole("link", { name: "Continue with GitHub" })).toHaveAttribute(
    "href",
    `/auth/github/start?invite=${token}`,
  );

  await invitee.page.getByLabel("Your name").fill("Ivy Invitee");
  const password = invitee.page.getByLabel("Password", { exact: true });
  // Too short first: the form says so and keeps the visitor here.
  await password.fill("short");
  await invitee.page.getByRole("button", { name: "Accept invitation & sign in" }).click();
  await expect(invitee.page.getByRole("alert").filter({ hasText: "Use at least 12 characters." })).toBeVisible();
  await password.fill("lantern orbit juniper 1987 quietly");
  await expect(invitee.page.getByText("At least 12 characters")).toBeVisible();
  await expect(invitee.page.getByText(/Strength: (Strong|Very strong)/)).toBeVisible();
  await invitee.page.getByRole("button", { name: "Accept invitation & sign in" }).click();

  await expect(invitee.page).toHaveURL(`${baseURL}/`);
  await expect(invitee.page.getByRole("heading", { name: "You're in, Ivy" })).toBeVisible();
  await expect(invitee.page.getByText("Welcome, Ivy Invitee! Your account is ready.")).toBeVisible();
  await invitee.close();

  // Back with the admin: the invitation is accepted.
  await page.getByRole("link", { name: "Accepted", exact: true }).click();
  await expect(page).toHaveURL(/\/admin\?status=accepted$/);
  await expect(invitation.getByText("Accepted", { exact: true })).toBeVisible();

  // The link worked once; opening it again says so and points to sign-in.
  const later = await freshVisitor(browser, baseURL!);
  await later.page.goto(link);
  await expect(later.page.getByRole("heading", { name: "This invitation was already used" })).toBeVisible();
  await later.page.getByRole("link", { name: "Sign in", exact: true }).last().click();
  await expect(later.page).toHaveURL(/\/sign-in$/);
  await later.close();
});

test("resending retires the old link, and revoking stops the new one", async ({ page, browser, baseURL }) => {
  const email = "revoked@example.com";
  await signInAsAdmin(page);
  await page.goto("/admin");
  const firstLink = await inviteThroughDialog(page, email);
  const invitation = row(page, email);
  await expect(invitation.getByText("Sent", { exact: true })).toBeVisible({ timeout: 30_000 });

  // Resend from the row's menu: a new email with a new link.
  await invitation.getByRole("button", { name: `Actions for ${email}` }).click();
  await page.getByRole("menuitem", { name: /Resend email/ }).click();
  const confirmResend = page.getByRole("alertdialog", { name: "Send a new link?" });
  await expect(confirmResend).toContainText("The link in the email they already have stops working.");
  await confirmResend.getByRole("button", { name: "Send new link" }).click();
  await expect(page.getByText(`New link sent to ${email}`)).toBeVisible();
  await expect(page.getByText("The old link no longer works.")).toBeVisible();
  const resent = await waitForMail(email, { match: (mail) => inviteLinkIn(mail) !== firstLink });
  const secondLink = inviteLinkIn(resent);

  const visitor = await freshVisitor(browser, baseURL!);
  await visitor.page.goto(firstLink);
  await expect(visitor.page.getByRole("heading", { name: "This invitation link doesn't work" })).toBeVisible();

  // Revoke, confirming in a dialog that says what happens.
  await invitation.getByRole("button", { name: `Actions for ${email}` }).click();
  await page.getByRole("menuitem", { name: /Revoke invitation/ }).click();
  const confirm = page.getByRole("alertdialog", { name: "Revoke this invitation?" });
  await expect(confirm).toContainText(email);
  await confirm.getByRole("button", { name: "Revoke invitation" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByText(`Invitation to ${email} revoked`)).toBeVisible();
  await expect(invitation.getByText("Revoked", { exact: true })).toBeVisible();

  await visitor.page.goto(secondLink);
  await expect(visitor.page.getByRole("heading", { name: "This invitation was withdrawn" })).toBeVisible();
  await expect(visitor.page.getByText(/admin withdrew this invitation/)).toBeVisible();
  await visitor.close();
});

test("a made-up invitation link shows a page that says what to check", async ({ page }) => {
  await page.goto("/invite/this-is-not-a-real-invitation-token");
  await expect(page.getByRole("heading", { name: "This invitation link doesn't work", level: 1 })).toBeVisible();
  await expect(page.getByText(/check you copied the whole link/)).toBeVisible();
  await expect(page).toHaveTitle(/This invitation link doesn't work/);
  await page.getByRole("link", { name: "Go to the home page" }).click();
  await expect(page).toHaveURL(/\/$/);
});

test("an admin imports a CSV export and invites everyone in its email column", async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto("/admin");
  await page.getByRole("button", { name: "Invite people" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Invite people" });
  const stamp = Date.now();
  const csv = [
    "Name;Work email;Email;Team", // semicolons, as Excel writes in many locales
    `"Lovelace, Ada";ada@work.test;csv-ada-${stamp}@example.com;Analytics`,
    `Grace Hopper;grace@work.test;csv-grace-${stamp}@example.com;Compilers`,
    `Nobody;;not-an-address;`,
  ].join("\r\n");
  await dialog.getByTestId("csv-file").setInputFiles({ name: "team.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });

  // The Name column comes along (invitation-names.spec.ts follows names further).
  await expect(dialog.getByRole("status")).toHaveText("Added 3 entries from team.csv (Email, names from Name). Check them below, then send.");
  await expect(dialog).toContainText("2 addresses ready · all with names");
  await expect(dialog).toContainText("“Nobody <not-an-address>”");
  await dialog.getByRole("button", { name: "Send 2 invitations" }).click();
  const report = page.getByRole("dialog", { name: "Some invitations weren't sent" });
  await expect(report).toContainText("2 invited");
  await report.getByRole("button", { name: "Done" }).click();
  await expect(row(page, `csv-ada-${stamp}@example.com`)).toContainText("Lovelace, Ada");
  await expect(row(page, `csv-ada-${stamp}@example.com`)).toContainText("Pending");
  await expect(row(page, `csv-grace-${stamp}@example.com`)).toContainText("Pending");
});
