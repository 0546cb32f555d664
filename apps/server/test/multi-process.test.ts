// docs/SECURITY.md 33 (and 3, 21, 32): several real API processes on one PostgreSQL behave as one.
// Each server here is `node --import tsx apps/server/src/main.ts`, a separate OS process with
// its own connection pool and no shared memory; only the database joins them.
import { createAdmin } from "@invite/api";
import { openDatabase } from "@invite/db";
import { createTestDatabase, DEFAULT_TEST_POSTGRES_URL, type TestDatabase } from "@invite/db/testing";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLUSTER_ADMIN, startServers, type ServerCluster, type ServerProcess } from "./support/processes.ts";

const onPostgres = process.env.TEST_DB === "postgres";

/** What a tRPC call over HTTP gave back: status, the superjson-decoded body, any new session. */
interface Call {
  status: number;
  /** `result.data.json` on success. */
  data: unknown;
  /** `error.json` on failure. */
  error: { message: string; code: number; data: { code: string; httpStatus: number; reason: string | null } } | null;
  /** The `session` cookie's value when the response set one ("" when it cleared it). */
  session: string | undefined;
}

type TrpcBody = {
  result?: { data?: { json?: unknown } };
  error?: { json?: Call["error"] };
};

describe.skipIf(!onPostgres)("several server processes on one PostgreSQL", () => {
  let testDb: TestDatabase;
  let cluster: ServerCluster;
  let A: ServerProcess;
  let B: ServerProcess;

  beforeAll(async () => {
    testDb = await createTestDatabase("postgres");
    // The admin is made here, so the two servers' own first-admin step (ADMIN_EMAIL) finds it
    // and skips: started together on an empty database they race (see the last test).
    await createAdmin(testDb.db.prisma, { ...CLUSTER_ADMIN, name: "admin" }, new Date());
    cluster = await startServers({ count: 2, databaseUrl: testDb.url! });
    [A, B] = cluster.servers as [ServerProcess, ServerProcess];
    console.info(`multi-process: servers ready in ${cluster.servers.map((s) => `${s.name} ${s.startupMs} ms`).join(", ")}`);
  }, 120_000);

  afterAll(async () => {
    const codes = await cluster?.stop();
    if (codes) console.info(`multi-process: exit codes after SIGTERM ${JSON.stringify(codes)}`);
    await testDb?.drop();
  }, 60_000);

  async function read(response: Response): Promise<Call> {
    const text = await response.text();
    let body: TrpcBody;
    try {
      body = JSON.parse(text) as TrpcBody;
    } catch {
      body = { error: { json: { message: text, code: 0, data: { code: "NOT_JSON", httpStatus: response.status, reason: null } } } };
    }
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith("session="));
    return {
      status: response.status,
      data: body.result?.data?.json,
      error: body.error?.json ?? null,
      session: cookie?.slice("session=".length).split(";")[0],
    };
  }

  /** A non-batched tRPC mutation, sent with our own Origin as the SPA would. */
  async function mutate(server: ServerProcess, path: string, input: unknown, session?: string): Promise<Call> {
    const response = await server.fetch(`/trpc/${path}`, {
      method: "POST",
      headers: {
        origin: cluster.origin,
        "content-type": "application/json",
        ...(session ? { cookie: `session=${session}` } : {}),
      },
      body: JSON.stringify({ json: input }),
    });
    return read(response);
  }

  async function query(server: ServerProcess, path: string, input?: unknown, session?: string): Promise<Call> {
    const search = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
    const response = await server.fetch(`/trpc/${path}${search}`, {
      headers: session ? { cookie: `session=${session}` } : {},
    });
    return read(response);
  }

  /** Signs in and returns the new session token. */
  async function signIn(server: ServerProcess, email: string, password: string): Promise<string> {
    const call = await mutate(server, "auth.signIn", { email, password });
    expect(call.status, JSON.stringify(call.error)).toBe(200);
    expect(call.session).toBeTruthy();
    return call.session!;
  }

  /** A failing expectation's message: the call and what both servers wrote. */
  const why = (call: unknown) => `${JSON.stringify(call)}\n${cluster.diagnostics()}`;

  it("the sign-in rate limit answers 429 across two server processes", async () => {
    const email = "rate-limited@example.com";
    for (let attempt = 0; attempt < 10; attempt++) {
      const server = attempt % 2 === 0 ? A : B;
      const call = await mutate(server, "auth.signIn", { email, password: `wrong password ${attempt}` });
      expect(call.status, why(call)).toBe(401);
      expect(call.error?.data.reason).toBe("INVALID_CREDENTIALS");
    }
    // Each process saw only five attempts; the limit of ten is shared through the database.
    for (const server of [A, B]) {
      const call = await mutate(server, "auth.signIn", { email, password: "one more try" });
      expect(call.status, why(call)).toBe(429);
      expect(call.error?.data.reason).toBe("RATE_LIMITED");
      expect(call.error?.data.code).toBe("TOO_MANY_REQUESTS");
    }
  });

  it("concurrent failed sign-ins on two processes are all counted", async () => {
    const email = "burst@example.com";
    const calls = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        mutate(i % 2 === 0 ? A : B, "auth.signIn", { email, password: `burst password ${i}` }),
      ),
    );
    const statuses = calls.map((call) => call.status).sort();
    // Ten points per email: ten wrong-password answers, the rest refused, none lost to a race.
    expect(statuses.filter((status) => status === 401), why(calls)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429), why(calls)).toHaveLength(6);
  });

  it("sessions work across processes", async () => {
    const session = await signIn(A, CLUSTER_ADMIN.email, CLUSTER_ADMIN.password);

    const me = await query(B, "auth.me", undefined, session);
    expect(me.status, why(me)).toBe(200);
    expect(me.data).toMatchObject({ email: CLUSTER_ADMIN.email, role: "ADMIN" });

    const signOut = await mutate(B, "auth.signOut", null, session);
    expect(signOut.status, why(signOut)).toBe(200);
    expect(signOut.session).toBe("");

    const after = await query(A, "auth.me", undefined, session);
    expect(after.status, why(after)).toBe(200);
    expect(after.data).toBeNull();
    expect(after.session).toBe(""); // A also tells the browser to drop the dead cookie
  });

  it("concurrent accepts of one token across two processes give exactly one user", async () => {
    const admin = await signIn(A, CLUSTER_ADMIN.email, CLUSTER_ADMIN.password);
    const email = "racer@example.com";
    const created = await mutate(A, "invitation.create", { email }, admin);
    expect(created.status, why(created)).toBe(200);
    const { inviteUrl } = created.data as { inviteUrl: string };
    expect(inviteUrl.startsWith(`${cluster.origin}/invite/`)).toBe(true);
    const token = inviteUrl.slice(`${cluster.origin}/invite/`.length);

    const input = { token, password: "a strong passphrase for the invitee", name: "X" };
    const calls = await Promise.all(Array.from({ length: 10 }, (_, i) => mutate(i % 2 === 0 ? A : B, "invitation.accept", input)));

    const winners = calls.filter((call) => call.status === 200);
    const losers = calls.filter((call) => call.status !== 200);
    expect(winners, why(calls)).toHaveLength(1);
    for (const call of losers) {
      expect(call.status, why(call)).toBeGreaterThanOrEqual(400);
      expect(call.status, why(call)).toBeLessThan(500);
      expect(call.error?.data.reason, why(call)).toBeTruthy();
    }
    console.info(
      `multi-process: accept race answers ${JSON.stringify(calls.map((call) => `${call.status} ${call.error?.data.reason ?? "ok"}`))}`,
    );

    const { prisma } = testDb.db;
    const users = await prisma.$queryRaw<{ count: bigint }[]>`SELECT count(*) AS count FROM "User" WHERE email = ${email}`;
    expect(Number(users[0]!.count)).toBe(1);
    const invitation = await prisma.invitation.findFirstOrThrow({ where: { email } });
    expect(invitation.status).toBe("ACCEPTED");
    const user = await prisma.user.findUniqueOrThrow({ where: { email } });
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(1);

    // The winner's session is good on the process that did not create it too.
    const winner = winners[0]!;
    for (const server of [A, B]) {
      const me = await query(server, "auth.me", undefined, winner.session);
      expect(me.data, why(me)).toMatchObject({ email });
    }
  });

  describe("a database outage", () => {
    // Only this test's own database is touched: its connections are ended and new ones refused
    // for a moment; the shared PostgreSQL server keeps running for everyone else.
    const adminUrl = process.env.TEST_POSTGRES_URL || DEFAULT_TEST_POSTGRES_URL;
    let control: ReturnType<typeof openDatabase>;
    let dbName: string;
    let session: string;
    const outage: Record<string, Call | { status: number; body: unknown }> = {};

    const setConnections = (allow: boolean) =>
      control.prisma.$executeRawUnsafe(`ALTER DATABASE "${dbName}" WITH ALLOW_CONNECTIONS ${allow}`);

    beforeAll(async () => {
      dbName = new URL(testDb.url!).pathname.slice(1);
      expect(dbName).toMatch(/^invite_test_[0-9a-z]+_[0-9a-f]+$/); // safe to put in SQL below
      control = openDatabase({ url: adminUrl, dataDir: cluster.dataDir });
      session = await signIn(B, CLUSTER_ADMIN.email, CLUSTER_ADMIN.password);
      try {
        await setConnections(false);
        await control.prisma.$queryRaw`
          SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = ${dbName} AND pid <> pg_backend_pid()`;
        for (const server of [A, B]) {
          const ready = await server.fetch("/readyz");
          outage[`${server.name} /readyz`] = { status: ready.status, body: await ready.json() };
          outage[`${server.name} auth.me`] = await query(server, "auth.me", undefined, session);
          outage[`${server.name} auth.signIn`] = await mutate(server, "auth.signIn", {
            email: "someone@example.com",
            password: "whatever it is",
          });
          outage[`${server.name} health`] = await query(server, "health");
        }
        console.info(`multi-process: during the outage ${JSON.stringify(outage)}`);
      } finally {
        await setConnections(true);
      }
    }, 60_000);

    afterAll(async () => {
      await control?.close();
    });

    it("/readyz answers 503 while the database refuses connections", () => {
      for (const name of ["A", "B"]) {
        expect(outage[`${name} /readyz`], why(outage)).toEqual({ status: 503, body: { ok: false, database: "postgres" } });
      }
    });

    it("procedures answer 503 (SERVICE_UNAVAILABLE), not 500, while the database is down", () => {
      for (const key of ["A auth.me", "B auth.me", "A auth.signIn", "B auth.signIn"]) {
        const call = outage[key] as Call;
        expect(call.status, `${key}: ${why(call)}`).toBe(503);
        expect(call.error?.data.reason, key).toBe("SERVICE_UNAVAILABLE");
      }
    });

    it("errors during the outage reveal no internals (query text, file paths, database name)", () => {
      for (const key of ["A auth.me", "B auth.me", "A auth.signIn", "B auth.signIn"]) {
        const message = (outage[key] as Call).error?.message ?? "";
        expect(message, key).not.toMatch(/prisma|invocation|\.ts:\d+|node_modules/i);
        expect(message, key).not.toContain(dbName);
      }
    });

    it("service resumes without a restart", async () => {
      const pids = [A.child.pid, B.child.pid];
      for (const server of [A, B]) {
        const ready = await server.fetch("/readyz");
        expect(ready.status, why(await ready.text())).toBe(200);
        const me = await query(server, "auth.me", undefined, session);
        expect(me.status, why(me)).toBe(200);
        expect(me.data).toMatchObject({ email: CLUSTER_ADMIN.email });
        expect(server.exited()).toBe(false);
      }
      expect([A.child.pid, B.child.pid]).toEqual(pids);
      // A write goes through again as well.
      const other = await signIn(A, CLUSTER_ADMIN.email, CLUSTER_ADMIN.password);
      expect((await query(B, "auth.me", undefined, other)).data).toMatchObject({ email: CLUSTER_ADMIN.email });
    });
  });

  it("a server with HOST=127.0.0.1 listens there and nowhere else", async () => {
    expect((await A.fetch("/healthz")).status).toBe(200);
    // The machine's IPv6 loopback is up (a server of our own listens on it), yet A is not there.
    const probe = createServer();
    await new Promise<void>((resolve, reject) => probe.once("error", reject).listen(0, "::1", resolve));
    probe.close();
    const elsewhere = await fetch(`http://[::1]:${A.port}/healthz`).catch((error: Error) => error.cause ?? error);
    expect(elsewhere).toMatchObject({ code: "ECONNREFUSED" });
  });

  it("three processes started together on a migrated database with no admin all come up, with one admin", async () => {
    // A first deployment whose migrations ran as a release step (`pnpm db:migrate`): every
    // replica then runs the ADMIN_EMAIL bootstrap at the same moment.
    const fresh = await createTestDatabase("postgres");
    let trio: ServerCluster | undefined;
    try {
      trio = await startServers({ count: 3, databaseUrl: fresh.url! });
      console.info(`multi-process: no admin yet, servers ready in ${trio.servers.map((s) => `${s.startupMs} ms`).join(", ")}`);
      expect(await fresh.db.prisma.user.count({ where: { role: "ADMIN" } })).toBe(1);
    } finally {
      await trio?.stop();
      await fresh.drop();
    }
  }, 120_000);
});
