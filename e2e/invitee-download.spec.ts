import { request } from "@playwright/test";
import { ADMIN } from "./constants.ts";
import { expect, test, trpcMutation } from "./fixtures.ts";

/*
 * Issue 12's download budget for an invitee on a first visit (an empty cache), in bytes on
 * the wire as Chromium counts them (Network.loadingFinished.encodedDataLength: headers and
 * compressed bodies): at most 350 kB until the password is chosen with the strength estimator
 * loaded (it was ~2 MB before the estimator's lists were cut and the files precompressed).
 * The 120 kB figure for the page alone is bench/bundle.mjs's to print, request by request:
 * with a provider configured, as here, it is ~122 kB today (the toaster chunk main.tsx loads
 * at once, and ~0.9 kB of headers per response).
 */

test("an invitee downloads at most 350 kB to choose a password, the strength estimator included", async ({ page, baseURL }) => {
  const admin = await request.newContext();
  const { inviteUrl } = await (async () => {
    await trpcMutation(admin, baseURL!, "auth.signIn", { email: ADMIN.email, password: ADMIN.password });
    return trpcMutation<{ inviteUrl: string }>(admin, baseURL!, "invitation.create", { email: `download-${Date.now()}@example.com` });
  })().finally(() => admin.dispose());

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
  const settled = () => expect.poll(() => inFlight.size, { intervals: [250] }).toBe(0);

  await page.goto(inviteUrl);
  const password = page.getByLabel("Password", { exact: true });
  await expect(password).toBeVisible();
  await page.waitForLoadState("networkidle");

  await password.fill("violet kettle harbour drumroll 7");
  await expect(page.getByText(/^Strength:/)).toBeVisible();
  await settled();
  expect(bytes, "bytes with the strength estimator").toBeLessThanOrEqual(350_000);
});
