import { ADMIN } from "./constants.ts";
import { expect, test, trpcMutation } from "./fixtures.ts";

test("the home page shows the API's health on the embedded database to an admin only", async ({ page, baseURL }) => {
  // Anonymous visitors see no version or database kind (issue 17): the footer is for admins.
  await page.goto("/");
  // The header's "Sign in" shows once the app knows nobody is signed in.
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(page.getByText(/API healthy/i)).toHaveCount(0);
  await expect(page.getByText(/embedded database/i)).toHaveCount(0);

  await trpcMutation(page.request, baseURL!, "auth.signIn", { email: ADMIN.email, password: ADMIN.password });
  await page.goto("/");
  await expect(page.getByText(/API healthy/i)).toBeVisible();
  await expect(page.getByText(/embedded/i)).toBeVisible();
});

test("an unknown path gets the SPA's not-found page, not a server error", async ({ page }) => {
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: /not found/i })).toBeVisible();
});
