// SECURITY 31 and 32 under fire: real server processes on one PostgreSQL, clients sending a
// burst of invitations over HTTP, and every server connection to the database terminated
// several times meanwhile. Each answer is a success or a 503; each acknowledged invitation is
// whole and its email arrives exactly once; the servers recover without a restart.
import { createAdmin } from "@invite/api";
import { openDatabase, type Database } from "@invite/db";
import { createTestDatabase, type TestDatabase } from "@invite/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "./support/outbox.ts";
import { startServers, type ServerCluster, type ServerProcess } from "./support/processes.ts";
import { startSmtpSink, type SmtpSink } from "./support/smtp-sink.ts";

const onPostgres = process.env.TEST_DB === "postgres";
const CLIENTS = 4;
const TERMINATIONS = 6;
/** Per client, so the burst stays bounded whatever the machine's speed. */
const MAX_REQUESTS = 60;
const PASSWORD = "fault test admin passphrase 9";

interface Answer {
  email: string;
  status: number;
  reason: string | null;
  server: string;
}

// The embedded database lives inside one process: there are no server backends to terminate
// and no second process to share it, so this runs on PostgreSQL only.
describe.skipIf(!onPostgres)("faults: backends terminated under a burst of invitations (PostgreSQL only)", () => {
  let testDb: TestDatabase;
  let control: Database;
  let sink: SmtpSink;
  let cluster: ServerCluster;
  const answers: Answer[] = [];
  const ended: number[] = [];

  const why = (detail: unknown) => `${JSON.stringify(detail)}\n${cluster.diagnostics()}`;

  async function call(server: ServerProcess, path: string, input: unknown, session?: string) {
    const response = await server.fetch(`/trpc/${path}`, {
      method: "POST",
      headers: {
        origin: cluster.origin,
        "content-type": "application/json",
        // A fresh connection each time: a kept-alive one the server closes after idling 5 s
        // (slow sign-ins on a busy machine) could fail a request that never reached it.
        connection: "close",
        ...(session ? { cookie: `session=${session}` } : {}),
      },
      body: JSON.stringify({ json: input }),
    });
    const body = (await response.json().catch(() => ({}))) as { error?: { json?: { data?: { reason?: string } } } };
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith("session="));
    return { status: response.status, reason: body.error?.json?.data?.reason ?? null, session: cookie?.slice(8).split(";")[0] };
  }

  /** Ends every connection the servers have to the test database, from one of our own. */
  async function terminateBackends(): Promise<number> {
    const rows = await control.prisma.$queryRaw<Array<{ ended: boolean }>>`
      SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid()`;
    return rows.filter((row) => row.ended).length;
  }

  /**
   * Waits (briefly) until a server connection is inside a transaction between two statements,
   * or else busy at all, so the cut lands mid-request: between statements, `pg` later says the
   * client "is not queryable", with no SQLSTATE; during one, PostgreSQL's 57P01.
   */
  async function untilBusy(state: "idle in transaction" | "busy") {
    for (let i = 0; i < 100; i++) {
      const [row] = await control.prisma.$queryRaw<Array<{ busy: number }>>`
        SELECT count(*)::int AS busy FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()
          AND (state = ${state} OR (${state} = 'busy' AND state <> 'idle'))`;
      if (row!.busy > 0) return;
    }
  }

  beforeAll(async () => {
    testDb = await createTestDatabase("postgres");
    control = openDatabase({ url: testDb.url!, dataDir: testDb.dataDir });
    const admins = [];
    for (let i = 0; i < CLIENTS; i++) {
      admins.push(await createAdmin(testDb.db.prisma, { email: `admin${i}@example.com`, name: `Admin ${i}`, password: PASSWORD }, new Date()));
    }
    sink = await startSmtpSink();
    cluster = await startServers({
      count: 2,
      databaseUrl: testDb.url!,
      env: { SMTP_URL: sink.url, ADMIN_EMAIL: admins[0]!.email, ADMIN_PASSWORD: PASSWORD },
    });
    const servers = cluster.servers;

    const sessions = await Promise.all(
      admins.map(async (admin, i) => {
        const signedIn = await call(servers[i % 2]!, "auth.signIn", { email: admin.email, password: PASSWORD });
        expect(signedIn.status, why(signedIn)).toBe(200);
        return signedIn.session!;
      }),
    );

    let terminating = true;
    const clients = sessions.map(async (session, client) => {
      // Requests go on until the terminations are over, and a few after, up to a bound.
      let afterwards = 0;
      for (let n = 0; n < MAX_REQUESTS && (terminating || afterwards++ < 3); n++) {
        const server = servers[(client + n) % 2]!;
        const email = `c${client}-n${n}@example.com`;
        // No answer at all (the server dropped the connection) is recorded as status 0.
        const answer = await call(server, "invitation.create", { email }, session).catch((error: Error) => ({
          status: 0,
          reason: String(error.cause ?? error),
        }));
        answers.push({ email, status: answer.status, reason: answer.reason, server: server.name });
      }
    });
    try {
      for (let i = 0; i < TERMINATIONS; i++) {
        await untilBusy(i % 2 === 0 ? "idle in transaction" : "busy");
        ended.push(await terminateBackends());
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      terminating = false;
    }
    await Promise.all(clients);
    const byStatus = new Map<number, number>();
    for (const answer of answers) byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1);
    const summary = [...byStatus].map(([status, count]) => `${count}× ${status}`).join(", ");
    console.info(`faults: ${answers.length} invitation.create (${summary}); backends ended per termination ${JSON.stringify(ended)}`);
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
    await sink?.close();
    await control?.close();
    await testDb?.drop();
  }, 60_000);

  it("the terminations hit the servers' connections", () => {
    expect(ended.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it("every answer is a success or a 503 (SERVICE_UNAVAILABLE), never a 500", () => {
    const unexpected = answers.filter((answer) => answer.status !== 200 && !(answer.status === 503 && answer.reason === "SERVICE_UNAVAILABLE"));
    expect(unexpected, why(unexpected)).toEqual([]);
    expect(answers.some((answer) => answer.status === 200)).toBe(true);
  });

  it("a connection cut during the session lookup is a 503, though the database answers again at once", async () => {
    const [server] = cluster.servers;
    const { session } = await call(server!, "auth.signIn", { email: "admin1@example.com", password: PASSWORD });
    const email = "cut-during-lookup@example.com";
    const answer = await control.prisma.$transaction(
      async (tx) => {
        // The Session table is held, so the request's session lookup waits there; then its connection is cut.
        await tx.$executeRaw`LOCK TABLE "Session" IN ACCESS EXCLUSIVE MODE`;
        const request = call(server!, "invitation.create", { email }, session);
        let cut = false;
        for (let tries = 0; !cut && tries < 250; tries++) {
          // Looked up outside the transaction: inside one, pg_stat_activity stays as first read.
          const [waiting] = await control.prisma.$queryRaw<Array<{ pid: number }>>`
            SELECT pid FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%"Session"%'`;
          if (waiting) {
            cut = (await control.prisma.$queryRaw<Array<{ ok: boolean }>>`SELECT pg_terminate_backend(${waiting.pid}::int) AS ok`)[0]!.ok;
          }
          else await new Promise((resolve) => setTimeout(resolve, 20));
        }
        expect(cut, "the lookup's connection was found waiting and cut").toBe(true);
        return request;
      },
      { timeout: 20_000 },
    );
    expect(answer, why(answer)).toMatchObject({ status: 503, reason: "SERVICE_UNAVAILABLE" });
    expect(await testDb.db.prisma.invitation.count({ where: { email } })).toBe(0);
  });

  it("nothing is half-written: each invitation has its email and its audit event, and nothing exists without one", async () => {
    const { prisma } = testDb.db;
    const invitations = await prisma.invitation.findMany({ include: { emails: { where: { template: "invitation" } } } });
    const audits = await prisma.auditEvent.findMany({ where: { action: "invitation.create" } });
    for (const invitation of invitations) {
      expect(invitation.emails, invitation.email).toHaveLength(1);
      expect(audits.filter((audit) => audit.targetId === invitation.id), invitation.email).toHaveLength(1);
    }
    expect(audits).toHaveLength(invitations.length);
    expect(await prisma.emailMessage.count({ where: { invitationId: null } })).toBe(0);
    // A 503 kept nothing, unless its commit had landed just before the connection broke.
    const acknowledged = new Set(answers.filter((answer) => answer.status === 200).map((answer) => answer.email));
    for (const email of acknowledged) expect(invitations.some((invitation) => invitation.email === email), email).toBe(true);
  });

  it("every acknowledged invitation's email is delivered exactly once", async () => {
    const { prisma } = testDb.db;
    // Every email queued (an acknowledged invitation's, or one whose 503 came after its commit) is sent.
    // (Reminders, scheduled by these sends for a day from now, are not part of it.)
    const invitationEmails = { template: "invitation" };
    await eventually(
      "every queued email is SENT",
      async () => (await prisma.emailMessage.count({ where: { ...invitationEmails, status: { not: "SENT" } } })) === 0,
      40_000,
    );
    const rows = await prisma.emailMessage.findMany({ where: invitationEmails, select: { to: true } });
    const received = sink.messages.map((mail) => mail.envelopeTo.join(","));
    expect(received.toSorted(), why(received)).toEqual(rows.map((row) => row.to).toSorted());
    expect(new Set(received).size).toBe(received.length);
    for (const answer of answers.filter((answer) => answer.status === 200)) expect(received, answer.email).toContain(answer.email);
  });

  it("/readyz recovers and invitations go through again, with no restart", async () => {
    for (const server of cluster.servers) {
      const pid = server.child.pid;
      await eventually(`server ${server.name} is ready`, async () => (await server.fetch("/readyz")).status === 200, 10_000);
      expect(server.exited()).toBe(false);
      expect(server.child.pid).toBe(pid);
    }
    const signedIn = await call(cluster.servers[1]!, "auth.signIn", { email: "admin0@example.com", password: PASSWORD });
    expect(signedIn.status, why(signedIn)).toBe(200);
    for (const server of cluster.servers) {
      const created = await call(server, "invitation.create", { email: `after-${server.name}@example.com` }, signedIn.session);
      expect(created.status, why(created)).toBe(200);
    }
  });
});
