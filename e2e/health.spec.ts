import { expect, test } from "./fixtures.ts";

test("the home page shows the API's health on the embedded database", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByText(/API healthy/i)).toBeVisible();
  await expect(page.getByText(/embedded/i)).toBeVisible();
});

test("an unknown path gets the SPA's not-found page, not a server error", async ({ page }) => {
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: /not found/i })).toBeVisible();
});
