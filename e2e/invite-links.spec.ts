import { request, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { ADMIN } from "./constants.ts";
import { expect, signInWithForm, test, trpcMutation } from "./fixtures.ts";
import { setGitHubIdentity } from "./support/github-double.ts";
import { waitForMail, type SunkMail } from "./support/mail-sink.ts";

/*
 * Shareable invitation links end to end, against the built app with real SMTP: an admin
 * creates a link on the Invite links tab; someone who has it proves their email through the
 * link the app emails them (read from the sink) and joins as the link's role, though the
 * workspace is invitation-only; the admin sees the use and who joined, and revoking the link
 * turns its page into the revoked page.
 */

// Chromium logs each 4xx fetch: here, the made-up link's preview and the refused join of a revoked link.
test.use({ allowedConsoleErrors: [/status of 404.*\/trpc\/[^ ]*inviteLink\.preview/] });
test.describe.configure({ timeout: 120_000 });

const WORKSPACE = "Acme";
const PASSWORD = "copper lantern meadow 2026 drift";

let admin: APIRequestContext;
test.beforeAll(async ({ baseURL }) => {
  admin = await request.newContext({ baseURL });
  await trpcMutation(admin, baseURL!, "auth.signIn", { email: ADMIN.email, password: ADMIN.password });
  // Invitation-only (the default): a valid link admits people all the same.
  await trpcMutation(admin, baseURL!, "settings.update", { registration: "INVITE_ONLY", defaultInviteHours: 48, workspaceName: WORKSPACE });
});
test.afterAll(async ({ baseURL }) => {
  await trpcMutation(admin, baseURL!, "settings.update", { registration: "INVITE_ONLY", defaultInviteHours: 48, workspaceName: null }).catch(() => {});
  await admin.dispose();
});

/** A signed-out visitor in a browser of their own; fails the test on unexpected console errors. */
async function freshVisitor(browser: Browser, baseURL: string, allowed: RegExp[] = []) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (message) => {
    const text = `${message.text()} ${message.location().url}`;
    if (message.type() === "error" && !allowed.some((pattern) => pattern.test(text))) errors.push(text);
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

/** The proof link in an email's text part: `…/sign-up/<token>`. */
function signUpLinkIn(mail: SunkMail): string {
  const link = /https?:\/\/\S+\/sign-up\/[a-z2-7]{32}/.exec(mail.text)?.[0];
  expect(link, `the sign-up link in "${mail.subject}"`).toBeTruthy();
  return link!;
}

/** The link's row on the Invite links tab (table from `lg`; this viewport is wider). */
function linkRow(page: Page) {
  return page.getByTestId("invite-link-row").first();
}

test("an admin creates an invite link; someone proves their email through it and joins as its role; revoking it shows the revoked page", async ({
  page,
  browser,
  baseURL,
}) => {
  await page.goto("/sign-in");
  await signInWithForm(page);
  await expect(page.getByRole("heading", { name: /You're in/ })).toBeVisible();
  await page.goto("/admin");
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Invite links" }).click();
  await expect(page.getByRole("heading", { name: "Invite links", level: 1 })).toBeVisible();

  // Create: a Member link for five people at example.com, a week long (the default).
  await page.getByRole("button", { name: "Create link" }).first().click();
  const form = page.getByRole("dialog", { name: "Create an invite link" });
  await expect(form.getByLabel("Role")).toHaveValue("MEMBER");
  await expect(form.getByLabel("Expires after")).toHaveValue("168");
  await form.getByLabel("Maximum uses").fill("5");
  await form.getByPlaceholder("example.com").fill("example.com");
  await form.getByRole("button", { name: "Add" }).click();
  await expect(form.getByRole("list", { name: "Listed domains" })).toHaveText("@example.com");
  await form.getByRole("button", { name: "Create link" }).click();

  const created = page.getByRole("dialog", { name: "Invite link created" });
  await expect(created).toContainText("Anyone with this link can join as a Member until");
  await expect(created).toContainText("for up to 5 people with an address at @example.com");
  await expect(created).toContainText("can't be shown again");
  const url = await created.getByRole("textbox", { name: "Invite link" }).inputValue();
  expect(url).toMatch(new RegExp(`^${baseURL}/join/[a-z2-7]{32}$`));
  await created.getByRole("button", { name: "Done" }).click();
  await expect(created).toBeHidden();

  const row = linkRow(page);
  await expect(row).toContainText("Member");
  await expect(row).toContainText("Active");
  await expect(row).toContainText("0 / 5");
  await expect(row).toContainText("in 7 days");
  await expect(row).toContainText("@example.com");

  // The person with the link, signed out in a browser of their own.
  const joiner = { email: `joiner-${Date.now()}@example.com`, name: "Jo Joiner" };
  const visitor = await freshVisitor(browser, baseURL!);
  await visitor.page.goto(url);
  await expect(visitor.page.getByRole("heading", { level: 1 })).toHaveText(`admin invited you to join ${WORKSPACE} as Member`);
  await expect(visitor.page.getByText("This link is for addresses at @example.com.")).toBeVisible();
  await expect(visitor.page.getByText(/This link expires in 7 days/)).toBeVisible();
  const token = new URL(url).pathname.split("/").pop();
  await expect(visitor.page.getByRole("link", { name: "Continue with GitHub" })).toHaveAttribute("href", `/auth/github/start?join=${token}`);

  // Another domain is refused on the page, naming the allowed one.
  await visitor.page.getByLabel("Email").fill("someone@example.org");
  await visitor.page.getByRole("button", { name: "Email me a link to join" }).click();
  await expect(visitor.page.getByRole("alert").filter({ hasText: "Use an address at @example.com." })).toBeVisible();

  await visitor.page.getByLabel("Email").fill(joiner.email);
  await visitor.page.getByRole("button", { name: "Email me a link to join" }).click();
  await expect(visitor.page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
  await expect(visitor.page.getByText(joiner.email)).toBeVisible();
  // Asking spent nothing: the link is still unused.
  await page.reload();
  await expect(linkRow(page)).toContainText("0 / 5");

  // The email, over SMTP, proves the address; its page says what joining gives.
  const mail = await waitForMail(joiner.email);
  const proof = signUpLinkIn(mail);
  await visitor.page.goto(proof);
  await expect(visitor.page.getByRole("heading", { level: 1 })).toHaveText(`Join ${WORKSPACE} as Member`);
  await expect(visitor.page.getByText("Invited by admin")).toBeVisible();
  await expect(visitor.page.getByLabel("Email")).toHaveValue(joiner.email);
  await visitor.page.getByLabel("Name").fill(joiner.name);
  await visitor.page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await visitor.page.getByRole("button", { name: "Create account" }).click();
  await expect(visitor.page).toHaveURL(`${baseURL}/`);
  await expect(visitor.page.getByText(`Welcome, ${joiner.name}! Your account is ready.`)).toBeVisible();
  const me = await visitor.page.request.get(`${baseURL}/trpc/auth.me`).then((response) => response.json());
  expect(me.result.data.json).toMatchObject({ email: joiner.email, name: joiner.name, role: "MEMBER" });
  await visitor.close();

  // The admin sees the use and who joined.
  await page.reload();
  await expect(linkRow(page)).toContainText("1 / 5");
  await linkRow(page).getByRole("button", { name: /Who joined through/ }).click();
  const joined = page.getByRole("region", { name: "Joined through this link" }).filter({ visible: true });
  await expect(joined).toContainText(joiner.name);
  await expect(joined).toContainText(joiner.email);
  await expect(joined.getByRole("link", { name: joiner.name })).toHaveAttribute("href", `/admin/members?q=${encodeURIComponent(joiner.email)}`);

  // …and each step on the activity page.
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Activity" }).click();
  const feed = page.getByRole("list", { name: "Activity, newest first" });
  await expect(feed.getByRole("listitem").filter({ hasText: joiner.name }).filter({ hasText: /joined as Member through/ })).toHaveCount(1);
  await expect(feed.getByRole("listitem").filter({ hasText: /created a shareable invitation link for Members, lasting 7 days, up to 5 uses/ }).first()).toBeVisible();

  // Revoke, after a confirmation.
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Invite links" }).click();
  await linkRow(page).getByRole("button", { name: /Actions for/ }).click();
  await page.getByRole("menuitem", { name: /Revoke link/ }).click();
  const confirm = page.getByRole("alertdialog", { name: "Revoke this invite link?" });
  await expect(confirm).toContainText("The person who joined through it keeps their account.");
  await confirm.getByRole("button", { name: "Revoke link" }).click();
  await expect(page.getByText("Invite link revoked")).toBeVisible();
  await expect(linkRow(page)).toContainText("Revoked");
  await expect(linkRow(page).getByRole("button", { name: /Actions for/ })).toHaveCount(0);

  // The link's page now says so at once, before anyone types anything.
  const later = await freshVisitor(browser, baseURL!);
  await later.page.goto(url);
  await expect(later.page.getByRole("heading", { name: "This invite link was turned off" })).toBeVisible();
  await expect(later.page.getByText("ask admin for a new link")).toBeVisible();
  await expect(later.page.getByRole("textbox")).toHaveCount(0);
  await later.close();

  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Activity" }).click();
  await expect(page.getByRole("list", { name: "Activity, newest first" }).getByRole("listitem").first()).toContainText(
    "revoked a shareable invitation link for Members, used 1 time",
  );
});

test("a link that fills up says so on its page, and a made-up one says it doesn't work", async ({ browser, baseURL }) => {
  const { url } = await trpcMutation<{ url: string }>(admin, baseURL!, "inviteLink.create", { maxUses: 1 });
  const visitor = await freshVisitor(browser, baseURL!, [/status of 404.*inviteLink\.preview/]);

  // One person joins (the same steps as above, through the API this time).
  const email = `only-one-${Date.now()}@example.com`;
  await trpcMutation(visitor.page.request, baseURL!, "inviteLink.join", { token: new URL(url).pathname.split("/").pop(), email });
  const proof = new URL(signUpLinkIn(await waitForMail(email))).pathname.split("/").pop();
  await trpcMutation(visitor.page.request, baseURL!, "auth.completeSignUp", { token: proof, name: "Only One", password: PASSWORD });

  await visitor.page.goto(url);
  await expect(visitor.page.getByRole("heading", { name: "This invite link is full" })).toBeVisible();
  await expect(visitor.page.getByText("It has already let in as many people as it allows.")).toBeVisible();

  await visitor.page.goto(`/join/${"a".repeat(32)}`);
  await expect(visitor.page.getByRole("heading", { name: "This invite link doesn't work" })).toBeVisible();
  await visitor.close();
});

test("joining with GitHub: an account outside the link's domains is sent back to the link; one inside joins as its role", async ({ page, baseURL }) => {
  const { url } = await trpcMutation<{ url: string }>(admin, baseURL!, "inviteLink.create", { role: "ADMIN", allowedDomains: ["example.com"] });
  const stamp = Date.now();

  // A GitHub account whose only verified email is elsewhere: nothing is created, and the error
  // page (which never sees the token) offers the way back to the link, from this tab's memory.
  await setGitHubIdentity({ email: `outsider-${stamp}@example.org`, login: `outsider-${stamp}` });
  await page.goto(url);
  await page.getByRole("link", { name: "Continue with GitHub" }).click();
  await expect(page).toHaveURL(/\/auth\/error\?reason=EMAIL_DOMAIN_NOT_ALLOWED/);
  await expect(page.getByRole("heading", { name: "That email can't join through this link" })).toBeVisible();
  await page.getByRole("link", { name: "Back to the invite link" }).click();
  await expect(page).toHaveURL(url);

  // One at the link's domain joins, as an Admin, signed in.
  const email = `octo-join-${stamp}@example.com`;
  await setGitHubIdentity({ email, login: `octo-join-${stamp}`, name: "Octo Joiner" });
  await page.getByRole("link", { name: "Continue with GitHub" }).click();
  await expect(page).toHaveURL(`${baseURL}/`);
  const me = await page.request.get(`${baseURL}/trpc/auth.me`).then((response) => response.json());
  expect(me.result.data.json).toMatchObject({ email, role: "ADMIN", providers: ["github"] });
});

/*
 * An invitee page, like the accept page (invitee-download.spec.ts): what a first visit to
 * /join/<token> downloads before the form is usable, in bytes on the wire as Chromium counts
 * them, with a provider configured as here. The same 120 kB budget.
 */
test("someone opening an invite link downloads at most 120 kB before the page is usable", async ({ page, baseURL }) => {
  const { url } = await trpcMutation<{ url: string }>(admin, baseURL!, "inviteLink.create", {});
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  const inFlight = new Set<string>();
  let bytes = 0;
  cdp.on("Network.requestWillBeSent", ({ requestId, request }) => {
    if (!request.url.startsWith("data:")) inFlight.add(requestId);
  });
  cdp.on("Network.loadingFinished", ({ requestId, encodedDataLength }) => {
    if (inFlight.delete(requestId)) bytes += encodedDataLength;
  });
  cdp.on("Network.loadingFailed", ({ requestId }) => inFlight.delete(requestId));

  await page.goto(url);
  await expect(page.getByRole("button", { name: "Email me a link to join" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Continue with GitHub" })).toBeVisible();
  await page.waitForLoadState("networkidle");
  await expect.poll(() => inFlight.size, { intervals: [250] }).toBe(0);
  console.log(`join page: ${(bytes / 1000).toFixed(1)} kB on the wire until usable`);
  expect(bytes, "bytes before the join page is usable").toBeLessThanOrEqual(120_000);
});
