import { createTRPCClient, httpBatchLink, httpBatchStreamLink, httpLink, TRPCClientError, type TRPCLink } from "@trpc/client";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword, type AppRouter } from "@invite/api";
import { startTestServer } from "./support/server.ts";

// SECURITY 40: only exact origins an operator lists get CORS headers with credentials; every
// other origin is refused before any procedure runs, in tRPC's error shape.

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

const TRUSTED = "http://spa.localhost:5173";
const FOREIGN = "https://evil.example";
const PASSWORD = "a sturdy passphrase for cross-origin tests";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { TRUSTED_ORIGINS: `https://other.example, ${TRUSTED}` } });
  await server.db.prisma.user.create({
    data: { email: "spa@example.com", name: "Spa", role: "MEMBER", passwordHash: await hashPassword(PASSWORD) },
  });
});
afterAll(() => server?.close());

type LinkKind = "batch" | "stream" | "single";

/**
 * A real @trpc/client as a page on `origin` runs it: every request carries that Origin, and the
 * cookies the server sets come back on the next request (a browser's cookie jar, in small).
 */
function clientFrom(origin: string | null, kind: LinkKind = "batch") {
  const jar = new Map<string, string>();
  const answers: Response[] = [];
  const fetchAsPage: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    if (origin) headers.set("origin", origin);
    if (jar.size > 0) headers.set("cookie", [...jar].map(([name, value]) => `${name}=${value}`).join("; "));
    const response = await fetch(input, { ...init, headers });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const [name, value] = pair!.split("=") as [string, string];
      if (value === "") jar.delete(name);
      else jar.set(name, value);
    }
    answers.push(response);
    return response;
  };
  const options = { url: `${server.origin}/trpc`, transformer: superjson, fetch: fetchAsPage };
  const link: TRPCLink<AppRouter> =
    kind === "stream" ? httpBatchStreamLink(options) : kind === "single" ? httpLink(options) : httpBatchLink(options);
  return { client: createTRPCClient<AppRouter>({ links: [link] }), jar, answers };
}

async function refusalOf(call: Promise<unknown>) {
  const error = await call.then(
    () => expect.unreachable("the call went through"),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TRPCClientError);
  return error as TRPCClientError<AppRouter>;
}

const sessionCount = () => server.db.prisma.session.count();

describe("SECURITY 40: a trusted origin gets CORS with credentials", () => {
  it("SECURITY 40: its preflight is answered at once, with credentials, tRPC's headers and a max age", async () => {
    const response = await server.fetch("/trpc/auth.signIn?batch=1", {
      method: "OPTIONS",
      headers: {
        origin: TRUSTED,
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type, trpc-accept, x-trpc-source",
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(TRUSTED);
    expect(response.headers.get("access-control-allow-credentials")).toBe("true");
    expect(response.headers.get("access-control-allow-methods")).toBe("GET, POST");
    const allowed = response.headers.get("access-control-allow-headers")!.split(/,\s*/);
    expect(allowed).toEqual(expect.arrayContaining(["content-type", "trpc-accept", "x-trpc-source"]));
    expect(Number(response.headers.get("access-control-max-age"))).toBeGreaterThanOrEqual(600);
    expect(response.headers.get("vary")).toMatch(/\bOrigin\b/);
    expect(response.headers.get("set-cookie")).toBeNull();
  });

  it.each<LinkKind>(["batch", "stream", "single"])(
    "SECURITY 40: its calls work with the session cookie, through a real @trpc/client (%s link)",
    async (kind) => {
      const { client, jar, answers } = clientFrom(TRUSTED, kind);
      const { user } = await client.auth.signIn.mutate({ email: "spa@example.com", password: PASSWORD });
      expect(user.email).toBe("spa@example.com");
      expect(jar.has("session")).toBe(true);
      expect((await client.auth.me.query())?.email).toBe("spa@example.com");
      for (const answer of answers) {
        expect(answer.headers.get("access-control-allow-origin")).toBe(TRUSTED);
        expect(answer.headers.get("access-control-allow-credentials")).toBe("true");
        expect(answer.headers.get("vary")).toMatch(/^Origin, trpc-accept, accept\b/);
      }
      await client.auth.signOut.mutate();
      expect(await client.auth.me.query()).toBeNull();
    },
  );
});

describe("SECURITY 40: every other origin is refused before any procedure runs, in tRPC's error shape", () => {
  it.each<LinkKind>(["batch", "stream", "single"])(
    "SECURITY 40: @trpc/client reads FORBIDDEN with reason ORIGIN_NOT_ALLOWED, and nothing ran (%s link)",
    async (kind) => {
      const { client, answers } = clientFrom(FOREIGN, kind);
      const before = await sessionCount();
      // The right password: were the procedure to run, it would make a session.
      const write = await refusalOf(client.auth.signIn.mutate({ email: "spa@example.com", password: PASSWORD }));
      expect(write.data).toMatchObject({ code: "FORBIDDEN", httpStatus: 403, reason: "ORIGIN_NOT_ALLOWED" });
      expect(write.message).toMatch(/TRUSTED_ORIGINS/);
      expect(await sessionCount()).toBe(before);
      const read = await refusalOf(client.health.query());
      expect(read.data).toMatchObject({ code: "FORBIDDEN", reason: "ORIGIN_NOT_ALLOWED" });
      for (const answer of answers) {
        expect(answer.status).toBe(403);
        expect(answer.headers.get("access-control-allow-origin")).toBeNull();
        expect(answer.headers.get("access-control-allow-credentials")).toBeNull();
        expect(answer.headers.get("set-cookie")).toBeNull();
      }
    },
  );

  it("SECURITY 40: an origin that is almost a trusted one is another origin", async () => {
    for (const origin of [`${TRUSTED}/`, TRUSTED.toUpperCase(), "http://spa.localhost", "https://spa.localhost:5173", "null"]) {
      const response = await server.fetch("/trpc/health", { headers: { origin } });
      expect(response.status, origin).toBe(403);
      expect(response.headers.get("access-control-allow-origin"), origin).toBeNull();
    }
  });

  it("SECURITY 40: its preflight is refused with no CORS header, so its browser sends nothing", async () => {
    const response = await server.fetch("/trpc/auth.signIn", {
      method: "OPTIONS",
      headers: { origin: FOREIGN, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
    });
    expect(response.status).toBe(403);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    const body = (await response.json()) as { error: { json: { data: { reason: string } } } };
    expect(body.error.json.data.reason).toBe("ORIGIN_NOT_ALLOWED");
  });
});

describe("SECURITY 40: without an Origin (a server calling), as before", () => {
  it("SECURITY 40: queries answer, with no CORS headers", async () => {
    const { client, answers } = clientFrom(null);
    expect((await client.health.query()).ok).toBe(true);
    expect(answers[0]!.headers.get("access-control-allow-origin")).toBeNull();
    expect(answers[0]!.headers.get("vary")).toMatch(/^trpc-accept, accept\b/);
  });

  it("SECURITY 20: writes are refused, in tRPC's error shape", async () => {
    const { client } = clientFrom(null);
    const before = await sessionCount();
    const error = await refusalOf(client.auth.signIn.mutate({ email: "spa@example.com", password: PASSWORD }));
    expect(error.data).toMatchObject({ code: "FORBIDDEN", reason: "ORIGIN_NOT_ALLOWED" });
    expect(await sessionCount()).toBe(before);
  });
});

describe("SECURITY 40: the session cookie for a cross-site page", () => {
  const signInCookie = async (env: Record<string, string>) => {
    const other = await startTestServer({ env });
    try {
      await other.db.prisma.user.create({
        data: { email: "site@example.com", name: "Site", role: "MEMBER", passwordHash: await hashPassword(PASSWORD) },
      });
      const origin = env.TRUSTED_ORIGINS!;
      const response = await other.fetch("/trpc/auth.signIn", {
        method: "POST",
        headers: { origin, "content-type": "application/json" },
        body: JSON.stringify({ json: { email: "site@example.com", password: PASSWORD } }),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("access-control-allow-origin")).toBe(origin);
      return response.headers.getSetCookie().find((line) => line.startsWith("__Host-session="))!;
    } finally {
      await other.close();
    }
  };

  it("SECURITY 40: is SameSite=None; Secure when APP_URL is https and a trusted origin is another site", async () => {
    const cookie = await signInCookie({ APP_URL: "https://app.example.com", TRUSTED_ORIGINS: "https://spa.example.net" });
    expect(cookie).toMatch(/; SameSite=None/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; HttpOnly/);
  });

  it("SECURITY 18: stays SameSite=Lax when every trusted origin is on APP_URL's site", async () => {
    const cookie = await signInCookie({ APP_URL: "https://app.example.com", TRUSTED_ORIGINS: "https://spa.example.com" });
    expect(cookie).toMatch(/; SameSite=Lax/);
  });
});
