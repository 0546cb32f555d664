import { request, type APIRequestContext, type Page } from "@playwright/test";
import { ADMIN } from "./constants.ts";
import { expect, signInAsNewMember, signInWithForm, test, trpcMutation } from "./fixtures.ts";

/*
 * What a browser review found (issue 17), as people meet it: the invite dialog names who would
 * get a new link before sending; resending and "New link to copy" say the emailed link stops
 * working; the report's title says how it went; the expiry picker starts at the workspace's
 * default; the password change refuses the current password; the meter speaks plainly; the
 * sign-in page says why someone is signed out.
 */

// Several browsers and Argon2 sign-ins on a busy machine: more than the default.
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

const stamp = () => `${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;

/** The first admin's API, for setting the scene. */
async function adminApi(baseURL: string) {
  const api = await request.newContext();
  await trpcMutation(api, baseURL, "auth.signIn", { email: ADMIN.email, password: ADMIN.password });
  return api;
}

async function signInAsAdmin(page: Page) {
  await page.goto("/sign-in?next=/admin");
  await signInWithForm(page);
  await expect(page.getByRole("heading", { name: "Invitations", level: 1 })).toBeVisible();
}

test("the invite dialog names who would get a new link before sending, and the report's title says how it went", async ({ page, baseURL }) => {
  const id = stamp();
  const address = (who: string) => `${who}-${id}@example.com`;
  const [fresh, pendingA, pendingB, pendingOne] = [address("fresh"), address("pending-a"), address("pending-b"), address("pending-one")];
  const api = await adminApi(baseURL!);
  for (const email of [pendingA, pendingB, pendingOne]) await trpcMutation(api, baseURL!, "invitation.create", { email });
  await api.dispose();

  await signInAsAdmin(page);
  await page.getByRole("button", { name: "Invite people" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Invite people" });

  // One address with a pending invitation: said before sending, with when its link would have lasted.
  await dialog.getByLabel("Email addresses").fill(pendingOne);
  const notice = dialog.getByTestId("renewal-notice");
  await expect(notice).toContainText(`Already invited: sending gives ${pendingOne} a new link, and the one emailed to them`);
  await expect(notice).toContainText("stops working.");

  // A pasted list: one lookup names the pending ones and the member, before anything is sent.
  await dialog.getByLabel("Email addresses").fill([fresh, pendingA, ADMIN.email, pendingB, "not-an-address"].join("\n"));
  await expect(notice).toContainText(`2 already invited will get a new link: ${pendingA} and ${pendingB}. The links already emailed to them stop working.`);
  await expect(notice).toContainText(`1 already has an account and won't be emailed: ${ADMIN.email}.`);
  await expect(dialog.getByText("Anyone who already has a pending invitation gets it renewed")).toHaveCount(0);
  await snap(page, "invite-renewal-warning");

  // Leaving the field judges its last entry too (the invalid one), which moves the button: leave it first.
  await dialog.getByLabel("Email addresses").blur();
  await expect(dialog).toContainText("1 entry isn't a valid email address");
  await dialog.getByRole("button", { name: "Send 4 invitations" }).click();
  // One entry wasn't an address: not "Invitations sent" under an amber bar.
  const report = page.getByRole("dialog", { name: "Some invitations weren't sent" });
  await expect(report).toContainText("1 invited, 2 renewed, 1 already a member, 1 invalid");
  await snap(page, "invite-report-partial");
  await report.getByRole("button", { name: "Done" }).click();

  // Everyone sent: the title says so.
  await page.getByRole("button", { name: "Invite people" }).first().click();
  await dialog.getByLabel("Email addresses").fill([`all-a-${id}@example.com`, `all-b-${id}@example.com`].join(", "));
  await dialog.getByRole("button", { name: "Send 2 invitations" }).click();
  await expect(page.getByRole("dialog", { name: "Invitations sent" })).toContainText("2 invited");
});

test("resending asks first, and a link to copy that isn't at hand says the emailed one stops working", async ({ page, baseURL }) => {
  const email = `resend-${stamp()}@example.com`;
  const api = await adminApi(baseURL!);
  await trpcMutation(api, baseURL!, "invitation.create", { email });
  await api.dispose();

  await signInAsAdmin(page);
  await page.getByLabel("Search by email").fill(email);
  const row = page.getByRole("row").filter({ hasText: email });
  await row.getByRole("button", { name: `Actions for ${email}` }).click();
  // This tab never saw the link: copying one means a new one, and the menu says so.
  await expect(page.getByRole("menuitem", { name: "New link to copy… The emailed one stops working" })).toBeVisible();
  await expect(page.getByRole("menuitem", { name: "Resend email… New link: the emailed one stops working" })).toBeVisible();
  await snap(page, "invitation-row-menu");
  await page.getByRole("menuitem", { name: /Resend email/ }).click();
  const confirm = page.getByRole("alertdialog", { name: "Send a new link?" });
  await expect(confirm).toContainText(`${email} gets a new email with a new link. The link in the email they already have stops working.`);
  await snap(page, "resend-confirm");
  await confirm.getByRole("button", { name: "Send new link" }).click();
  await expect(page.getByText(`New link sent to ${email}`)).toBeVisible();

  // Minutes after it was made, this tab still has the current link: copied as it is.
  await row.getByRole("button", { name: `Actions for ${email}` }).click();
  await expect(page.getByRole("menuitem", { name: "Copy invitation link The link from the latest email" })).toBeVisible();
  await page.keyboard.press("Escape");
});

test("the expiry picker starts at the workspace's default, worded right", async ({ page, baseURL }) => {
  const api = await adminApi(baseURL!);
  const settings = await api.get(`${baseURL}/trpc/settings.get`).then(async (r) => (await r.json()).result.data.json);
  const setDefault = (hours: number) =>
    trpcMutation(api, baseURL!, "settings.update", { registration: settings.registration, defaultInviteHours: hours });
  try {
    await signInAsAdmin(page);
    for (const [hours, label] of [
      [1, "1 hour (default)"],
      [72, "3 days (default)"],
      [168, "7 days (default)"],
    ] as const) {
      await setDefault(hours);
      await page.reload();
      await page.getByRole("button", { name: "Invite people" }).first().click();
      const picker = page.getByRole("dialog", { name: "Invite people" }).getByLabel("Link expires after");
      await expect(picker).toHaveValue(String(hours));
      await expect(picker.locator("option:checked")).toHaveText(label);
      await page.keyboard.press("Escape");
    }
  } finally {
    await setDefault(settings.defaultInviteHours);
    await api.dispose();
  }
});

test.describe(() => {
  // The refusal is a 400, as it must be.
  test.use({ allowedConsoleErrors: [/400.*\/trpc\/account\.changePassword/] });

test("changing the password to the current one is refused with the reason; the meter speaks plainly", async ({ page, browser, baseURL }) => {
  const member = await signInAsNewMember(page, baseURL!);
  const other = await browser.newContext({ baseURL: baseURL! });
  await trpcMutation(other.request, baseURL!, "auth.signIn", { email: member.email, password: member.password });

  await page.goto("/account");
  await page.getByRole("button", { name: "Change password" }).click();
  const dialog = page.getByRole("dialog", { name: "Change password" });
  await dialog.getByLabel("Current password").fill(member.password);
  // The meter's tip, in our words: their own name is guessable.
  await dialog.getByLabel("New password", { exact: true }).fill(member.name.replace(/\s+/g, "").toLowerCase());
  await expect(dialog.getByText("It contains your name or email address, which others know.")).toBeVisible();
  await expect(dialog.getByText(/personal or page related data/)).toHaveCount(0);
  await snap(page, "password-meter-wording");

  await dialog.getByLabel("New password", { exact: true }).fill(member.password);
  await dialog.getByRole("button", { name: "Change password" }).click();
  await expect(dialog.getByText("That's your current password. Choose a different one to change it.")).toBeVisible();
  await snap(page, "password-same");
  // Nothing changed: the other device is still signed in.
  const me = await other.request.get(`${baseURL}/trpc/auth.me`).then(async (r) => (await r.json()).result.data.json);
  expect(me?.email).toBe(member.email);
  await other.close();
});
});

/** The sessions of whoever `api` is signed in as, other than its own, signed out from it. */
async function signOutOtherSessions(api: APIRequestContext, baseURL: string) {
  const sessions = await api.get(`${baseURL}/trpc/auth.sessions`).then(async (r) => (await r.json()).result.data.json as Array<{ id: string; current: boolean }>);
  for (const session of sessions.filter((s) => !s.current)) await trpcMutation(api, baseURL, "auth.revokeSession", { id: session.id });
}

test.describe(() => {
  // The request that finds the session gone is refused (401), as it must be.
  test.use({ allowedConsoleErrors: [/401.*\/trpc\/account\.rename/] });

test("the sign-in page says why someone is signed out: another device ended the session, or they signed out", async ({ page, browser, baseURL }) => {
  const member = await signInAsNewMember(page, baseURL!);
  const phone = await browser.newContext({ baseURL: baseURL! });
  await trpcMutation(phone.request, baseURL!, "auth.signIn", { email: member.email, password: member.password });

  // Signed out from the other device while the account page is open: the next request finds out.
  await page.goto("/account");
  await expect(page.getByRole("heading", { name: "Account", level: 1 })).toBeVisible();
  await signOutOtherSessions(phone.request, baseURL!);
  await page.getByRole("button", { name: "Change your name" }).click();
  await page.getByLabel("Name", { exact: true }).fill("Grace Renamed");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/\/sign-in\?next=\/account$/);
  const ended = page.getByRole("status").filter({ hasText: "Your session ended" });
  await expect(ended).toContainText("You were signed out from another device, or your session expired. Sign in again to continue.");
  await snap(page, "session-ended");

  // Back in; ended again from the other device, then a reload of the home page says so too.
  await signInWithForm(page, member);
  await expect(page).toHaveURL(/\/account$/);
  await expect(ended).toHaveCount(0);
  await signOutOtherSessions(phone.request, baseURL!);
  await page.goto("/");
  const banner = page.getByRole("status").filter({ hasText: "Your session ended." });
  await expect(banner).toBeVisible();
  await snap(page, "session-ended-home");
  await banner.getByRole("link", { name: "Sign in again" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await signInWithForm(page, member);
  await expect(page).toHaveURL(new RegExp(`${baseURL}/$`));
  await expect(banner).toHaveCount(0);

  // Signing out on purpose: said plainly, and nothing about a session ending.
  await page.getByRole("button", { name: `Account menu for ${member.name}` }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("status").filter({ hasText: "You've been signed out" })).toBeVisible();
  await expect(page.getByText("Your session ended")).toHaveCount(0);
  await snap(page, "signed-out");
  // A reload after signing out on purpose is not a session that "ended".
  await page.goto("/");
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(page.getByText("Your session ended")).toHaveCount(0);
  await phone.close();
});
});

test("the members page uses a row menu, as the invitations page does, on one line at 1280 px", async ({ page, baseURL }) => {
  const memberPage = await page.context().browser()!.newContext({ baseURL: baseURL! }).then((c) => c.newPage());
  const member = await signInAsNewMember(memberPage, baseURL!);
  await memberPage.context().close();

  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/sign-in?next=/admin/members");
  await signInWithForm(page);
  await page.getByLabel("Search by name or email").fill(member.email);
  const row = page.getByRole("row").filter({ hasText: member.email });
  const trigger = row.getByRole("button", { name: `Actions for ${member.email}` });
  await expect(trigger).toBeVisible();
  // The only button in the row, and a single line: nothing wraps.
  await expect(row.getByRole("button")).toHaveCount(1);
  expect((await row.boundingBox())!.height).toBeLessThan(80);
  await trigger.click();
  for (const item of [/^Make admin/, /^Suspend/, /^Remove member/]) await expect(page.getByRole("menuitem", { name: item })).toBeVisible();
  await snap(page, "members-row-menu");
  await page.keyboard.press("Escape");
});
