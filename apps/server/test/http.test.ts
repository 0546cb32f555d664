import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { createInvitation, hashPassword } from "@invite/api";
import type { User } from "@invite/db";
import { startTestServer } from "./support/server.ts";

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

const expectedKind = process.env.TEST_DB === "postgres" ? "postgres" : "embedded";

describe("HTTP surface", () => {
  it("GET /healthz says the process is up", async () => {
    const response = await server.fetch("/healthz");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it("GET /readyz says the database is reachable", async () => {
    const response = await server.fetch("/readyz");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, database: expectedKind });
  });

  it("the health procedure answers over tRPC with superjson", async () => {
    const response = await server.fetch("/trpc/health");
    expect(response.status).toBe(200);
    const body = (await response.json()) as { result: { data: { json: unknown } } };
    expect(body.result.data.json).toEqual({ ok: true, database: expectedKind, version: "test" });
  });

  it("serves the SPA for client routes, with security headers and a CSP", async () => {
    for (const route of ["/", "/sign-in", "/admin/invitations", "/invite/abc"]) {
      const response = await server.fetch(route);
      expect(response.status, route).toBe(200);
      expect(await response.text()).toContain("<div id=root>");
      expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
      expect(response.headers.get("referrer-policy")).toBe("no-referrer");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("x-powered-by")).toBeNull();
    }
  });

  it("an unknown procedure is a 404, not a 500", async () => {
    const response = await server.fetch("/trpc/nope");
    expect(response.status).toBe(404);
  });
});

describe("request protection", () => {
  const post = (headers: Record<string, string>, body: string) =>
    server.fetch("/trpc/health", { method: "POST", headers, body });

  it("refuses a write from a foreign Origin with 403", async () => {
    const response = await post({ origin: "https://evil.example", "content-type": "application/json" }, "{}");
    expect(response.status).toBe(403);
  });

  it("refuses a write with no Origin with 403", async () => {
    const response = await post({ "content-type": "application/json" }, "{}");
    expect(response.status).toBe(403);
  });

  it("refuses a text/plain body with 415", async () => {
    const response = await post({ origin: server.origin, "content-type": "text/plain" }, "{}");
    expect(response.status).toBe(415);
  });

  it("refuses malformed JSON with a 400", async () => {
    const response = await server.fetch("/trpc/auth.signIn", {
      method: "POST",
      headers: { origin: server.origin, "content-type": "application/json" },
      body: "{nope",
    });
    expect(response.status).toBe(400);
  });
});

describe("the 64 KB body limit comes before any hashing (SECURITY 15)", () => {
  const LIMIT = 64 * 1024;
  const password = "a sturdy passphrase for body limit tests";
  let admin: User;

  beforeAll(async () => {
    admin = await server.db.prisma.user.create({
      data: { email: "limit-admin@example.com", name: "Limit Admin", role: "ADMIN", passwordHash: await hashPassword(password) },
    });
    await server.db.prisma.user.create({
      data: { email: "limit-member@example.com", name: "Limit Member", role: "MEMBER", passwordHash: await hashPassword(password) },
    });
    await server.db.prisma.settings.upsert({ where: { id: 1 }, create: { id: 1, registration: "OPEN" }, update: { registration: "OPEN" } });
  });
  afterAll(() => server.db.prisma.settings.update({ where: { id: 1 }, data: { registration: "INVITE_ONLY" } }));

  /**
   * A valid call, padded with JSON whitespace to exactly `size` bytes: under the limit it runs
   * (and hashes); over it, it must be refused before the procedure, so nothing it does happens.
   */
  function send(procedure: string, input: unknown, size: number) {
    const call = JSON.stringify({ json: input });
    return server.fetch(`/trpc/${procedure}`, {
      method: "POST",
      headers: { origin: server.origin, "content-type": "application/json" },
      body: call + " ".repeat(size - Buffer.byteLength(call)),
    });
  }

  /** Every rate-limit bucket: each of these procedures spends a point before it hashes. */
  const buckets = () => server.db.prisma.rateLimit.findMany({ orderBy: { key: "asc" } });

  const calls = {
    "auth.signIn": async () => {
      const sessions = () => server.db.prisma.session.count({ where: { user: { email: "limit-member@example.com" } } });
      const before = await sessions();
      return { input: { email: "limit-member@example.com", password }, ran: async () => (await sessions()) > before };
    },
    "auth.completeSignUp": async () => {
      const email = `limit-signup-${crypto.randomUUID()}@example.com`;
      // A sign-up link as auth.signUp would have emailed it.
      const token = Array.from(crypto.getRandomValues(new Uint8Array(32)), (byte) => "abcdefghijklmnopqrstuvwxyz234567"[byte % 32]).join("");
      const expiresAt = new Date(Date.now() + 60 * 60 * 1000);
      await server.db.prisma.emailProof.create({ data: { tokenHash: new Uint8Array(createHash("sha256").update(token).digest()), email, expiresAt } });
      return {
        input: { token, name: "Walk In", password },
        ran: async () => (await server.db.prisma.user.count({ where: { email } })) > 0,
      };
    },
    "invitation.accept": async () => {
      const email = `limit-invitee-${crypto.randomUUID()}@example.com`;
      const { token } = await createInvitation(server.services, { user: admin, ip: null }, { email, role: "MEMBER" });
      return {
        input: { token, password },
        ran: async () => (await server.db.prisma.invitation.findFirstOrThrow({ where: { email } })).status === "ACCEPTED",
      };
    },
  };

  it.each(Object.keys(calls))("%s: a body just over 64 KB is a 413, and nothing ran: no point spent, nothing created", async (procedure) => {
    const { input, ran } = await calls[procedure as keyof typeof calls]();
    const before = await buckets();
    const response = await send(procedure, input, LIMIT + 1);
    expect(response.status).toBe(413);
    expect(await buckets()).toEqual(before);
    expect(await ran()).toBe(false);

    // The same call at 60 KB goes through, hashing: only its size was refused.
    const under = await send(procedure, input, 60 * 1024);
    expect(under.status).toBe(200);
    expect(await ran()).toBe(true);
  });

  it.each(Object.keys(calls))("%s: a 60 KB password fits the body limit and is refused by its field's bound, with nothing spent", async (procedure) => {
    const { input, ran } = await calls[procedure as keyof typeof calls]();
    const before = await buckets();
    const response = await send(procedure, { ...input, password: "x".repeat(60 * 1024) }, 61 * 1024);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { json: { data: { reason: string; fieldErrors?: Record<string, unknown> } } } };
    expect(body.error.json.data).toMatchObject({ reason: "VALIDATION_FAILED", fieldErrors: { password: expect.anything() } });
    expect(await buckets()).toEqual(before);
    expect(await ran()).toBe(false);
  });
});

describe("the session cookie over HTTP (SECURITY 18-20)", () => {
  const password = "a sturdy passphrase for http tests";
  let cookie = "";

  beforeAll(async () => {
    await server.db.prisma.user.create({
      data: { email: "cookie@example.com", name: "Cookie", role: "MEMBER", passwordHash: await hashPassword(password) },
    });
    const response = await server.fetch("/trpc/auth.signIn", {
      method: "POST",
      headers: { origin: server.origin, "content-type": "application/json" },
      body: JSON.stringify({ json: { email: "cookie@example.com", password } }),
    });
    expect(response.status).toBe(200);
    const setCookie = response.headers.get("set-cookie") ?? "";
    cookie = setCookie.split(";")[0]!;
    // HttpOnly, SameSite=Lax, Path=/, an explicit Max-Age, no Domain; plain http: no Secure.
    expect(setCookie).toMatch(/^session=[a-z2-7]{24}\.[a-z2-7]{24};/);
    expect(setCookie).toMatch(/; Max-Age=\d+/);
    expect(setCookie).toMatch(/; Path=\//);
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Lax/);
    expect(setCookie).not.toMatch(/Domain=/i);
    expect(setCookie).not.toMatch(/; Secure/);
  });

  const me = async (headers: Record<string, string>) => {
    const body = (await (await server.fetch("/trpc/auth.me", { headers })).json()) as { result: { data: { json: unknown } } };
    return body.result.data.json as { email: string } | null;
  };

  it("is read from the cookie only, never from an Authorization header", async () => {
    expect((await me({ cookie }))?.email).toBe("cookie@example.com");
    const token = cookie.slice("session=".length);
    expect(await me({ authorization: `Bearer ${token}` })).toBeNull();
  });

  it("a query cannot change anything: a mutation over GET is refused and the session lives on", async () => {
    const response = await server.fetch("/trpc/auth.signOut", { headers: { cookie } });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect((await me({ cookie }))?.email).toBe("cookie@example.com");
  });
});
