import { test as base, expect, request, type APIRequestContext, type Page } from "@playwright/test";
import { ADMIN } from "./constants.ts";

type Fixtures = {
  consoleErrors: string[];
  /**
   * Console errors a test expects, e.g. Chromium's "Failed to load resource: … 401"
   * line for a sign-in that is meant to fail. Matched against "<text> (<url>)"; keep
   * the patterns narrow: `test.use({ allowedConsoleErrors: [/401.*\/trpc\/auth\.signIn/] })`.
   */
  allowedConsoleErrors: RegExp[];
};

// Any console error in the page fails the test: a screen that logs errors is broken.
export const test = base.extend<Fixtures>({
  allowedConsoleErrors: [[], { option: true }],
  consoleErrors: [
    async ({ page, allowedConsoleErrors }, use) => {
      const errors: string[] = [];
      page.on("console", (message) => {
        if (message.type() !== "error") return;
        const url = message.location().url;
        errors.push(url ? `${message.text()} (${url})` : message.text());
      });
      page.on("pageerror", (error) => errors.push(error.message));
      await use(errors);
      const unexpected = errors.filter((error) => !allowedConsoleErrors.some((pattern) => pattern.test(error)));
      expect(unexpected, "console errors").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Fills and submits the sign-in form on the current page (defaults: the first admin). */
export async function signInWithForm(page: Page, credentials: { email: string; password: string } = ADMIN) {
  await page.getByLabel("Email").fill(credentials.email);
  await page.getByLabel("Password", { exact: true }).fill(credentials.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/**
 * Calls a tRPC mutation the way the SPA does (superjson body, our own Origin, so the
 * CSRF check passes) and returns its result; throws with the server's answer otherwise.
 * With `page.request` the session cookie it sets lands in the page's browser context.
 */
export async function trpcMutation<T = unknown>(
  request: APIRequestContext,
  baseURL: string,
  path: string,
  input: unknown,
): Promise<T> {
  const response = await request.post(`${baseURL}/trpc/${path}`, {
    headers: { Origin: baseURL },
    data: { json: input },
  });
  const body = await response.json();
  if (!response.ok()) throw new Error(`${path} answered ${response.status()}: ${JSON.stringify(body)}`);
  return body.result.data.json as T;
}

/** A new member, invited by the first admin and accepted with a password, signed in on `page`. */
export async function signInAsNewMember(page: Page, baseURL: string) {
  const member = {
    email: `member-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`,
    name: "Grace Member",
    password: "correct horse battery staple 42",
  };
  const admin = await request.newContext();
  try {
    await trpcMutation(admin, baseURL, "auth.signIn", { email: ADMIN.email, password: ADMIN.password });
    const { inviteUrl } = await trpcMutation<{ inviteUrl: string }>(admin, baseURL, "invitation.create", {
      email: member.email,
    });
    const token = new URL(inviteUrl).pathname.split("/").pop();
    await trpcMutation(page.request, baseURL, "invitation.accept", { token, password: member.password, name: member.name });
  } finally {
    await admin.dispose();
  }
  return member;
}
