import { request, type CDPSession, type Page } from "@playwright/test";
import { ADMIN } from "./constants.ts";
import { expect, test, trpcMutation } from "./fixtures.ts";
import { waitForMail } from "./support/mail-sink.ts";

/*
 * Passkeys in Chromium (issue 16), with the DevTools protocol's virtual authenticator standing
 * in for a phone's or laptop's: a platform authenticator that keeps discoverable credentials and
 * verifies its user. The server's RP id is "localhost", a secure context over http.
 */

test.describe.configure({ timeout: 120_000 });
// Removing the last way in is refused on purpose (409), which Chromium logs.
test.use({ allowedConsoleErrors: [/409 \(Conflict\).*\/trpc\/passkey\.remove/] });

/** A virtual platform authenticator, as Chrome's WebAuthn tab makes one. */
async function addAuthenticator(cdp: CDPSession): Promise<string> {
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return authenticatorId;
}

async function credentialsOf(cdp: CDPSession, authenticatorId: string) {
  return (await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials;
}

/** With E2E_SCREENSHOTS=<dir>: the screens this changes, on a desktop and a phone, to look at. */
async function snap(page: Page, name: string, locator?: ReturnType<Page["locator"]>) {
  const dir = process.env.E2E_SCREENSHOTS;
  if (!dir) return;
  const size = page.viewportSize();
  for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    await page.setViewportSize(viewport);
    await page.waitForTimeout(300);
    if (locator) await locator.screenshot({ path: `${dir}/${name}-${viewport.width}.png` });
    else await page.screenshot({ path: `${dir}/${name}-${viewport.width}.png`, fullPage: true });
  }
  if (size) await page.setViewportSize(size);
}

async function invite(baseURL: string, email: string): Promise<string> {
  const admin = await request.newContext();
  try {
    await trpcMutation(admin, baseURL, "auth.signIn", { email: ADMIN.email, password: ADMIN.password });
    const { inviteUrl } = await trpcMutation<{ inviteUrl: string }>(admin, baseURL, "invitation.create", { email });
    return new URL(inviteUrl).pathname;
  } finally {
    await admin.dispose();
  }
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: /account menu/i }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
}

test("an invitee joins with a passkey alone, signs out, signs in with it, adds a second one and removes one", async ({ page, baseURL }) => {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const first = await addAuthenticator(cdp);
  const email = `passkey-${Date.now()}@example.com`;

  // Accept with a passkey: no password anywhere.
  await page.goto(await invite(baseURL!, email));
  const usePasskey = page.getByRole("button", { name: "Use a passkey" });
  await expect(usePasskey).toBeVisible();
  await snap(page, "passkey-accept-page");
  await page.getByLabel("Your name").fill("Pat Passkey");
  await usePasskey.click();
  await expect(page.getByText("Welcome, Pat Passkey! Your account is ready.")).toBeVisible();
  await expect(page).not.toHaveURL(/\/invite\//);
  expect(await credentialsOf(cdp, first)).toHaveLength(1);
  expect((await credentialsOf(cdp, first))[0]).toMatchObject({ isResidentCredential: true, rpId: "localhost" });

  // Sign out: the sign-in page's email field offers the passkey at once (conditional
  // mediation), and the virtual authenticator, standing in for the person, picks it.
  const autofill = page.waitForResponse((r) => r.url().includes("/trpc/passkey.signIn") && r.ok());
  await page.getByRole("button", { name: /account menu/i }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await autofill;
  await expect(page).not.toHaveURL(/\/sign-in/);
  await expect(page.getByRole("button", { name: "Account menu for Pat Passkey" })).toBeVisible();
  await page.goto("/account");
  const section = page.getByRole("region", { name: "Passkeys" });
  const list = section.getByRole("list", { name: "Passkeys" });
  await expect(list.getByRole("listitem")).toHaveCount(1);
  await expect(list.getByRole("listitem").first()).toContainText("Last used");

  // A second passkey, on another authenticator (the first is excluded: it holds one already).
  await cdp.send("WebAuthn.removeVirtualAuthenticator", { authenticatorId: first });
  const second = await addAuthenticator(cdp);
  await section.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByText("Passkey added")).toBeVisible();
  await expect(list.getByRole("listitem")).toHaveCount(2);
  expect(await credentialsOf(cdp, second)).toHaveLength(1);
  await snap(page, "passkey-account-section", section);

  // Rename the new one, remove the first.
  await list.getByRole("button", { name: "Rename", exact: false }).last().click();
  const renameDialog = page.getByRole("dialog", { name: "Rename passkey" });
  await renameDialog.getByRole("textbox", { name: "Name" }).fill("Work laptop");
  await renameDialog.getByRole("button", { name: "Save" }).click();
  await expect(list.getByRole("listitem").last()).toContainText("Work laptop");
  await list.getByRole("button", { name: "Remove Passkey" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Remove" }).click();
  await expect(page.getByText("Passkey removed")).toBeVisible();
  await expect(list.getByRole("listitem")).toHaveCount(1);
  await expect(list.getByRole("listitem")).toContainText("Work laptop");

  // The last way in is kept.
  await list.getByRole("button", { name: "Remove Work laptop" }).click();
  const confirm = page.getByRole("alertdialog");
  await confirm.getByRole("button", { name: "Remove" }).click();
  await expect(confirm.getByRole("alert")).toContainText("You can't remove your only way to sign in.");
  await confirm.getByRole("button", { name: "Cancel" }).click();

  // The remaining passkey signs in with the button, in a browser that has no passkey autofill.
  await page.addInitScript(() => {
    PublicKeyCredential.isConditionalMediationAvailable = async () => false;
  });
  await page.reload();
  await signOut(page);
  const signInWithPasskey = page.getByRole("button", { name: "Sign in with a passkey" });
  await expect(signInWithPasskey).toBeEnabled();
  await snap(page, "passkey-sign-in-page");
  await signInWithPasskey.click();
  await expect(page).not.toHaveURL(/\/sign-in/);
  await expect(page.getByRole("button", { name: "Account menu for Pat Passkey" })).toBeVisible();
});

test("a shareable invitation link's emailed sign-up link completes with a passkey, no password", async ({ page, baseURL }) => {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const authenticator = await addAuthenticator(cdp);
  const email = `passkey-link-${Date.now()}@example.com`;

  const admin = await request.newContext();
  try {
    await trpcMutation(admin, baseURL!, "auth.signIn", { email: ADMIN.email, password: ADMIN.password });
    const { url } = await trpcMutation<{ url: string }>(admin, baseURL!, "inviteLink.create", { role: "MEMBER", maxUses: 5 });
    await trpcMutation(admin, baseURL!, "inviteLink.join", { token: new URL(url).pathname.split("/").pop(), email });
  } finally {
    await admin.dispose();
  }
  const mail = await waitForMail(email);
  const link = /https?:\/\/\S+\/sign-up\/[a-z2-7]{32}/.exec(mail.text)?.[0];
  expect(link, "the sign-up link in the email's text part").toBeTruthy();

  await page.goto(new URL(link!).pathname);
  await page.getByRole("textbox", { name: "Name" }).fill("Lee Link");
  await snap(page, "passkey-sign-up-link-page");
  await page.getByRole("button", { name: "Use a passkey" }).click();
  await expect(page.getByText("Welcome, Lee Link! Your account is ready.")).toBeVisible();
  expect(await credentialsOf(cdp, authenticator)).toHaveLength(1);
  const me = await page.request.get(`${baseURL}/trpc/auth.me`).then((r) => r.json());
  expect(me.result.data.json).toMatchObject({ email, name: "Lee Link", role: "MEMBER" });
});
