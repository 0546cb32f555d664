import { request, type APIRequestContext } from "@playwright/test";
import { ADMIN } from "./constants.ts";
import { expect, signInAsNewMember, test, trpcMutation } from "./fixtures.ts";
import { setGitHubIdentity } from "./support/github-double.ts";

/*
 * OAuth with GitHub, end to end: the app is configured with GITHUB_URL / GITHUB_API_URL
 * pointing at the double in support/github-double.ts (a Playwright webServer), which
 * logs in as whoever `setGitHubIdentity` names. Every hop is a real browser navigation.
 */

type Invitation = { id: string; email: string; status: "PENDING" | "ACCEPTED" | "REVOKED" | "EXPIRED" };

/** A tRPC query over GET, the way the SPA sends it. */
async function trpcQuery<T>(api: APIRequestContext, baseURL: string, path: string, input?: unknown): Promise<T> {
  const query = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
  const response = await api.get(`${baseURL}/trpc/${path}${query}`);
  const body = await response.json();
  if (!response.ok()) throw new Error(`${path} answered ${response.status()}: ${JSON.stringify(body)}`);
  return body.result.data.json as T;
}

/** The first admin, signed in on an API client of its own. */
async function signedInAdmin(baseURL: string) {
  const admin = await request.newContext();
  await trpcMutation(admin, baseURL, "auth.signIn", { email: ADMIN.email, password: ADMIN.password });
  return admin;
}

/** Invites `email` as the admin; returns the token from the copyable link (`…/invite/<token>`). */
async function invite(admin: APIRequestContext, baseURL: string, email: string): Promise<string> {
  const { inviteUrl } = await trpcMutation<{ inviteUrl: string }>(admin, baseURL, "invitation.create", { email });
  const token = new URL(inviteUrl).pathname.split("/").pop();
  if (!token) throw new Error(`No token in ${inviteUrl}`);
  return token;
}

async function invitationFor(admin: APIRequestContext, baseURL: string, email: string): Promise<Invitation | undefined> {
  const { items } = await trpcQuery<{ items: Invitation[] }>(admin, baseURL, "invitation.list", { search: email });
  return items.find((item) => item.email === email);
}

test.describe("OAuth with GitHub", () => {
  let admin: APIRequestContext;
  test.beforeAll(async ({ baseURL }) => {
    admin = await signedInAdmin(baseURL!);
  });
  test.afterAll(async () => {
    await admin.dispose();
  });

  test("an invitee accepts with GitHub and lands signed in", async ({ page, baseURL }) => {
    const email = "octo@example.com";
    const token = await invite(admin, baseURL!, email);
    await setGitHubIdentity({ email, login: "octocat", name: "Octo Cat" });

    await page.goto(`/invite/${token}`);
    await page.getByRole("link", { name: /GitHub/ }).click();

    // Back from "GitHub" on the home page, signed in as the invited address.
    await expect(page).toHaveURL(`${baseURL}/`);
    await expect(page.getByRole("heading", { name: /You're in, Octo/ })).toBeVisible();
    await expect(page.getByRole("button", { name: /account menu/i })).toBeVisible();
    const me = await trpcQuery<{ email: string; providers: string[] } | null>(page.request, baseURL!, "auth.me");
    expect(me).toMatchObject({ email, providers: ["github"] });
    expect((await invitationFor(admin, baseURL!, email))?.status).toBe("ACCEPTED");

    // GitHub is this account's only way in: no password, and unlinking it is not offered.
    await page.goto("/account");
    const methods = page.getByRole("list", { name: "Sign-in methods" }).getByRole("listitem");
    await expect(methods.filter({ hasText: "Password" })).toContainText("Not set");
    const github = methods.filter({ hasText: "GitHub" });
    await expect(github).toContainText(email);
    await expect(github).toContainText("Linked just now");
    await expect(github.getByRole("button", { name: /Unlink/ })).toBeDisabled();
    await expect(github).toContainText("This is your only way to sign in");
  });

  test("a GitHub account with another verified email is refused, and the invitation keeps waiting", async ({
    page,
    baseURL,
  }) => {
    const email = "someone@example.com";
    const token = await invite(admin, baseURL!, email);
    await setGitHubIdentity({ email: "other@example.com", login: "other" });

    await page.goto(`/invite/${token}`);
    await page.getByRole("link", { name: /GitHub/ }).click();

    await expect(page).toHaveURL(/\/auth\/error\?reason=EMAIL_MISMATCH&/);
    expect(page.url()).not.toContain(token);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("That account doesn't match the invitation");
    await expect(page.getByText(/You were invited as someone@example\.com, but GitHub says you are other@example\.com/)).toBeVisible();
    await expect(page.getByText("Your invitation is still waiting")).toBeVisible();
    await expect(page.getByRole("link", { name: "Back to your invitation" }).first()).toHaveAttribute("href", `/invite/${token}`);

    // Nothing was created: still signed out, and the invitation is still pending.
    expect(await trpcQuery(page.request, baseURL!, "auth.me")).toBeNull();
    expect((await invitationFor(admin, baseURL!, email))?.status).toBe("PENDING");
  });

  test("the sign-in page offers GitHub, which signs in only people who already have an account", async ({
    page,
    baseURL,
  }) => {
    await page.goto("/sign-in?next=/account");
    const button = page.getByRole("link", { name: "Continue with GitHub" });
    await expect(button).toBeVisible();
    await expect(button).toHaveAttribute("href", "/auth/github/start?redirectTo=/account");

    // Nobody here has this GitHub account and sign-up is invite-only: no account appears.
    await setGitHubIdentity({ email: "stranger@example.com", login: "stranger" });
    await button.click();
    await expect(page).toHaveURL(`${baseURL}/auth/error?reason=REGISTRATION_CLOSED&via=github`);
    await expect(page.getByRole("heading", { name: "You need an invitation", level: 1 })).toBeVisible();
    expect(await trpcQuery(page.request, baseURL!, "auth.me")).toBeNull();

    // Someone who joined with GitHub signs in with it and goes back where they were headed.
    const email = `octo-${Date.now()}@example.com`;
    const token = await invite(admin, baseURL!, email);
    await setGitHubIdentity({ email, login: "octo-again", name: "Octo Again" });
    await page.goto(`/invite/${token}`);
    await page.getByRole("link", { name: /GitHub/ }).click();
    await expect(page).toHaveURL(`${baseURL}/`);
    await trpcMutation(page.request, baseURL!, "auth.signOut", null);

    await page.goto("/sign-in?next=/account");
    await page.getByRole("link", { name: "Continue with GitHub" }).click();
    await expect(page).toHaveURL(`${baseURL}/account`);
    await expect(page.getByRole("heading", { name: "Account", level: 1 })).toBeVisible();
    expect(await trpcQuery(page.request, baseURL!, "auth.me")).toMatchObject({ email });
  });

  test("a member links GitHub from the account page, then unlinks it", async ({ page, baseURL }) => {
    const member = await signInAsNewMember(page, baseURL!);
    await setGitHubIdentity({ email: member.email, login: "grace-gh" });

    await page.goto("/account");
    const methods = page.getByRole("list", { name: "Sign-in methods" }).getByRole("listitem");
    await expect(methods.filter({ hasText: "Password" })).toContainText("Set");
    await page.getByRole("link", { name: "Link GitHub" }).click();

    // Back on the account page: one toast, and the `?linked=` is gone from the address.
    await expect(page).toHaveURL(`${baseURL}/account`);
    await expect(page.getByText("GitHub linked", { exact: true })).toBeVisible();
    const github = methods.filter({ hasText: "GitHub" });
    await expect(github).toContainText(member.email);
    await expect(page.getByRole("link", { name: "Link GitHub" })).toHaveCount(0);

    await github.getByRole("button", { name: "Unlink GitHub" }).click();
    const dialog = page.getByRole("alertdialog", { name: "Unlink GitHub?" });
    await expect(dialog).toContainText(member.email);
    await dialog.getByRole("button", { name: "Unlink" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText("GitHub unlinked")).toBeVisible();
    await expect(page.getByRole("link", { name: "Link GitHub" })).toBeVisible();
  });
});
