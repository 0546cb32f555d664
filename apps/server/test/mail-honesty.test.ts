// The outbox records what really happened to each email: a send the SMTP server accepted is
// SENT, even when the database failed at that moment or a resend or revoke changed the row
// during the send, and it is never sent a second time because of either.
import { randomBytes } from "node:crypto";
import { createCaller, createInnerContext, createServices, REMINDER_TEMPLATE, type Services } from "@invite/api";
import { createTestDatabase } from "@invite/db/testing";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMailTransport, startOutboxWorker, type MailTransport, type OutboxWorker } from "../src/mail/index.ts";
import { databaseFault, type DatabaseFault } from "./support/database-fault.ts";
import { APP_URL, captureLogger, eventually, FakeClock, FROM, queueInvitationEmails } from "./support/outbox.ts";
import { startSmtpSink, type SmtpSink } from "./support/smtp-sink.ts";

const LEASE_MS = 120_000;
const silent = pino({ level: "silent" });

let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
let fault: DatabaseFault;
let clock: FakeClock;
let services: Services;
let sink: SmtpSink;
let transport: MailTransport;
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  testDb = await createTestDatabase();
  fault = databaseFault(testDb);
});
afterAll(async () => {
  await fault?.close();
  await testDb?.drop();
});

beforeEach(async () => {
  clock = new FakeClock();
  services = createServices({ db: testDb.db, clock, config: { appUrl: APP_URL, version: "test" }, sealingKey: randomBytes(32) });
  sink = await startSmtpSink();
  transport = createMailTransport({ smtpUrl: sink.url, from: FROM, logger: silent });
  await testDb.db.prisma.emailMessage.deleteMany();
});
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
  await transport.close();
  await sink.close();
});

function worker(options: Partial<Parameters<typeof startOutboxWorker>[0]> = {}): OutboxWorker {
  const started = startOutboxWorker({ services, transport, logger: silent, poll: false, leaseMs: LEASE_MS, ...options });
  cleanups.push(() => started.stop());
  return started;
}

/** An admin calling the API in-process, and an invitation it sent (its email queued). */
async function invitationByAdmin() {
  const admin = await testDb.db.prisma.user.create({
    data: { email: `admin-${randomBytes(4).toString("hex")}@example.com`, name: "Alice Martin", role: "ADMIN" },
    include: { accounts: { select: { provider: true } } },
  });
  const api = createCaller(createInnerContext(services, { user: admin, sessionId: "mail-honesty", request: { ip: null, userAgent: "vitest" } }));
  const created = await api.invitation.create({ email: `bob-${randomBytes(4).toString("hex")}@example.com` });
  return { api, invitation: created.invitation };
}

const emailsOf = (invitationId: string) =>
  testDb.db.prisma.emailMessage.findMany({ where: { invitationId, template: "invitation" }, orderBy: { createdAt: "asc" } });

describe("the outbox records what really happened", () => {
  it("a database failure between the SMTP server's accept and the record does not send the email again", async () => {
    await queueInvitationEmails(services, 1);
    const { logger, waitFor } = captureLogger();
    const work = worker({ logger });
    // The server has the email; before it says so, the database goes away.
    sink.beforeAnswer(async () => {
      sink.beforeAnswer(null);
      await fault.start();
    });

    const round = work.runOnce();
    try {
      await waitFor(/could not record/);
    } finally {
      await fault.end();
    }
    expect(await round).toBe(1);
    expect(sink.messages).toHaveLength(1);

    // Long past the lease that would bring an unrecorded send back.
    clock.advance(LEASE_MS + 1);
    expect(await work.runOnce()).toBe(0);
    clock.advance(24 * 3_600_000);
    expect(await work.runOnce()).toBe(0);
    expect(sink.messages).toHaveLength(1);
    const [row] = await testDb.db.prisma.emailMessage.findMany();
    expect(row).toMatchObject({ status: "SENT", attempts: 1, lastError: null, sealedSecret: null });
  });

  it("a revoke while the email is being sent: the email went out, so it is recorded SENT", async () => {
    const { api, invitation } = await invitationByAdmin();
    sink.beforeAnswer(async () => {
      sink.beforeAnswer(null);
      await api.invitation.revoke({ id: invitation.id });
    });

    expect(await worker().runOnce()).toBe(1);

    expect(sink.messages).toHaveLength(1);
    const [email] = await emailsOf(invitation.id);
    expect(email).toMatchObject({ status: "SENT", lastError: null, sealedSecret: null, attempts: 1 });
    expect(email!.sentAt).toEqual(clock.now());
    const view = await api.invitation.get({ id: invitation.id });
    expect(view.status).toBe("REVOKED");
    expect(view.delivery).toMatchObject({ status: "SENT", lastError: null });
  });

  it("a resend while the first email is being sent: both went out, both are SENT, each once", async () => {
    const { api, invitation } = await invitationByAdmin();
    sink.beforeAnswer(async () => {
      sink.beforeAnswer(null);
      await api.invitation.resend({ id: invitation.id });
    });
    const work = worker();

    expect(await work.runOnce()).toBe(1);
    expect(await work.runOnce()).toBe(1);
    clock.advance(LEASE_MS + 1);
    expect(await work.runOnce()).toBe(0);

    const emails = await emailsOf(invitation.id);
    expect(emails.map((email) => email.status)).toEqual(["SENT", "SENT"]);
    for (const email of emails) expect(email).toMatchObject({ lastError: null, sealedSecret: null, attempts: 1 });
    // The old link and the new one, one email each.
    expect(sink.messages).toHaveLength(2);
    const [first, second] = sink.messages.map((mail) => /\/invite\/([a-z2-7]{32})/.exec(mail.text)![1]);
    expect(first).not.toBe(second);
    // One reminder, for the new link only: the old link's send was recorded after the resend.
    const reminders = await testDb.db.prisma.emailMessage.findMany({ where: { invitationId: invitation.id, template: REMINDER_TEMPLATE } });
    expect(reminders).toHaveLength(1);
    expect(services.sealer.unseal(reminders[0]!.sealedSecret!)).toBe(second);
  });

  it("a resend while a send is refused: the superseded email stays FAILED as superseded and is not retried", async () => {
    const { api, invitation } = await invitationByAdmin();
    sink.refuseNext(1);
    sink.beforeAnswer(async () => {
      sink.beforeAnswer(null);
      await api.invitation.resend({ id: invitation.id });
    });
    const work = worker({ backoff: () => 0 });

    expect(await work.runOnce()).toBe(1); // the first email, refused (451)
    expect(await work.runOnce()).toBe(1); // the resent one
    clock.advance(LEASE_MS + 1);
    expect(await work.runOnce()).toBe(0);

    const [old, resent] = await emailsOf(invitation.id);
    expect(old).toMatchObject({ status: "FAILED", lastError: "Superseded by a newer link.", sentAt: null });
    expect(resent).toMatchObject({ status: "SENT", lastError: null });
    expect(sink.messages).toHaveLength(1);
  });

  it("holds its lease while a send outlasts it: no other process takes the email over", async () => {
    await queueInvitationEmails(services, 1);
    const leaseMs = 300;
    const work = worker({ leaseMs });
    const other = worker({ leaseMs });
    let takenOver = -1;
    sink.beforeAnswer(async () => {
      sink.beforeAnswer(null);
      // The send is slow: its first lease has long passed by the clock.
      clock.advance(10 * 60_000);
      await eventually(
        "the lease is extended",
        async () => (await testDb.db.prisma.emailMessage.findFirstOrThrow()).nextAttemptAt > clock.now(),
        5_000,
      ).catch(() => {});
      takenOver = await other.runOnce();
    });

    expect(await work.runOnce()).toBe(1);
    expect(takenOver).toBe(0);
    expect(sink.messages).toHaveLength(1);
    expect(await testDb.db.prisma.emailMessage.findFirstOrThrow()).toMatchObject({ status: "SENT", attempts: 1 });
  });

  it("gives every email a Message-ID made from its outbox row, so a repeat would be the same message", async () => {
    await queueInvitationEmails(services, 1);
    sink.refuseNext(1);
    const work = worker({ backoff: () => 0 });
    expect(await work.runOnce()).toBe(1);
    expect(await work.runOnce()).toBe(1);

    const [row] = await testDb.db.prisma.emailMessage.findMany();
    expect(row).toMatchObject({ status: "SENT", attempts: 2 });
    expect(sink.messages).toHaveLength(1);
    expect(sink.messages[0]!.headers.get("message-id")).toBe(`<outbox.${row!.id}@example.com>`);
    expect(sink.messages[0]!.raw).toContain(`Message-ID: <outbox.${row!.id}@example.com>`);
  });
});
