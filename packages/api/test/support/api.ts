import { createTestDatabase } from "@invite/db/testing";
import { createCaller, createInnerContext, createServices, resolveSession, type Clock } from "../../src/index.ts";
import { hashPassword } from "../../src/auth/password.ts";
import { createSession } from "../../src/auth/session.ts";

/** A clock tests move by hand, for expiry. */
export class FakeClock implements Clock {
  constructor(private current = new Date("2026-01-05T10:00:00Z")) {}
  now() {
    return new Date(this.current);
  }
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** Records what a procedure did to the session cookie, as a browser would keep it. */
export class CookieJar {
  token: string | null = null;
  expiresAt: Date | null = null;
  /** The device cookie a sign-in leaves (auth/device-cookie.ts); signing out keeps it, as a browser does. */
  device: string | null = null;
  set(token: string, expiresAt: Date) {
    this.token = token;
    this.expiresAt = expiresAt;
  }
  clear() {
    this.token = null;
    this.expiresAt = null;
  }
}

export const STRONG_PASSWORD = "correct horse battery staple 42";

/** The API on a fresh database of this run's kind (TEST_DB), called in-process; TRUSTED_ORIGINS as given. */
export async function setupApi(options: { trustedOrigins?: string[] } = {}) {
  const testDb = await createTestDatabase();
  const clock = new FakeClock();
  const services = createServices({
    db: testDb.db,
    clock,
    config: { appUrl: "https://app.example.com", version: "test", trustedOrigins: options.trustedOrigins ?? [] },
  });
  const { prisma } = testDb.db;

  /** A caller as a browser holding `jar` from `ip` would be; the cookie is resolved like the server does. */
  async function caller(jar = new CookieJar(), ip = "203.0.113.7") {
    const session = await resolveSession(services, jar.token ?? undefined);
    return createCaller(
      createInnerContext(services, {
        request: { ip, userAgent: "vitest" },
        cookie: jar,
        deviceCookie: {
          value: jar.device,
          set: (value: string) => {
            jar.device = value;
          },
        },
        user: session?.user ?? null,
        sessionId: session?.sessionId ?? null,
      }),
    );
  }

  async function createUser(email: string, options: { role?: "ADMIN" | "MEMBER"; password?: string | null } = {}) {
    const password = options.password === undefined ? STRONG_PASSWORD : options.password;
    return prisma.user.create({
      data: {
        email,
        name: email.split("@")[0]!,
        role: options.role ?? "MEMBER",
        passwordHash: password ? await hashPassword(password) : null,
      },
    });
  }

  /** A browser signed in as a new user of that role. */
  async function signedIn(email: string, role: "ADMIN" | "MEMBER" = "MEMBER") {
    const user = await createUser(email, { role });
    const jar = new CookieJar();
    const { token, session } = await createSession(prisma, user.id, clock.now(), { ip: null, userAgent: "vitest" });
    jar.set(token, session.expiresAt);
    return { user, jar, api: await caller(jar) };
  }

  /** Lets work started after an answer finish, then drops the database. */
  async function close() {
    await services.background.settled();
    await testDb.drop();
  }

  return { services, clock, prisma, caller, createUser, signedIn, close };
}

export type TestApi = Awaited<ReturnType<typeof setupApi>>;
