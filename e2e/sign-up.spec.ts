import { request } from "@playwright/test";
import { ADMIN } from "./constants.ts";
import { expect, test, trpcMutation } from "./fixtures.ts";

/** Sets the registration mode as the first admin would on the settings page. */
async function setRegistration(baseURL: string, registration: "OPEN" | "INVITE_ONLY") {
  const admin = await request.newContext();
  try {
    await trpcMutation(admin, baseURL, "auth.signIn", { email: ADMIN.email, password: ADMIN.password });
    await trpcMutation(admin, baseURL, "settings.update", { registration, defaultInviteHours: 48 });
  } finally {
    await admin.dispose();
  }
}

test("public sign-up exists only while registration is OPEN, and makes a member", async ({ page, baseURL }) => {
  await page.goto("/sign-up");
  await expect(page.getByRole("heading", { name: "Sign-up is by invitation" })).toBeVisible();
  await page.goto("/sign-in");
  await expect(page.getByRole("link", { name: "Create an account" })).toHaveCount(0);

  await setRegistration(baseURL!, "OPEN");
  try {
    await page.goto("/sign-in");
    await page.getByRole("link", { name: "Create an account" }).click();
    await expect(page).toHaveURL(/\/sign-up$/);
    await page.getByLabel("Email").fill("walk-in@example.com");
    await page.getByLabel("Name").fill("Walk In");
    await page.getByLabel("Password", { exact: true }).fill("marmalade kites drift over harbours");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL(`${baseURL}/`);
    const me = await page.request.get(`${baseURL}/trpc/auth.me`).then((r) => r.json());
    expect(me.result.data.json).toMatchObject({ email: "walk-in@example.com", role: "MEMBER" });
  } finally {
    await setRegistration(baseURL!, "INVITE_ONLY");
  }
});
