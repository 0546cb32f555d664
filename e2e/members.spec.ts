import type { Browser } from "@playwright/test";
import { expect, signInAsNewMember, signInWithForm, test } from "./fixtures.ts";

/*
 * The members page: an admin finds a member, makes them an admin and back, then removes them.
 * The removed member's browser is signed out at once, the activity page tells what happened,
 * and the admin's own row offers nothing to do to themselves. Suspending keeps the account but
 * signs it out and refuses sign-in, saying why, until the admin reactivates it.
 */

/** A new member, signed in on their account page in a browser of their own. */
async function memberInAnotherBrowser(browser: Browser, baseURL: string) {
  const memberPage = await (await browser.newContext({ baseURL })).newPage();
  const member = await signInAsNewMember(memberPage, baseURL);
  await memberPage.goto("/account");
  await expect(memberPage.getByRole("heading", { name: "Account", level: 1 })).toBeVisible();
  return { member, memberPage };
}

test("an admin changes a member's role and removes them; the member is signed out at once", async ({ page, browser, baseURL }) => {
  const { member, memberPage } = await memberInAnotherBrowser(browser, baseURL!);

  await page.goto("/admin/members");
  await signInWithForm(page);
  await expect(page.getByRole("heading", { name: "Members", level: 1 })).toBeVisible();
  await page.getByLabel("Search by name or email").fill(member.email);
  const row = page.getByRole("row").filter({ hasText: member.email });
  await expect(row).toHaveCount(1);
  await expect(row.getByText("Member", { exact: true })).toBeVisible();
  await expect(row.getByText("Password")).toBeVisible();

  // Promote, confirmed; then back.
  // Each row's actions are in its menu, as on the invitations page.
  const menu = async (item: string | RegExp) => {
    await row.getByRole("button", { name: `Actions for ${member.email}` }).click();
    await page.getByRole("menuitem", { name: item }).click();
  };
  await menu(/^Make admin/);
  await page.getByRole("alertdialog").getByRole("button", { name: "Make admin" }).click();
  await expect(page.getByText(`${member.name} is now an admin`)).toBeVisible();
  await expect(row.getByText("Admin", { exact: true })).toBeVisible();
  await menu(/^Make member/);
  await page.getByRole("alertdialog").getByRole("button", { name: "Make member" }).click();
  await expect(row.getByText("Member", { exact: true })).toBeVisible();

  // Remove, confirmed: the row goes, and so does the member's session.
  await menu(/^Remove member/);
  const confirm = page.getByRole("alertdialog", { name: `Remove ${member.name}?` });
  await expect(confirm).toContainText("signed out everywhere");
  await confirm.getByRole("button", { name: "Remove member" }).click();
  await expect(page.getByText(`Removed ${member.email}`)).toBeVisible();
  await expect(page.getByRole("heading", { name: `Nobody matches “${member.email}”` })).toBeVisible();

  // Their browser knew them as signed in: the sign-in page says why they are back there.
  await memberPage.goto("/account");
  await expect(memberPage).toHaveURL(/\/sign-in\?next=\/account/);
  await expect(memberPage.getByRole("status").filter({ hasText: "Your session ended" })).toContainText(
    "You were signed out from another device, or your session expired.",
  );
  await memberPage.context().close();

  // The activity page tells it, newest first.
  await page.getByRole("link", { name: "Activity" }).click();
  const feed = page.getByRole("list", { name: "Activity, newest first" });
  await expect(feed.getByRole("listitem").first()).toContainText(`removed ${member.email} (Member)`);
  await expect(feed).toContainText(`made ${member.email} an admin`);
  // One kind of event: sign-ins drop out, the member's accept stays under Invitations.
  await page.getByRole("navigation", { name: "Filter by kind" }).getByRole("link", { name: "Members" }).click();
  await expect(page).toHaveURL(/\/admin\/activity\?kind=members$/);
  await expect(feed.getByRole("listitem").first()).toContainText(`removed ${member.email} (Member)`);
  await expect(feed).not.toContainText("signed in with");
  // One person's doing: the admin's own name narrows the feed to them, and "Everyone" undoes it.
  await feed.getByRole("link").first().click();
  await expect(page).toHaveURL(/kind=members&actor=/);
  await expect(page.getByText(/^Only /)).toBeVisible();
  await page.getByRole("link", { name: "Everyone" }).click();
  await expect(page).toHaveURL(/\/admin\/activity\?kind=members$/);
  await page.goto("/admin/members");

  // Nobody acts on themselves.
  const mine = page.getByRole("row").filter({ has: page.getByText("You", { exact: true }) });
  await expect(mine).toHaveCount(1);
  await expect(mine.getByRole("button")).toHaveCount(0);
});

test("an admin suspends a member: signed out at once, sign-in says why, and reactivating lets them back in", async ({ page, browser, baseURL }) => {
  const { member, memberPage } = await memberInAnotherBrowser(browser, baseURL!);

  await page.goto("/admin/members");
  await signInWithForm(page);
  await page.getByLabel("Search by name or email").fill(member.email);
  const row = page.getByRole("row").filter({ hasText: member.email });
  await expect(row).toHaveCount(1);

  // Suspend, confirmed by a dialog that says what it does.
  const menu = async (item: string | RegExp) => {
    await row.getByRole("button", { name: `Actions for ${member.email}` }).click();
    await page.getByRole("menuitem", { name: item }).click();
  };
  await menu(/^Suspend/);
  const confirm = page.getByRole("alertdialog", { name: `Suspend ${member.name}?` });
  await expect(confirm).toContainText("signed out everywhere and can't sign in until an admin reactivates them");
  await confirm.getByRole("button", { name: "Suspend member" }).click();
  await expect(page.getByText(`Suspended ${member.email}`)).toBeVisible();
  await expect(row.getByText("Suspended", { exact: true })).toBeVisible();
  await row.getByRole("button", { name: `Actions for ${member.email}` }).click();
  await expect(page.getByRole("menuitem", { name: /^Suspend/ })).toHaveCount(0);
  await page.keyboard.press("Escape");

  // Their other browser is signed out on its next request, and their password is refused with the reason.
  await memberPage.goto("/account");
  await expect(memberPage).toHaveURL(/\/sign-in\?next=\/account/);
  await signInWithForm(memberPage, member);
  await expect(memberPage.getByRole("alert")).toContainText("This account is suspended. Ask an admin to reactivate it.");

  await menu(/^Reactivate/);
  await expect(page.getByText(`${member.name} can sign in again`)).toBeVisible();
  await expect(row.getByText("Suspended", { exact: true })).toHaveCount(0);

  await signInWithForm(memberPage, member);
  await expect(memberPage.getByRole("heading", { name: "Account", level: 1 })).toBeVisible();
  await memberPage.context().close();

  await page.goto("/admin/activity?kind=members");
  const feed = page.getByRole("list", { name: "Activity, newest first" });
  await expect(feed.getByRole("listitem").first()).toContainText(`reactivated ${member.email}`);
  await expect(feed).toContainText(`suspended ${member.email}`);
});
