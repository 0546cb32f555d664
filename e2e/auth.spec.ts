import { request as playwrightRequest } from "@playwright/test";
import { ADMIN } from "./constants.ts";
import { expect, signInAsNewMember, signInWithForm, test } from "./fixtures.ts";

const IPHONE_SAFARI =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";

test.describe("signing in, sessions and signing out", () => {
  // The wrong-password attempt answers 401, which Chromium logs as a failed resource.
  test.use({ allowedConsoleErrors: [/status of 401.*\/trpc\/auth\.signIn/] });

  test("the admin signs in, revokes another session and signs out", async ({ page, baseURL }) => {
    await page.goto("/sign-in");
    await expect(page.getByRole("heading", { name: "Sign in", level: 1 })).toBeVisible();

    // A wrong password: one error, same words as for an unknown email, and the form stays.
    await signInWithForm(page, { email: ADMIN.email, password: "not the password at all" });
    await expect(page.getByRole("alert")).toContainText("don't match an account");
    await expect(page).toHaveURL(/\/sign-in$/);

    await signInWithForm(page);
    await expect(page).toHaveURL(`${baseURL}/`);
    await expect(page.getByRole("heading", { name: /You're in/ })).toBeVisible();

    // A second session for the same account, from "another device" (an API client).
    const phone = await playwrightRequest.newContext({
      baseURL,
      userAgent: IPHONE_SAFARI,
      extraHTTPHeaders: { Origin: baseURL! },
    });
    const signedIn = await phone.post("/trpc/auth.signIn", {
      data: { json: { email: ADMIN.email, password: ADMIN.password } },
    });
    expect(signedIn.status()).toBe(200);

    // Account, through the header's menu.
    await page.getByRole("button", { name: /account menu/i }).click();
    await page.getByRole("menuitem", { name: "Account" }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByRole("heading", { name: "Account", level: 1 })).toBeVisible();
    await expect(page.getByText(ADMIN.email).first()).toBeVisible();

    const sessions = page.getByRole("list", { name: "Sessions" }).getByRole("listitem");
    const thisDevice = sessions.filter({ hasText: "This device" });
    const other = sessions.filter({ hasText: "Safari on iPhone" });
    await expect(thisDevice).toHaveCount(1);
    await expect(thisDevice).toContainText("Chrome on Linux");
    await expect(thisDevice.getByRole("button", { name: /sign out/i })).toHaveCount(0);
    await expect(other).toHaveCount(1);
    expect(await sessions.count()).toBeGreaterThanOrEqual(2);
    await expect(other.getByText("Last active just now", { exact: true })).toBeVisible();
    await expect(other.locator("time").first()).toHaveAttribute("datetime", /^\d{4}-\d\d-\d\dT/);

    // Revoke the phone's session: confirm, toast, gone from the list, and really signed out.
    await other.getByRole("button", { name: /sign out/i }).click();
    const dialog = page.getByRole("alertdialog", { name: "Sign out this session?" });
    await expect(dialog).toContainText("Safari on iPhone");
    await dialog.getByRole("button", { name: "Sign out session" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText("Session signed out")).toBeVisible();
    await expect(other).toHaveCount(0);
    await expect(thisDevice).toHaveCount(1);

    const phoneMe = await phone.get("/trpc/auth.me");
    expect((await phoneMe.json()).result.data.json).toBeNull();
    await phone.dispose();

    // Sign out: back on the sign-in page, and the account page is closed again.
    await page.getByRole("button", { name: /account menu/i }).click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(page.getByRole("heading", { name: "Sign in", level: 1 })).toBeVisible();
    await expect(page.getByRole("link", { name: "Sign in" })).toHaveCount(0);

    await page.goto("/account");
    await expect(page).toHaveURL(/\/sign-in\?next=\/account$/);
  });
});

test("a signed-out visit to /account goes to sign-in and comes back after it", async ({ page }) => {
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in\?next=\/account$/);
  await expect(page.getByText("Please sign in to continue")).toBeVisible();

  await signInWithForm(page);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("heading", { name: "Account", level: 1 })).toBeVisible();
  await expect(page.getByRole("list", { name: "Sessions" }).getByText("This device")).toBeVisible();

  // Signed in, the sign-in page goes straight on.
  await page.goto("/sign-in?next=/account");
  await expect(page).toHaveURL(/\/account$/);
});

test("sign-in ignores a ?next= that leaves the site", async ({ page, baseURL }) => {
  await page.goto("/sign-in?next=//evil.example/phish");
  await signInWithForm(page);
  await expect(page).toHaveURL(`${baseURL}/`);
  await expect(page.getByRole("heading", { name: /You're in/ })).toBeVisible();
});

test("the setup link says an administrator already exists", async ({ page }) => {
  await page.goto("/setup/not-a-real-token");
  await expect(page.getByText("An administrator already exists")).toBeVisible();
  await page.getByRole("link", { name: "Sign in" }).last().click();
  await expect(page).toHaveURL(/\/sign-in$/);
});

test("a member opening the admin area is told they have no access, without a redirect", async ({ page, baseURL }) => {
  const member = await signInAsNewMember(page, baseURL!);

  await page.goto("/admin/invitations");
  await expect(page.getByRole("heading", { name: "You don't have access" })).toBeVisible();
  await expect(page).toHaveURL(/\/admin\/invitations$/);
  // No Admin link for members, in the header or its menu.
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" })).toHaveCount(0);
  await page.getByRole("button", { name: /account menu/i }).click();
  await expect(page.getByRole("menu")).toContainText(member.email);
  await expect(page.getByRole("menuitem", { name: "Admin" })).toHaveCount(0);
  await page.keyboard.press("Escape");

  await page.goto("/account");
  await expect(page.getByText("Member", { exact: true })).toBeVisible();
});

test("a member changes their name on the account page; Escape cancels, a blank name is refused", async ({ page, baseURL }) => {
  await signInAsNewMember(page, baseURL!);
  await page.goto("/account");
  const profile = page.getByRole("region", { name: "Profile" }).or(page.locator("[aria-labelledby=profile-title]"));

  await profile.getByRole("button", { name: "Change your name" }).click();
  await page.getByRole("textbox", { name: "Name" }).press("Escape");
  await expect(profile).toContainText("Grace Member");

  await profile.getByRole("button", { name: "Change your name" }).click();
  const field = page.getByRole("textbox", { name: "Name" });
  await field.fill("   ");
  await field.press("Enter");
  await expect(profile.getByText("Enter your name.")).toBeVisible();
  await expect(field).toHaveAttribute("aria-invalid", "true");

  await field.fill("Grace Hopper");
  await profile.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Name changed")).toBeVisible();
  await expect(profile).toContainText("Grace Hopper");
  // The header's account menu follows without a reload.
  await page.getByRole("button", { name: /account menu/i }).click();
  await expect(page.getByRole("menu")).toContainText("Grace Hopper");
});
