import { createServer, type Server } from "node:http";
import type { Page } from "@playwright/test";
import { ADMIN } from "./constants.ts";
import { expect, test } from "./fixtures.ts";

// SECURITY 40 in a real browser: what a page on another origin can do with the API, as
// docs/frontend.md says. The API is on http://localhost:<port> (APP_URL); playwright.config.ts
// trusts http://localhost:<port+10> (another origin, the same site) and http://127.0.0.1:<port+10>
// (another site). A third page, on localhost:<port+11>, is trusted by no one.

let pages: Server[] = [];

test.beforeAll(async ({ baseURL }) => {
  const apiPort = Number(new URL(baseURL!).port);
  pages = await Promise.all(
    [apiPort + 10, apiPort + 11].map(
      (port) =>
        new Promise<Server>((resolve) => {
          const server = createServer((_req, res) => {
            res.setHeader("content-type", "text/html");
            res.end("<!doctype html><title>Another app</title><p>Another app");
          });
          server.listen(port, "127.0.0.1", () => resolve(server));
        }),
    ),
  );
});

test.afterAll(async () => {
  await Promise.all(pages.map((server) => new Promise((resolve) => server.close(resolve))));
});

type Outcome = { signIn: number | string; me: string | null | undefined };

/** From the page: sign in with credentials included, then ask who is signed in; or how fetch failed. */
async function signInFrom(page: Page, pageOrigin: string, api: string): Promise<Outcome> {
  await page.goto(`${pageOrigin}/`);
  return page.evaluate(
    async ({ api, email, password }) => {
      const call = (path: string, init: RequestInit = {}) => fetch(`${api}/trpc/${path}`, { credentials: "include", ...init });
      try {
        const signIn = await call("auth.signIn", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ json: { email, password } }),
        });
        const me = (await (await call("auth.me")).json()) as { result: { data: { json: { email: string } | null } } };
        return { signIn: signIn.status, me: me.result.data.json?.email ?? null };
      } catch (error) {
        return { signIn: String(error), me: undefined };
      }
    },
    { api, email: ADMIN.email, password: ADMIN.password },
  );
}

test("SECURITY 40: a trusted page on the API's site signs in and its calls carry the session cookie (SameSite=Lax)", async ({ page, baseURL }) => {
  const port = Number(new URL(baseURL!).port);
  expect(await signInFrom(page, `http://localhost:${port + 10}`, baseURL!)).toEqual({ signIn: 200, me: ADMIN.email });
  const [cookie] = (await page.context().cookies(baseURL!)).filter((one) => one.name === "session");
  expect(cookie).toMatchObject({ sameSite: "Lax", httpOnly: true });
});

test("SECURITY 40: a trusted page on another site gets answers, but over http its browser keeps no session for it", async ({ page, baseURL }) => {
  const port = Number(new URL(baseURL!).port);
  expect(await signInFrom(page, `http://127.0.0.1:${port + 10}`, baseURL!)).toEqual({ signIn: 200, me: null });
});

test.describe("an untrusted page", () => {
  // Chromium logs the refused preflight: that is what this test shows.
  test.use({ allowedConsoleErrors: [/blocked by CORS policy|net::ERR_FAILED \(.*\/trpc\/auth\.signIn\)/] });

  test("SECURITY 40: an untrusted page gets nothing: its browser refuses the answer (a CORS error)", async ({ page, baseURL }) => {
    const port = Number(new URL(baseURL!).port);
    const outcome = await signInFrom(page, `http://localhost:${port + 11}`, baseURL!);
    expect(outcome.signIn).toMatch(/TypeError: Failed to fetch/);
    expect(await page.context().cookies(baseURL!)).toEqual([]);
  });
});
