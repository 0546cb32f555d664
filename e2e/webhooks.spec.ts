import { expect, signInWithForm, test } from "./fixtures.ts";

/*
 * Webhooks in the settings (docs/webhooks.md): an admin adds an endpoint and sees its signing
 * secret once, sends a test event and reads the delivery log. The e2e server keeps the default
 * (no private targets), so a loopback endpoint's delivery is refused and shown as retrying.
 * E2E_SCREENSHOTS=<dir> also saves the card at desktop and phone sizes.
 */
test("an admin adds an endpoint, sees its secret once, sends a test event and reads the delivery log", async ({ page }) => {
  await page.goto("/admin/settings");
  await signInWithForm(page);
  const card = page.locator("section", { has: page.getByRole("heading", { name: "Webhooks", level: 2 }) });
  await expect(card).toBeVisible();

  const url = `http://127.0.0.1:9/hooks/${Date.now()}`;
  await card.getByLabel("Endpoint URL").fill(url);
  await card.getByRole("checkbox", { name: "member.removed" }).uncheck();
  await card.getByRole("button", { name: "Add endpoint" }).click();
  await expect(card.getByText(/won't be shown again/)).toBeVisible();
  await expect(card.getByText(/^whsec_/)).toBeVisible();
  const row = card.getByRole("listitem").filter({ hasText: url });
  await expect(row).toBeVisible();
  await expect(row.getByText("member.removed")).toHaveCount(0);

  await row.getByRole("button", { name: "Send a test event" }).click();
  await row.getByRole("button", { name: "Deliveries" }).click();
  const log = row.getByRole("table", { name: "Deliveries" });
  await expect(log.getByRole("row").filter({ hasText: "webhook.test" })).toBeVisible();
  // Refused (loopback, without WEBHOOK_ALLOW_PRIVATE_TARGETS): retried, with no response code.
  await expect(log.getByText("Retrying")).toBeVisible({ timeout: 20_000 });
  await expect(row.getByText(/Last error: Refused: 127\.0\.0\.1 is a loopback, private or link-local address/)).toBeVisible();

  const dir = process.env.E2E_SCREENSHOTS;
  if (dir) {
    for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
      await page.setViewportSize(viewport);
      await card.scrollIntoViewIfNeeded();
      await card.screenshot({ path: `${dir}/webhooks-${viewport.width}.png` });
    }
  }

  // Shown once: after a reload the endpoint is listed, its secret is not.
  await page.reload();
  await expect(card.getByRole("listitem").filter({ hasText: url })).toBeVisible();
  await expect(card.getByText(/^whsec_/)).toHaveCount(0);
  await card.getByRole("listitem").filter({ hasText: url }).getByRole("button", { name: "Delete" }).click();
  await expect(card.getByRole("listitem").filter({ hasText: url })).toHaveCount(0);
});
