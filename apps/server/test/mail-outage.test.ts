// SECURITY 31 with the worker as the server runs it: polling on its own timer, on the real
// clock, only with shorter intervals. Through an SMTP outage and a database error, every
// email arrives by itself, exactly once, and is recorded SENT.
import { randomBytes } from "node:crypto";
import { createServices, type Services } from "@invite/api";
import { createTestDatabase } from "@invite/db/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMailTransport, startOutboxWorker, type MailTransport, type OutboxWorker } from "../src/mail/index.ts";
import { databaseFault, type DatabaseFault } from "./support/database-fault.ts";
import { APP_URL, captureLogger, eventually, FROM, queueInvitationEmails } from "./support/outbox.ts";
import { startSmtpSink, type SmtpSink } from "./support/smtp-sink.ts";

let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
let fault: DatabaseFault;
let services: Services;
let sink: SmtpSink;
let transport: MailTransport;
let log: ReturnType<typeof captureLogger>;
let work: OutboxWorker | null = null;

beforeAll(async () => {
  testDb = await createTestDatabase();
  fault = databaseFault(testDb);
  // The real clock, as in the server.
  services = createServices({ db: testDb.db, config: { appUrl: APP_URL, version: "test" }, sealingKey: randomBytes(32) });
});
afterAll(async () => {
  await fault?.close();
  await testDb?.drop();
});

beforeEach(async () => {
  sink = await startSmtpSink();
  log = captureLogger();
  transport = createMailTransport({ smtpUrl: sink.url, from: FROM, logger: log.logger });
  await testDb.db.prisma.emailMessage.deleteMany();
});
afterEach(async () => {
  await work?.stop();
  work = null;
  await transport.close();
  await sink.close();
});

/** The worker main.ts starts, polling by itself; only its waits are short. */
function startWorker() {
  work = startOutboxWorker({
    services,
    transport,
    logger: log.logger,
    pollIntervalMs: 20,
    errorDelayMs: 50,
    batchSize: 5,
    backoff: () => 100,
  });
}

async function allSent() {
  return (await testDb.db.prisma.emailMessage.count({ where: { status: { not: "SENT" } } })) === 0;
}

/** Each queued email arrived once, with its own link, and its row says SENT. */
async function expectEachDeliveredOnce(emails: Array<{ to: string; token: string }>) {
  // Stopping waits for anything still in flight, so nothing can arrive after this.
  await work!.stop();
  expect(sink.messages).toHaveLength(emails.length);
  const received = new Map(sink.messages.map((mail) => [mail.envelopeTo.join(","), mail.text]));
  expect(received.size).toBe(emails.length);
  for (const email of emails) expect(received.get(email.to)).toContain(`${APP_URL}/invite/${email.token}`);
  for (const row of await testDb.db.prisma.emailMessage.findMany()) {
    expect(row).toMatchObject({ status: "SENT", lastError: null, sealedSecret: null });
  }
}

describe("the polling worker rides out outages by itself (SECURITY 31)", () => {
  it("the SMTP server is down, then back: every email arrives, once", async () => {
    await sink.down();
    const emails = await queueInvitationEmails(services, 12);
    startWorker();

    // Every email has been tried and refused at least twice: connections refused, kept queued.
    await eventually("every email failed twice", async () => {
      const rows = await testDb.db.prisma.emailMessage.findMany();
      return rows.every((row) => row.status === "QUEUED" && row.attempts >= 2 && row.lastError !== null);
    });
    expect(sink.messages).toHaveLength(0);
    expect(log.lines.some((line) => line.includes("will retry"))).toBe(true);

    await sink.up();
    await eventually("every email is SENT", allSent);
    await expectEachDeliveredOnce(emails);
  });

  it("the database fails mid-delivery and between rounds: every email arrives, once", async () => {
    const emails = await queueInvitationEmails(services, 15, { prefix: "first" });
    // The third email reaches the server; before it is answered, the database fails.
    let delivered = 0;
    sink.beforeAnswer(async () => {
      if (++delivered !== 3) return;
      sink.beforeAnswer(null);
      await fault.start();
    });
    startWorker();
    try {
      await log.waitFor(/could not record that an email was sent/);
    } finally {
      await fault.end();
    }
    await eventually("the first emails are SENT", allSent);

    // Now between rounds: the worker cannot read the outbox for a while.
    await fault.start();
    try {
      await log.waitFor(/cannot read the outbox/);
    } finally {
      await fault.end();
    }
    await log.waitFor(/outbox reachable again/);
    emails.push(...(await queueInvitationEmails(services, 5, { prefix: "later" })));
    await eventually("the later emails are SENT", allSent);

    await expectEachDeliveredOnce(emails);
  });
});
