import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, request, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAdmin, hashPassword, RATE_LIMITS } from "@invite/api";
import { createApp } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import { renderEmail } from "../src/mail/index.ts";
import { startTestServer } from "./support/server.ts";

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

const PASSWORD = "a sturdy passphrase for hardening tests";
const json = { "content-type": "application/json" };

/** A tRPC mutation over HTTP in the wire format the client uses (superjson). */
function mutate(server: TestServer, procedure: string, input: unknown, headers: Record<string, string> = {}) {
  return server.fetch(`/trpc/${procedure}`, {
    method: "POST",
    headers: { origin: server.origin, ...json, ...headers },
    body: JSON.stringify({ json: input }),
  });
}

async function query<T>(server: TestServer, procedure: string, headers: Record<string, string>): Promise<T> {
  const response = await server.fetch(`/trpc/${procedure}`, { headers });
  expect(response.status, procedure).toBe(200);
  return ((await response.json()) as { result: { data: { json: T } } }).result.data.json;
}

async function reasonOf(response: Response): Promise<string | undefined> {
  return ((await response.json()) as { error?: { json?: { data?: { reason?: string } } } }).error?.json?.data?.reason;
}

const sessionCookieOf = (response: Response) => (response.headers.get("set-cookie") ?? "").split(";")[0]!;

/**
 * fetch cannot forge a Host header (it always sends the URL's), so requests that need one go
 * through node:http.
 */
function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? "GET", headers: options.headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

function expectNoStack(body: string) {
  expect(body).not.toMatch(/node_modules|\/work\/|[A-Z]:\\|\bat \S+ \(|URIError|Error:/);
}

describe("errors that reach Express answer in short JSON, never a stack", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it("a malformed URI is a 400 with a JSON body and no stack or paths", async () => {
    for (const route of ["/%E0%A4%A", "/invite/%E0%A4%A", "/auth/%E0%A4%A/start", "/assets/%E0%A4%A"]) {
      const response = await server.fetch(route);
      expect(response.status, route).toBe(400);
      expect(response.headers.get("content-type"), route).toMatch(/^application\/json/);
      const body = await response.text();
      expectNoStack(body);
      expect(JSON.parse(body), route).toEqual({ error: { reason: "BAD_REQUEST", message: "The request is malformed." } });
    }
    // Under /trpc, tRPC answers it itself, in its own error shape: also a 400 without a stack.
    const trpc = await server.fetch("/trpc/%E0%A4%A");
    expect(trpc.status).toBe(400);
    expectNoStack(await trpc.text());
  });

  it("an unexpected failure is a 500 with a generic JSON body; the error goes to the request log", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = pino({ level: "info" }, sink);
    const webDist = mkdtempSync(path.join(tmpdir(), "invite-web-"));
    writeFileSync(path.join(webDist, "index.html"), "<div id=root></div>");
    const failure = new Error("database driver exploded in /work/secret/driver.ts");
    // The real app, with a database whose health check throws instead of answering false.
    const services = { ...server.services, db: { ...server.services.db, ping: () => Promise.reject(failure) } };
    const app = createApp({ config: loadConfig({ APP_URL: server.origin, LOG_LEVEL: "silent" }), services, logger, webDist });
    const http = createServer(app);
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(http.address() as AddressInfo).port}/readyz`);
      expect(response.status).toBe(500);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      const body = await response.text();
      expectNoStack(body);
      expect(body).not.toContain("exploded");
      expect(JSON.parse(body)).toEqual({
        error: { reason: "INTERNAL_SERVER_ERROR", message: "Something went wrong on our side. Try again." },
      });
      const logged = lines.map((line) => JSON.parse(line) as { level: number; msg: string; err?: { message: string }; req?: unknown });
      const entry = logged.find((line) => line.msg === "request failed");
      expect(entry?.level).toBe(50);
      expect(entry?.err?.message).toBe(failure.message);
    } finally {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    }
  });
});

describe("HEAD and OPTIONS under the Origin check (SECURITY 20)", () => {
  let server: TestServer;
  let cookie = "";
  const me = async () => query<{ email: string } | null>(server, "auth.me", { cookie });

  beforeAll(async () => {
    server = await startTestServer();
    await server.db.prisma.user.create({
      data: { email: "methods@example.com", name: "Methods", role: "MEMBER", passwordHash: await hashPassword(PASSWORD) },
    });
    const response = await mutate(server, "auth.signIn", { email: "methods@example.com", password: PASSWORD });
    expect(response.status).toBe(200);
    cookie = sessionCookieOf(response);
  });
  afterAll(() => server?.close());

  // HEAD is exempt like GET (HTTP semantics): tRPC answers it with an empty 204 before any context or procedure.
  it("HEAD without an Origin passes, and cannot run a mutation: the session lives on", async () => {
    expect((await server.fetch("/healthz", { method: "HEAD" })).status).toBe(200);
    expect((await server.fetch("/sign-in", { method: "HEAD" })).status).toBe(200);
    const response = await server.fetch("/trpc/auth.signOut", { method: "HEAD", headers: { cookie } });
    expect(response.status).toBe(204);
    expect(response.headers.get("set-cookie")).toBeNull();
    expect((await me())?.email).toBe("methods@example.com");
  });

  // OPTIONS is not GET: only an origin in TRUSTED_ORIGINS gets a preflight answer (cross-origin.test.ts); others get the contract's 403.
  it("OPTIONS with a foreign Origin or none is refused with 403, without CORS headers", async () => {
    const preflight = { "access-control-request-method": "POST", "access-control-request-headers": "content-type" };
    for (const headers of [{ cookie }, { cookie, origin: "https://evil.example", ...preflight }]) {
      const response = await server.fetch("/trpc/auth.signOut", { method: "OPTIONS", headers });
      expect(response.status).toBe(403);
      expect(response.headers.get("access-control-allow-origin")).toBeNull();
    }
    expect((await server.fetch("/", { method: "OPTIONS" })).status).toBe(403);
    expect((await me())?.email).toBe("methods@example.com");
  });

  it("OPTIONS from our own Origin, with a JSON body, still reaches no mutation", async () => {
    const response = await server.fetch("/trpc/auth.signOut", {
      method: "OPTIONS",
      headers: { cookie, origin: server.origin, ...json },
      body: JSON.stringify({ json: null }),
    });
    expect(response.status).toBe(405);
    expect((await me())?.email).toBe("methods@example.com");
  });
});

describe("TRUST_PROXY unset: a forged X-Forwarded-For picks no bucket (SECURITY 21)", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it("the audit trail records the socket's address, not the forged one", async () => {
    await server.db.prisma.user.create({
      data: { email: "direct@example.com", name: "Direct", role: "MEMBER", passwordHash: await hashPassword(PASSWORD) },
    });
    const response = await mutate(server, "auth.signIn", { email: "direct@example.com", password: PASSWORD }, {
      "x-forwarded-for": "203.0.113.50",
    });
    expect(response.status).toBe(200);
    const event = await server.db.prisma.auditEvent.findFirstOrThrow({ where: { action: "auth.sign_in" } });
    expect(event.ip).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
  });

  it("rotating X-Forwarded-For still trips the per-IP sign-in limit", async () => {
    const limit = RATE_LIMITS.signInPerIp.points;
    // From an empty bucket, whatever ran before: the whole allowance is spent here.
    await server.db.prisma.rateLimit.deleteMany();
    const attempts = Array.from({ length: limit }, (_, i) => i);
    const statuses: number[] = [];
    // A different email and a different forged address each time: only the per-IP limit can trip.
    for (let i = 0; i < attempts.length; i += 10) {
      const wave = attempts.slice(i, i + 10).map((n) =>
        mutate(server, "auth.signIn", { email: `nobody-${n}@example.com`, password: "wrong" }, {
          "x-forwarded-for": `198.51.100.${n}`,
        }),
      );
      statuses.push(...(await Promise.all(wave)).map((response) => response.status));
    }
    expect(statuses.every((status) => status === 401)).toBe(true);

    const response = await mutate(server, "auth.signIn", { email: "one-more@example.com", password: "wrong" }, {
      "x-forwarded-for": "192.0.2.200",
    });
    expect(response.status).toBe(429);
    expect(await reasonOf(response)).toBe("RATE_LIMITED");
    const buckets = await server.db.prisma.rateLimit.findMany({ where: { key: { startsWith: "signInPerIp" } } });
    expect(buckets.map((bucket) => bucket.key)).toEqual([expect.stringMatching(/127\.0\.0\.1$/)]);
  });
});

describe("TRUST_PROXY=1: the address comes from the proxy's X-Forwarded-For (SECURITY 21)", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { TRUST_PROXY: "1" } });
    await server.db.prisma.user.create({
      data: { email: "proxied@example.com", name: "Proxied", role: "MEMBER", passwordHash: await hashPassword(PASSWORD) },
    });
  });
  afterAll(() => server?.close());

  it("the sign-in's audit event and session carry the address the proxy added, not one the client forged", async () => {
    // The client sent "192.0.2.66"; our one proxy appended the address it saw.
    const xff = { "x-forwarded-for": "192.0.2.66, 203.0.113.9" };
    const response = await mutate(server, "auth.signIn", { email: "proxied@example.com", password: PASSWORD }, xff);
    expect(response.status).toBe(200);
    const event = await server.db.prisma.auditEvent.findFirstOrThrow({ where: { action: "auth.sign_in" } });
    expect(event.ip).toBe("203.0.113.9");
    const sessions = await query<Array<{ ip: string; current: boolean }>>(server, "auth.sessions", {
      cookie: sessionCookieOf(response),
    });
    expect(sessions).toEqual([expect.objectContaining({ ip: "203.0.113.9", current: true })]);
  });

  it("each forwarded address has its own bucket", async () => {
    const limit = RATE_LIMITS.signInPerIp.points;
    const from = (ip: string, n: number) =>
      mutate(server, "auth.signIn", { email: `guess-${ip.replaceAll(".", "-")}-${n}@example.com`, password: "wrong" }, { "x-forwarded-for": ip });
    const statuses: number[] = [];
    for (let i = 0; i < limit; i += 10) {
      const wave = Array.from({ length: Math.min(10, limit - i) }, (_, k) => from("198.51.100.7", i + k));
      statuses.push(...(await Promise.all(wave)).map((response) => response.status));
    }
    expect(statuses.every((status) => status === 401)).toBe(true);

    const exhausted = await from("198.51.100.7", limit);
    expect(exhausted.status).toBe(429);
    expect(await reasonOf(exhausted)).toBe("RATE_LIMITED");
    // Another forwarded address, and the proxy's own (no header), are untouched.
    expect((await from("198.51.100.8", 0)).status).toBe(401);
    const direct = await mutate(server, "auth.signIn", { email: "no-header@example.com", password: "wrong" });
    expect(direct.status).toBe(401);
  });
});

describe("the session cookie and HSTS under an https APP_URL (SECURITY 18, 24)", () => {
  const appOrigin = "https://app.example.com";
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { APP_URL: appOrigin } });
    await server.db.prisma.user.create({
      data: { email: "secure@example.com", name: "Secure", role: "MEMBER", passwordHash: await hashPassword(PASSWORD) },
    });
  });
  afterAll(() => server?.close());

  it("a sign-in sets __Host-session with Secure, HttpOnly, SameSite=Lax, Path=/, Max-Age and no Domain", async () => {
    const response = await mutate(server, "auth.signIn", { email: "secure@example.com", password: PASSWORD }, { origin: appOrigin });
    expect(response.status).toBe(200);
    const setCookie = response.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^__Host-session=[a-z2-7]{24}\.[a-z2-7]{24};/);
    expect(setCookie).toMatch(/; Secure(;|$)/);
    expect(setCookie).toMatch(/; HttpOnly(;|$)/);
    expect(setCookie).toMatch(/; SameSite=Lax(;|$)/);
    expect(setCookie).toMatch(/; Path=\/(;|$)/);
    expect(setCookie).toMatch(/; Max-Age=[1-9]\d*(;|$)/);
    expect(setCookie).not.toMatch(/Domain=/i);
    // The session is read back from that name, and only from it.
    const cookie = sessionCookieOf(response);
    expect((await query<{ email: string } | null>(server, "auth.me", { cookie }))?.email).toBe("secure@example.com");
    expect(await query(server, "auth.me", { cookie: cookie.replace(/^__Host-/, "") })).toBeNull();
  });

  it("the Origin check compares against the https APP_URL", async () => {
    const response = await mutate(server, "auth.signIn", { email: "secure@example.com", password: PASSWORD });
    expect(response.status).toBe(403);
  });

  it("sends Strict-Transport-Security on every response", async () => {
    for (const route of ["/", "/healthz", "/trpc/health"]) {
      const hsts = (await server.fetch(route)).headers.get("strict-transport-security");
      expect(hsts, route).toMatch(/max-age=\d{7,}/);
    }
  });
});

describe("links come from APP_URL, never from the Host header (SECURITY 9)", () => {
  let server: TestServer;
  let cookie = "";
  beforeAll(async () => {
    // Behind a proxy Express would believe X-Forwarded-Host: the riskiest setting for this.
    server = await startTestServer({ env: { TRUST_PROXY: "1" } });
    await createAdmin(server.db.prisma, { email: "admin@example.com", name: "Admin", password: PASSWORD }, new Date());
    const response = await mutate(server, "auth.signIn", { email: "admin@example.com", password: PASSWORD });
    expect(response.status).toBe(200);
    cookie = sessionCookieOf(response);
  });
  afterAll(() => server?.close());

  it("invitation.create under a forged Host and X-Forwarded-Host returns and mails a link on APP_URL", async () => {
    const response = await rawRequest(`${server.origin}/trpc/invitation.create`, {
      method: "POST",
      headers: {
        host: "evil.example",
        "x-forwarded-host": "evil.example",
        "x-forwarded-proto": "https",
        origin: server.origin,
        cookie,
        ...json,
      },
      body: JSON.stringify({ json: { email: "invitee@example.com" } }),
    });
    expect(response.status).toBe(200);
    const { inviteUrl } = (JSON.parse(response.body) as { result: { data: { json: { inviteUrl: string } } } }).result.data.json;
    expect(inviteUrl).toMatch(new RegExp(`^${server.origin.replaceAll(".", "\\.")}/invite/[a-z2-7]{32}$`));

    const email = await server.db.prisma.emailMessage.findFirstOrThrow({ where: { to: "invitee@example.com" } });
    expect(email.payload).toMatchObject({ appUrl: server.origin });
    expect(JSON.stringify(email.payload)).not.toContain("evil");
    const rendered = await renderEmail(email.template, email.payload, server.services.sealer.unseal(email.sealedSecret!));
    expect(rendered.link).toBe(inviteUrl);
    expect(rendered.html).not.toContain("evil.example");
    expect(rendered.text).toContain(inviteUrl);
  });
});
