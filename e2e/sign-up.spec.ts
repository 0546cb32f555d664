import { request } from "@playwright/test";
import { ADMIN } from "./constants.ts";
import { expect, test, trpcMutation } from "./fixtures.ts";
import { waitForMail } from "./support/mail-sink.ts";

/*
 * Open sign-up proves the email first (SECURITY 34): the sign-up page asks only for an email
 * and sends a link over real SMTP (the sink); the link's page, checked as it opens, asks for a
 * name and a password and lands signed in. A used or unknown link says so at once.
 */

/** Sets the registration mode as the first admin would on the settings page. */
async function setRegistration(baseURL: string, registration: "OPEN" | "INVITE_ONLY", signUpDomains: string[] = []) {
  const admin = await request.newContext();
  try {
    await trpcMutation(admin, baseURL, "auth.signIn", { email: ADMIN.email, password: ADMIN.password });
    await trpcMutation(admin, baseURL, "settings.update", { registration, defaultInviteHours: 48, signUpDomains });
  } finally {
    await admin.dispose();
  }
}

/** The sign-up link in an email's text part: `…/sign-up/<token>`. */
function signUpLinkIn(text: string): string {
  const link = /https?:\/\/\S+\/sign-up\/[a-z2-7]{32}/.exec(text)?.[0];
  expect(link, "the sign-up link in the email's text part").toBeTruthy();
  return link!;
}

test.describe.configure({ timeout: 90_000 });
// Chromium logs the 404 of an unknown link's preview.
test.use({ allowedConsoleErrors: [/status of 404.*\/trpc\/.*auth\.signUpPreview/] });
test.afterEach(async ({ baseURL }) => setRegistration(baseURL!, "INVITE_ONLY"));

test("public sign-up exists only while registration is OPEN; it proves the email by a link, then makes a member", async ({ page, baseURL }) => {
  await page.goto("/sign-up");
  await expect(page.getByRole("heading", { name: "Sign-up is by invitation" })).toBeVisible();
  await page.goto("/sign-in");
  await expect(page.getByRole("link", { name: "Create an account" })).toHaveCount(0);

  await setRegistration(baseURL!, "OPEN");
  const email = `walk-in-${Date.now()}@example.com`;
  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Create an account" }).click();
  await expect(page).toHaveURL(/\/sign-up$/);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a sign-up link" }).click();
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();

  // Nothing exists yet: the address is not an account until the link is used.
  const signIn = await page.request.post(`${baseURL}/trpc/auth.signIn`, {
    headers: { Origin: baseURL! },
    data: { json: { email, password: "marmalade kites drift over harbours" } },
  });
  expect(signIn.status()).toBe(401);

  const mail = await waitForMail(email, { match: (m) => m.subject === "Confirm your email to join Invitations" });
  const link = signUpLinkIn(mail.text);
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Choose your name and password" })).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue(email);
  await page.getByLabel("Name").fill("Walk In");
  await page.getByLabel("Password", { exact: true }).fill("marmalade kites drift over harbours");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(`${baseURL}/`);
  await expect(page.getByText("Welcome, Walk In! Your account is ready.")).toBeVisible();
  const me = await page.request.get(`${baseURL}/trpc/auth.me`).then((r) => r.json());
  expect(me.result.data.json).toMatchObject({ email, name: "Walk In", role: "MEMBER" });

  // The link worked once: opening it again says so before anyone types anything.
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "This sign-up link was already used" })).toBeVisible();
  await expect(page.getByRole("textbox")).toHaveCount(0);
});

test("an unknown sign-up link says so at once; a domain outside the list is refused on the page", async ({ page, baseURL }) => {
  await setRegistration(baseURL!, "OPEN", ["example.org"]);
  await page.goto(`/sign-up/${"a".repeat(32)}`);
  await expect(page.getByRole("heading", { name: "This sign-up link doesn't work" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Ask for a new link" })).toHaveAttribute("href", "/sign-up");

  await page.getByRole("link", { name: "Ask for a new link" }).click();
  await expect(page.getByText("Sign-up is open to addresses at @example.org.", { exact: false })).toBeVisible();
  await page.getByLabel("Email").fill("someone@example.com");
  await page.getByRole("button", { name: "Email me a sign-up link" }).click();
  await expect(page.getByText("Use an address at @example.org.")).toBeVisible();
  await expect(page.getByLabel("Email")).toBeFocused();
});
