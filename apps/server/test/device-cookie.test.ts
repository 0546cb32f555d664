import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "@invite/api";
import { startTestServer } from "./support/server.ts";

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

const PASSWORD = "a sturdy passphrase for device tests";

function signIn(server: TestServer, email: string, password: string, headers: Record<string, string> = {}) {
  return server.fetch("/trpc/auth.signIn", {
    method: "POST",
    headers: { origin: server.origin, "content-type": "application/json", ...headers },
    body: JSON.stringify({ json: { email, password } }),
  });
}

const cookieNamed = (response: Response, name: string) =>
  response.headers.getSetCookie().find((line) => line.startsWith(`${name}=`));

async function createUser(server: TestServer, email: string) {
  await server.db.prisma.user.create({ data: { email, name: "Owner", role: "MEMBER", passwordHash: await hashPassword(PASSWORD) } });
}

describe("the device cookie over HTTP (SECURITY 43)", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it("a sign-in sets an HttpOnly, SameSite=Lax device cookie that keeps the owner in while strangers are refused", async () => {
    await createUser(server, "owner@example.com");
    const first = await signIn(server, "owner@example.com", PASSWORD);
    expect(first.status).toBe(200);
    const setCookie = cookieNamed(first, "device")!;
    expect(setCookie).toMatch(/^device=[a-z2-7]{24}\.\d+\.[\w-]{43};/);
    expect(setCookie).toMatch(/; Max-Age=\d{8}(;|$)/); // a year, in seconds
    expect(setCookie).toMatch(/; Path=\/(;|$)/);
    expect(setCookie).toMatch(/; HttpOnly(;|$)/);
    expect(setCookie).toMatch(/; SameSite=Lax(;|$)/);
    expect(setCookie).not.toMatch(/Domain=|; Secure/i);
    const device = setCookie.split(";")[0]!;

    for (let n = 0; n < 10; n++) expect((await signIn(server, "owner@example.com", `guess ${n}`)).status).toBe(401);
    expect((await signIn(server, "owner@example.com", PASSWORD)).status).toBe(429);
    // A forged cookie of the right shape is a stranger's.
    const forged = device.replace(/^device=./, (start) => (start.endsWith("a") ? "device=b" : "device=a"));
    expect((await signIn(server, "owner@example.com", PASSWORD, { cookie: forged })).status).toBe(429);

    const again = await signIn(server, "owner@example.com", PASSWORD, { cookie: device });
    expect(again.status).toBe(200);
    expect(cookieNamed(again, "device")).toBeDefined();
  });
});

describe("the device cookie under an https APP_URL", () => {
  const appOrigin = "https://app.example.com";
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { APP_URL: appOrigin } });
  });
  afterAll(() => server?.close());

  it("is __Host-device with Secure, and only that name counts", async () => {
    await createUser(server, "secure-owner@example.com");
    const first = await signIn(server, "secure-owner@example.com", PASSWORD, { origin: appOrigin });
    expect(first.status).toBe(200);
    const setCookie = cookieNamed(first, "__Host-device")!;
    expect(setCookie).toMatch(/; Secure(;|$)/);
    expect(setCookie).toMatch(/; HttpOnly(;|$)/);
    expect(setCookie).toMatch(/; SameSite=Lax(;|$)/);
    const device = setCookie.split(";")[0]!;

    const wrong = (n: number) => signIn(server, "secure-owner@example.com", `guess ${n}`, { origin: appOrigin });
    for (let n = 0; n < 10; n++) expect((await wrong(n)).status).toBe(401);
    const withoutPrefix = { origin: appOrigin, cookie: device.replace(/^__Host-/, "") };
    expect((await signIn(server, "secure-owner@example.com", PASSWORD, withoutPrefix)).status).toBe(429);
    expect((await signIn(server, "secure-owner@example.com", PASSWORD, { origin: appOrigin, cookie: device })).status).toBe(200);
  });
});
